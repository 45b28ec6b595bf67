import { InputError } from "../../errors.js";

/** One CSV record with the 1-based line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Splits RFC 4180 CSV text (quoted fields, doubled quotes, CRLF or LF) into records, keeping the
 * line each record starts on for error messages. Small and synchronous: claim batches are
 * kilobytes to a few megabytes, not the gigabytes the TiC ingester streams.
 */
export function parseCsvRecords(text: string, file: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let inQuotes = false;
  let quoteLine = 0;
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (c === "\n") line++;
        field += c;
      }
      continue;
    }
    if (c === '"') {
      if (field.length > 0) {
        throw new InputError(file, { line }, "a quote appears inside an unquoted field");
      }
      inQuotes = true;
      quoteLine = line;
    } else if (c === ",") {
      fields.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      fields.push(field);
      if (fields.length > 1 || fields[0] !== "") records.push({ line: recordLine, fields });
      fields = [];
      field = "";
      line++;
      recordLine = line;
    } else field += c;
  }
  if (inQuotes) throw new InputError(file, { line: quoteLine }, "a quoted field is never closed");
  fields.push(field);
  if (fields.length > 1 || fields[0] !== "") records.push({ line: recordLine, fields });
  return records;
}
