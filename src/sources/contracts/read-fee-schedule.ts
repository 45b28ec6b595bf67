/**
 * Reads a user's fee schedule into rows of text cells: CSV (RFC 4180) or an Excel workbook
 * (`.xlsx`, first worksheet, read with exceljs). Row numbers are the file's own (CSV line, Excel
 * row) so every message can point at the row the user sees.
 */
import ExcelJS from "exceljs";
import { InputError } from "../../errors.js";
import { parseCsvRecords } from "../claims/csv-records.js";

/** One row of cells and where it is. */
export interface TableRow {
  row: number;
  cells: string[];
}

/** The zip signature every .xlsx starts with. */
function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    bytes[2] === 0x03 &&
    bytes[3] === 0x04
  );
}

/** Rows of a CSV or .xlsx fee schedule (told apart by content, not by name). */
export async function readFeeScheduleTable(
  name: string,
  content: Uint8Array | string,
): Promise<TableRow[]> {
  if (typeof content !== "string" && isZip(content)) return readWorkbook(name, content);
  const text = typeof content === "string" ? content : Buffer.from(content).toString("utf8");
  return parseCsvRecords(text.endsWith("\n") ? text : `${text}\n`, name).map((record) => ({
    row: record.line,
    cells: record.fields,
  }));
}

async function readWorkbook(name: string, bytes: Uint8Array): Promise<TableRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's typings want its own Buffer type; the bytes are what it reads.
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (error) {
    throw new InputError(name, { byteOffset: 0 }, "not a readable .xlsx workbook", {
      cause: error,
    });
  }
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) {
    throw new InputError(name, { byteOffset: 0 }, "the workbook has no worksheet");
  }
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let column = 1; column <= row.cellCount; column++) {
      cells.push(cellText(row.getCell(column).value));
    }
    rows.push({ row: rowNumber, cells });
  });
  return rows;
}

/** A cell as text: numbers as written, formulas by their result, rich text joined. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ("result" in value) return cellText(value.result);
  if ("richText" in value) return value.richText.map((part) => part.text).join("");
  if ("text" in value) return value.text;
  return "";
}
