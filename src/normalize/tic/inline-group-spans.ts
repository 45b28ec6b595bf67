import { backslashesBefore, ElementSkipper, SkipStop } from "../../sources/tic/json-skip.js";

/** The key whose values are recognised, as it appears in the raw bytes. */
const KEY = Buffer.from('"provider_groups"');
/** An item containing this escape is parsed as it is: its strings could look like markers. */
const NUL_ESCAPE = Buffer.from("\\u0000");
/** Values shorter than this are parsed where they are (a marker would save nothing). */
const MIN_SPAN_BYTES = 64;
/** Distinct values kept for one file in one thread, by their bytes; past it the table starts afresh. */
const MAX_STORED_BYTES = 32 * 1024 * 1024;
/** Items in a row without the key after which items are no longer searched (until a group is met). */
const MAX_MISSES = 32;
/** Values of one sampled hash kept at most (more are parsed where they are). */
const MAX_BUCKET = 16;
const SPACE = 0x20;
const TAB = 0x09;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;

/** A distinct `provider_groups` value, by its bytes. */
export interface GroupSpan {
  readonly bytes: Uint8Array;
  /** The parsed value, until the item's normaliser has given it a key. */
  value: unknown;
  keyed: boolean;
  /** Its group key, or undefined when the NPI filter drops it (once `keyed`). */
  key: number | undefined;
}

const decoder = new TextDecoder("utf-8", { fatal: false });

/**
 * Recognises the inline `provider_groups` values of an item in its raw bytes, before it is parsed.
 * A schema 1.x file repeats the same few hundred values on every rate, and they are most of its
 * bytes (the synthetic payer's inline files: 70 %, 16,565 rates naming 999 distinct values), so
 * parsing every copy was most of such a file's cost. Each value's bytes are looked up among those
 * seen before (a sampled hash, then a byte comparison); the item is parsed with a short marker
 * string in place of each value, and a value is parsed once, the first time its bytes are met.
 * Written by hand: a JSON parser cannot be told to leave a member unparsed.
 *
 * Markers are `"\u0000<n>"`, `n` an index into this item's spans. An item whose bytes contain the
 * escape `\u0000` is parsed as it is, so a string of the file is never taken for a marker.
 */
export class InlineGroupSpans {
  private readonly byHash = new Map<number, GroupSpan[]>();
  /** The spans of the current item, by marker number. */
  private readonly current: GroupSpan[] = [];
  private storedBytes = 0;
  private scratch = Buffer.allocUnsafe(1 << 16);
  private readonly skipper = new ElementSkipper();
  /** Whether the current item's text has markers (only then is a marker-like string a marker). */
  private marked = false;
  /**
   * Items are searched while the file has inline groups: the search costs ~0.7 CPU-s per GB, wasted
   * on a file of provider references. It stops after `MAX_MISSES` items without the key, and starts
   * again when a group is met parsed in place (`inlineGroupParsed`).
   */
  private searching = true;
  private misses = 0;

