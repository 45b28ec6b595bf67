/**
 * A streaming CSV record reader (RFC 4180: comma-separated, fields optionally in double quotes,
 * `""` for a quote inside a quoted field, quoted fields may span lines; CRLF or LF).
 *
 * Hand-written rather than `csv-parse` because the NPPES file has a shape we can exploit: every
 * field is quoted and very few contain quotes or newlines, so most lines take a fast path (one
 * `split('","')` per line, no per-character state machine), and only the rare odd line goes
 * through the full parser. It also gives us exact physical line numbers for bad-row reports.
 */

/** One CSV record and the physical line it starts on (1 = header). */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/** A record that could not be parsed (unterminated quote, text after a closing quote). */
export interface CsvDefect {
  line: number;
  problem: string;
}

const FAST_SEPARATOR = '","';

/**
 * Splits one complete logical record. Returns the fields, or a problem description.
 * Fast path: `"a","b",...,"z"` with no other quote characters.
 */
export function parseCsvRecord(text: string): string[] | string {
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    const inner = text.slice(1, -1);
    const parts = inner.split(FAST_SEPARATOR);
    if (!parts.some((part) => part.includes('"'))) return parts;
  }
  const fields: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    if (i < n && text.charCodeAt(i) === 34) {
      // quoted field
      let value = "";
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) return `unterminated quoted field ${fields.length + 1}`;
        value += text.slice(j, q);
        if (text.charCodeAt(q + 1) === 34) {
          value += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === n) return fields;
      if (text.charCodeAt(i) !== 44) {
        return `text after the closing quote of field ${fields.length}`;
      }
      i++;
    } else {
      const comma = text.indexOf(",", i);
      const end = comma < 0 ? n : comma;
      const value = text.slice(i, end);
      if (value.includes('"')) return `stray quote in unquoted field ${fields.length + 1}`;
      fields.push(value);
      if (comma < 0) return fields;
      i = comma + 1;
    }
  }
}

/** Counts `"` characters: an odd running count means a quoted field continues on the next line. */
function quoteCount(text: string): number {
  let count = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) count++;
  return count;
}

/** Longest logical record we accept before declaring an unterminated quote (bounded memory). */
const MAX_RECORD_CHARS = 1_000_000;

/**
 * Reads records from text chunks, one batch (array) per chunk so the per-record cost stays a
 * plain function call rather than an async-generator round trip. Items are records or defects;
 * never throws on bad data, so the caller decides what is fatal. Memory is bounded by the chunk
 * size plus one record.
 */
export async function* csvRecordBatches(
  chunks: AsyncIterable<string>,
): AsyncGenerator<(CsvRecord | CsvDefect)[]> {
  let carry = "";
  let line = 0; // physical lines consumed
  let pending = ""; // a record spanning lines
  let pendingStart = 0;
  let pendingQuotes = 0;
  const handle = function* (physical: string): Generator<CsvRecord | CsvDefect> {
    line++;
    const text = physical.endsWith("\r") ? physical.slice(0, -1) : physical;
    if (pending === "") {
      const quotes = quoteCount(text);
      if (quotes % 2 === 0) {
        if (text === "") return;
        const parsed = parseCsvRecord(text);
        yield typeof parsed === "string" ? { line, problem: parsed } : { fields: parsed, line };
        return;
      }
      pending = text;
      pendingStart = line;
      pendingQuotes = quotes;
      return;
    }
    pending += `\n${text}`;
    pendingQuotes += quoteCount(text);
    if (pendingQuotes % 2 === 1 && pending.length <= MAX_RECORD_CHARS) return;
    const record = pending;
    const start = pendingStart;
    pending = "";
    if (pendingQuotes % 2 === 1) {
      yield {
        line: start,
        problem: `unterminated quoted field (record longer than ${MAX_RECORD_CHARS} characters)`,
      };
      return;
    }
    const parsed = parseCsvRecord(record);
    yield typeof parsed === "string"
      ? { line: start, problem: parsed }
      : { fields: parsed, line: start };
  };
  for await (const chunk of chunks) {
    const text = carry + chunk;
    const batch: (CsvRecord | CsvDefect)[] = [];
    let start = 0;
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", start)) {
      for (const item of handle(text.slice(start, nl))) batch.push(item);
      start = nl + 1;
    }
    carry = text.slice(start);
    if (batch.length > 0) yield batch;
  }
  const last: (CsvRecord | CsvDefect)[] = [];
  if (carry !== "") for (const item of handle(carry)) last.push(item);
  if (pending !== "") {
    last.push({ line: pendingStart, problem: "unterminated quoted field at end of file" });
  }
  if (last.length > 0) yield last;
}

/** Type guard: a defect rather than a record. */
export function isDefect(item: CsvRecord | CsvDefect): item is CsvDefect {
  return "problem" in item;
}
