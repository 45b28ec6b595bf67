import { InputError } from "../../errors.js";
import { parseBillingCode } from "../billing-code.js";

/** Header comparison key: upper case letters and digits only ("CO- SURG" → "COSURG"). */
export function headerKey(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

/** Accepted spellings of one column; a name ending in "*" matches any header starting with it. */
export interface ColumnSpec {
  names: readonly string[];
  optional?: boolean;
}

/** Index of each wanted column in `header` (-1 when absent), and the required ones missing. */
export function locateColumns<K extends string>(
  header: readonly string[],
  wanted: Record<K, ColumnSpec>,
): { columns: Record<K, number>; missing: K[] } {
  const keys = header.map(headerKey);
  const columns = {} as Record<K, number>;
  const missing: K[] = [];
  for (const name of Object.keys(wanted) as K[]) {
    const spec = wanted[name];
    let index = -1;
    for (const spelling of spec.names) {
      const prefix = spelling.endsWith("*");
      const key = headerKey(spelling);
      index = keys.findIndex((k) => (prefix ? k.startsWith(key) : k === key));
      if (index >= 0) break;
    }
    if (index < 0 && spec.optional !== true) missing.push(name);
    columns[name] = index;
  }
  return { columns, missing };
}

/** Describes the accepted spellings of columns, for error messages. */
export function describeColumns<K extends string>(
  wanted: Record<K, ColumnSpec>,
  keys: readonly K[],
): string {
  return keys.map((k) => wanted[k].names.map((n) => `"${n}"`).join(" or ")).join("; ");
}

/**
 * Finds each wanted column in a header row by any of its accepted spellings (compared with
 * `headerKey`). A missing required column is an `InputError` naming the file and header line,
 * and listing the spellings accepted, so a user with an unexpected layout knows what to rename.
 */
export function mapColumns<K extends string>(
  file: string,
  line: number,
  header: readonly string[],
  wanted: Record<K, ColumnSpec>,
): Record<K, number> {
  const { columns, missing } = locateColumns(header, wanted);
  if (missing.length > 0) {
    throw new InputError(
      file,
      { line },
      `expected column(s) ${describeColumns(wanted, missing)} in the header; found ${header.map((h) => `"${h.trim()}"`).join(", ")}`,
    );
  }
  return columns;
}

/** A field by index ('' when the row is short or the column is absent). */
export function field(fields: readonly string[], index: number): string {
  return index < 0 ? "" : (fields[index] ?? "").trim();
}

const PLAIN_DECIMAL = /^-?(\d+\.?\d*|\.\d+)$/;

/**
 * Parses a decimal number; `InputError` with file, line and column (1-based) when the text is
 * not one. Empty text is an error unless `allowEmpty` (then null).
 */
export function parseDecimal(
  file: string,
  line: number,
  index: number,
  text: string,
  what: string,
): number {
  // Most fields are plain numbers: no copies without "$", commas or spaces (start-up of `check`).
  if (PLAIN_DECIMAL.test(text)) return Number(text);
  const cleaned = text.replace(/^\$/, "").replace(/,/g, "").trim();
  if (!PLAIN_DECIMAL.test(cleaned)) {
    throw new InputError(file, { line, column: index + 1 }, `${what} is not a number: "${text}"`);
  }
  return Number(cleaned);
}

/** `parseDecimal` that maps an empty field to null. */
export function parseOptionalDecimal(
  file: string,
  line: number,
  index: number,
  text: string,
  what: string,
): number | null {
  return text.trim() === "" ? null : parseDecimal(file, line, index, text, what);
}

/** Checks a code field, `InputError` naming the place when it is not a CPT/HCPCS code. */
export function requireHcpcs(file: string, line: number, index: number, text: string): string {
  const code = parseBillingCode(text);
  if (code === null) {
    throw new InputError(file, { line, column: index + 1 }, `"${text}" is not a CPT/HCPCS code`);
  }
  return code;
}
