import { InputError } from "../../errors.js";
import { readTextLines, type ByteCount } from "./read-text-lines.js";

/** One logical CSV record with the 1-based line number where it starts. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
}

/**
 * Streams the records of a delimited text file (RFC 4180 quoting, fields may span lines).
 * Reference files are published as CSV (CMS PFS, NCCI, NUCC) or tab-delimited text (CMS NCCI
 * `.txt`); the delimiter is detected from the first non-empty line unless given. A byte-order
 * mark is dropped. An unterminated quote at the end of the file is an `InputError` naming the
 * line and column where the field began.
 */
export async function* readCsvRecords(
  file: string,
  options: { delimiter?: string; count?: ByteCount } = {},
): AsyncGenerator<CsvRecord> {
  const lines = readTextLines(file, options.count);
  let delimiter = options.delimiter;
  let lineNumber = 0;
  let pending: { line: number; fields: string[]; open: OpenField } | null = null;
  try {
    for await (const raw of lines) {
      lineNumber++;
      const text = lineNumber === 1 ? raw.replace(/^\uFEFF/, "") : raw;
      if (pending !== null) {
        const continued = continueRecord(
          pending.fields,
          pending.open,
          `\n${text}`,
          pending.open.delimiter,
        );
        if (continued === null) {
          yield { line: pending.line, fields: pending.fields };
          pending = null;
        } else {
          pending.open = continued;
        }
        continue;
      }
      // Preamble lines with neither a tab nor a comma (CMS copyright notes) do not decide the delimiter.
      if (delimiter === undefined && !text.includes("\t") && !text.includes(",")) {
        yield { line: lineNumber, fields: [text] };
        continue;
      }
      delimiter ??= detectDelimiter(text);
      // Without a quote the fields are the pieces between delimiters: one split instead of
      // building each field a character at a time (most of reference loading's garbage).
      if (!text.includes('"')) {
        yield { line: lineNumber, fields: text.split(delimiter) };
        continue;
      }
      const fields: string[] = [];
      const open = continueRecord(
        fields,
        { text: "", quoted: false, column: 1, delimiter, started: false },
        text,
        delimiter,
      );
      if (open === null) yield { line: lineNumber, fields };
      else pending = { line: lineNumber, fields, open };
    }
  } finally {
    await lines.return(undefined);
  }
  if (pending !== null) {
    throw new InputError(
      file,
      { line: pending.line, column: pending.open.column },
      "a quoted field is never closed (unbalanced double quote)",
    );
  }
}

/** State of a field that continues on the next physical line. */
interface OpenField {
  text: string;
  quoted: boolean;
  column: number;
  delimiter: string;
  started: boolean;
}

/** Tab if the line has more tabs than commas, else comma. */
export function detectDelimiter(line: string): string {
  const tabs = line.split("\t").length;
  const commas = line.split(",").length;
  return tabs > commas ? "\t" : ",";
}

/**
 * Parses `chunk` into `fields`, resuming a field left open by the previous physical line.
 * Returns null when the record is complete, or the still-open quoted field.
 */
function continueRecord(
  fields: string[],
  open: OpenField,
  chunk: string,
  delimiter: string,
): OpenField | null {
  let field = open.text;
  let quoted = open.quoted;
  let fieldStart = open.column;
  let started = open.started;
  for (let i = 0; i < chunk.length; i++) {
    const ch = chunk.charAt(i);
    if (quoted) {
      if (ch === '"') {
        if (chunk[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += ch;
      }
    } else if (ch === delimiter) {
      fields.push(field);
      field = "";
      started = false;
      fieldStart = i + 2;
    } else if (ch === '"' && !started) {
      quoted = true;
      started = true;
    } else {
      field += ch;
      started = true;
    }
  }
  if (quoted) return { text: field, quoted, column: fieldStart, delimiter, started };
  fields.push(field);
  return null;
}

/** True when every field is blank (spacer rows in CMS files). */
export function isBlankRecord(fields: readonly string[]): boolean {
  return fields.every((field) => field.trim() === "");
}