  /**
   * The text to parse for the item `bytes[start, end)`: with markers in place of its inline groups,
   * or as it is when it has none or anything about them is unusual (the plain parse then reports it).
   */
  itemText(bytes: Uint8Array, start: number, end: number): string {
    this.marked = false;
    this.current.length = 0;
    const item = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start);
    if (!this.searching) return decoder.decode(item);
    let at = item.indexOf(KEY);
    if (at < 0) {
      if (++this.misses >= MAX_MISSES) this.searching = false;
      return decoder.decode(item);
    }
    this.misses = 0;
    if (item.indexOf(NUL_ESCAPE) >= 0) return decoder.decode(item);
    if (this.storedBytes > MAX_STORED_BYTES) {
      this.byHash.clear();
      this.storedBytes = 0;
    }
    this.skipper.newChunk();
    let length = 0;
    let copied = 0;
    while (at >= 0) {
      const valueStart = this.valueStart(item, at);
      if (valueStart < 0) {
        at = item.indexOf(KEY, at + KEY.length);
        continue;
      }
      const close = this.skipper.skip(item, valueStart, 2);
      if (this.skipper.stop !== SkipStop.ElementEnd) return decoder.decode(item);
      const valueEnd = close + 1;
      if (valueEnd - valueStart >= MIN_SPAN_BYTES) {
        const span = this.spanOf(item, valueStart, valueEnd);
        if (span === null) return decoder.decode(item);
        if (span !== undefined) {
          const marker = `"\\u0000${this.current.length}"`;
          this.current.push(span);
          length = this.append(item, copied, valueStart, length);
          length += this.scratch.write(marker, length, "latin1");
          copied = valueEnd;
        }
      }
      at = item.indexOf(KEY, valueEnd);
    }
    if (this.current.length === 0) return decoder.decode(item);
    length = this.append(item, copied, item.length, length);
    this.marked = true;
    return decoder.decode(this.scratch.subarray(0, length));
  }

  /** An inline group was parsed where it is: search the next items again. */
  inlineGroupParsed(): void {
    this.searching = true;
    this.misses = 0;
  }

  /** The span a marker stands for, or undefined when `value` is not a marker of the current item. */
  spanOfMarker(value: unknown): GroupSpan | undefined {
    if (!this.marked || typeof value !== "string" || value.charCodeAt(0) !== 0) return undefined;
    return this.current[Number(value.slice(1))];
  }

  /** Where the value of the key found at `at` starts (its `[`), or -1 when this is no key of an array. */
  private valueStart(item: Buffer, at: number): number {
    if (backslashesBefore(item, at, 0) % 2 === 1) return -1; // inside a string: \"provider_groups\"
    let i = skipSpace(item, at + KEY.length);
    if (item[i] !== COLON) return -1;
    i = skipSpace(item, i + 1);
    return item[i] === OPEN_BRACKET ? i : -1;
  }

  /**
   * The distinct value with these bytes, added (and parsed) on first sight; undefined when its hash
   * bucket is full (parsed where it is), null when the bytes are not JSON (the item is parsed as is).
   */
  private spanOf(item: Buffer, from: number, to: number): GroupSpan | undefined | null {
    const hash = sampledHash(item, from, to);
    const bucket = this.byHash.get(hash);
    const length = to - from;
    if (bucket !== undefined) {
      for (const span of bucket) {
        if (span.bytes.length === length && item.compare(span.bytes, 0, length, from, to) === 0) {
          return span;
        }
      }
      if (bucket.length >= MAX_BUCKET) return undefined;
    }
    const bytes = item.subarray(from, to);
    let value: unknown;
    try {
      value = JSON.parse(decoder.decode(bytes));
    } catch {
      return null;
    }
    const span: GroupSpan = { bytes: new Uint8Array(bytes), value, keyed: false, key: undefined };
    if (bucket === undefined) this.byHash.set(hash, [span]);
    else bucket.push(span);
    this.storedBytes += length;
    return span;
  }

  /** Copies `item[from, to)` to the scratch text at `length`; returns the new length. */
  private append(item: Buffer, from: number, to: number, length: number): number {
    const needed = length + (to - from) + 64;
    if (needed > this.scratch.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.scratch.length * 2));
      grown.set(this.scratch.subarray(0, length));
      this.scratch = grown;
    }
    this.scratch.set(item.subarray(from, to), length);
    return length + (to - from);
  }
}

function skipSpace(bytes: Uint8Array, from: number): number {
  let i = from;
  for (;;) {
    const byte = bytes[i];
    if (byte !== SPACE && byte !== NEWLINE && byte !== RETURN && byte !== TAB) return i;
    i++;
  }
}

/**
 * A hash of the length and of up to 64 bytes spread over `[from, to)`: cheap whatever the size, and
 * the byte comparison that follows decides. Values that differ only between the sampled bytes share
 * a bucket, at the cost of a comparison.
 */
export function sampledHash(bytes: Uint8Array, from: number, to: number): number {
  const length = to - from;
  let hash = Math.imul(length, 0x9e3779b1);
  const step = Math.max(1, Math.floor(length / 64));
  for (let i = to - 1; i >= from; i -= step) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash;
}
