/**
 * CSV field writers for the staging files of the string-bearing tables (items, terms, provider
 * groups, allowed amounts), which DuckDB's CSV reader loads on its own threads; the row appender
 * with string and list values was slower (~0.55 M rows/s, ~0.08 M with lists, on this machine).
 * Lists travel as JSON text decoded in SQL (`from_json`; NPIs by a list cast). The big numeric
 * tables do not pass through CSV at all (`rate-columns.ts`).
 */

const NEEDS_QUOTES = /[",\n\r]/;

/**
 * A VARCHAR field: empty for NULL, quoted when needed (an empty string is quoted so it stays '').
 * `native/reference-groups.h` quotes group lines the same way (`appendCsvText`, `appendNetworks`).
 */
export function csvText(value: string | undefined): string {
  if (value === undefined) return "";
  if (value.length === 0) return '""';
  if (!NEEDS_QUOTES.test(value)) return value;
  return `"${value.replaceAll('"', '""')}"`;
}

const listCache = new Map<string, string>();

/** A list field, as quoted JSON text (NULL when absent). Short lists repeat a lot: cached. */
export function csvList(values: readonly string[] | undefined): string {
  if (values === undefined) return "";
  // The key must tell [] from [""] (both join to ""), and a NUL inside a value from a separator.
  if (
    values.length === 0 ||
    values.some((value) => value.length === 0 || value.includes("\u0000"))
  ) {
    return jsonListField(values);
  }
  const key = values.join("\u0000");
  let text = listCache.get(key);
  if (text === undefined) {
    text = jsonListField(values);
    if (listCache.size < 10_000) listCache.set(key, text);
  }
  return text;
}

function jsonListField(values: readonly string[]): string {
  return `"${JSON.stringify(values).replaceAll('"', '""')}"`;
}

/**
 * CSV lines accumulated as UTF-8 bytes in one growable buffer: no array of millions of small strings
 * to join, and the result is a standalone `ArrayBuffer` a worker can transfer instead of copying a
 * string (measured: the join and the copy cost ~4 CPU-s per GB of unfiltered input).
 */
export class CsvBytes {
  private buffer: Buffer;
  private used = 0;

  constructor(capacity = 1 << 20) {
    // allocUnsafeSlow: never a slice of Node's shared pool, so the ArrayBuffer can be transferred.
    this.buffer = Buffer.allocUnsafeSlow(capacity);
  }

  /** Appends one or more complete lines. */
  push(text: string): void {
    // A UTF-16 code unit takes at most 3 UTF-8 bytes.
    if (this.used + text.length * 3 > this.buffer.length) this.grow(text.length * 3);
    this.used += this.buffer.write(text, this.used, "utf8");
  }

  /**
   * Appends one line: `prefix`, the numbers (whole numbers ≥ 0) as a quoted JSON list, `suffix`
   * (which ends the line); `"[null]"` when there are none. A provider's NPIs go on one line and
   * DuckDB unnests them: one line per NPI repeated the rest of the line for each, and the CSV
   * reader then parsed each copy (three times the bytes, a third more of the load).
   */
  pushList(prefix: string, numbers: readonly number[], suffix: string): void {
    // 16 digits and a comma cover every whole number below 2^53.
    const room = (prefix.length + suffix.length) * 3 + 17 * numbers.length + 8;
    if (this.used + room > this.buffer.length) this.grow(room);
    const buffer = this.buffer;
    let at = this.used + buffer.write(prefix, this.used, "utf8");
    buffer[at++] = 0x22; // "
    buffer[at++] = 0x5b; // [
    if (numbers.length === 0) at += buffer.write("null", at, "latin1");
    for (let n = 0; n < numbers.length; n++) {
      if (n > 0) buffer[at++] = 0x2c; // ,
      at = writeWholeNumber(buffer, at, numbers[n]!);
    }
    buffer[at++] = 0x5d; // ]
    buffer[at++] = 0x22; // "
    this.used = at + buffer.write(suffix, at, "utf8");
  }

  /** Appends one line: `prefix`, then `tail` (UTF-8 bytes that end the line). */
  pushLine(prefix: string, tail: Uint8Array): void {
    const room = prefix.length * 3 + tail.length;
    if (this.used + room > this.buffer.length) this.grow(room);
    this.used += this.buffer.write(prefix, this.used, "utf8");
    this.buffer.set(tail, this.used);
    this.used += tail.length;
  }

  /** Appends bytes that hold complete lines (UTF-8). */
  pushBytes(bytes: Uint8Array): void {
    if (this.used + bytes.length > this.buffer.length) this.grow(bytes.length);
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** Starts again from empty, keeping the buffer (its earlier `bytes()` views are then stale). */
  clear(): void {
    this.used = 0;
  }

  /** Bytes written so far. */
  get length(): number {
    return this.used;
  }

  /** The bytes written (a view on the buffer: push no more afterwards). */
  bytes(): Uint8Array {
    return new Uint8Array(this.buffer.buffer, this.buffer.byteOffset, this.used);
  }

  private grow(atLeast: number): void {
    const next = Buffer.allocUnsafeSlow(Math.max(this.buffer.length * 2, this.used + atLeast));
    this.buffer.copy(next, 0, 0, this.used);
    this.buffer = next;
  }
}

/** Writes the decimal digits of a whole number ≥ 0 (below 2^53) at `at`; returns the end. */
function writeWholeNumber(buffer: Buffer, at: number, value: number): number {
  let digits = 1;
  for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  let rest = value;
  for (let i = at + digits - 1; i >= at; i--) {
    buffer[i] = 0x30 + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  return at + digits;
}

/** A numeric field (NULL when absent). */
export function csvNumber(value: number | undefined): string {
  return value === undefined ? "" : String(value);
}
