import { InputError } from "../../errors.js";
import { field } from "./columns.js";
import { readTable } from "./read-table.js";
import { readTextLines } from "./read-text-lines.js";

/** One ICD-10-CM tabular entry. */
export interface Icd10Row {
  /** With the dot, as printed: "M47.812". */
  code: string;
  title: string;
  /** From the CDC order file's flag; null where the layout has none (inferred later from the hierarchy). */
  billable: boolean | null;
}

/** "M47812" → "M47.812"; already-dotted codes are kept. */
export function dottedIcd10(code: string): string {
  const c = code.trim().toUpperCase();
  if (c.includes(".") || c.length <= 3) return c;
  return `${c.slice(0, 3)}.${c.slice(3)}`;
}

const ICD10 = /^[A-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?$/;
/** CDC order file: "00001 A00     0 Cholera                  Cholera" (order, code, billable flag, short and long titles). */
const ORDER_LINE = /^(\d{5}) ([A-Z0-9]{3,7})\s+([01]) (.{60}) (.*)$/;
/** CDC codes file: "A000    Cholera due to Vibrio cholerae 01, biovar cholerae". */
const CODES_LINE = /^([A-Z][0-9][0-9A-Z]{1,5})\s+(\S.*)$/;

/**
 * Parses ICD-10-CM in any of three layouts: a CSV with "Code" and "Description" columns (as
 * bundled), CDC's `icd10cm-codes-YYYY.txt` (code, spaces, title) or CDC's
 * `icd10cm-order-YYYY.txt` (fixed width, with the billable flag). Long titles are kept.
 */
export async function parseIcd10File(file: string): Promise<Icd10Row[]> {
  const first = await firstLine(file);
  if (ORDER_LINE.test(first) || (CODES_LINE.test(first) && !first.slice(0, 8).includes(","))) {
    return parseFixedWidth(file);
  }
  const rows: Icd10Row[] = [];
  const wanted = {
    code: { names: ["Code", "ICD-10-CM Code", "ICD10 Code", "icd10cm", "code"] },
    title: { names: ["Description", "Long Description", "Title", "description"] },
  };
  for await (const { line, fields, columns: c } of readTable(file, wanted, {
    what: "ICD-10-CM code file",
  })) {
    const code = dottedIcd10(field(fields, c.code));
    if (!ICD10.test(code)) {
      throw new InputError(
        file,
        { line, column: c.code + 1 },
        `"${field(fields, c.code)}" is not an ICD-10-CM code`,
      );
    }
    rows.push({ code, title: field(fields, c.title), billable: null });
  }
  return rows;
}

async function parseFixedWidth(file: string): Promise<Icd10Row[]> {
  const rows: Icd10Row[] = [];
  let line = 0;
  for await (const raw of readTextLines(file)) {
    line++;
    if (raw.trim() === "") continue;
    const order = ORDER_LINE.exec(raw);
    if (order !== null) {
      rows.push({
        code: dottedIcd10(order[2]!),
        title: order[5]!.trim(),
        billable: order[3] === "1",
      });
      continue;
    }
    const codes = CODES_LINE.exec(raw);
    if (codes === null) {
      throw new InputError(
        file,
        { line, column: 1 },
        "expected an ICD-10-CM code followed by its title",
      );
    }
    rows.push({ code: dottedIcd10(codes[1]!), title: codes[2]!.trim(), billable: null });
  }
  if (rows.length === 0) throw new InputError(file, { line }, "no ICD-10-CM codes");
  return rows;
}

async function firstLine(file: string): Promise<string> {
  for await (const raw of readTextLines(file)) return raw.replace(/^\uFEFF/, "");
  return "";
}

/**
 * Codes that are category headers (not billable): a code is a header when another code extends
 * it ("M47.81" has "M47.812"). Used where the file has no billable flag.
 */
export function icd10Headers(codes: Iterable<string>): Set<string> {
  const sorted = [...codes].map((c) => c.replace(".", "")).sort();
  const headers = new Set<string>();
  for (let i = 0; i + 1 < sorted.length; i++) {
    const code = sorted[i]!;
    if (sorted[i + 1]!.startsWith(code)) headers.add(dottedIcd10(code));
  }
  return headers;
}
