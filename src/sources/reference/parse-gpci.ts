import type { GpciRow } from "./reference-rows.js";
import { InputError } from "../../errors.js";
import { field, headerKey, mapColumns, parseDecimal } from "./columns.js";
import { isBlankRecord, readCsvRecords } from "./csv-records.js";
import { stateCode } from "./us-states.js";

/** A parsed GPCI file (CMS PFS Addendum E / GPCIyyyy.csv). */
export interface ParsedGpciFile {
  /** Year read from the GPCI column headers ("2025 PW GPCI (with 1.0 Floor)"), or null. */
  year: number | null;
  title: string;
  rows: GpciRow[];
  /** Footnote lines after the table, verbatim (floors, MAC assignment date). */
  notes: string[];
}

/**
 * Parses CMS's GPCI file as shipped in the RVU bundles: a title line, a header naming the MAC,
 * state, locality number, locality name and the three GPCIs, one row per locality, then
 * footnotes. MAC numbers are zero-padded to five digits and locality numbers to two, giving the
 * "MAC-locality" key used everywhere ("13202-01").
 */
export async function parseGpciFile(file: string): Promise<ParsedGpciFile> {
  let columns: ReturnType<typeof findColumns> | null = null;
  let title = "";
  let year: number | null = null;
  const rows: GpciRow[] = [];
  const notes: string[] = [];
  let lastLine = 0;
  for await (const { line, fields } of readCsvRecords(file, { delimiter: "," })) {
    lastLine = line;
    if (isBlankRecord(fields)) continue;
    if (columns === null) {
      if (fields.some((f) => headerKey(f) === "LOCALITYNUMBER")) {
        columns = findColumns(file, line, fields);
        const yearMatch = /\b(20\d\d)\b/.exec(fields[columns.work] ?? "");
        year = yearMatch?.[1] === undefined ? null : Number(yearMatch[1]);
      } else if (title === "") {
        title = fields.join(" ").trim();
      }
      if (line > 20 && columns === null) {
        throw new InputError(
          file,
          { line },
          'no header with a "Locality Number" column in the first 20 lines',
        );
      }
      continue;
    }
    const mac = field(fields, columns.mac);
    if (!/^\d{4,5}$/.test(mac)) {
      // Footnotes ("*Work GPCI reflects a 1.5 floor…") sit in the first column with the rest blank.
      if (fields.slice(1).every((f) => f.trim() === "")) {
        notes.push(mac);
        continue;
      }
      throw new InputError(file, { line, column: columns.mac + 1 }, `"${mac}" is not a MAC number`);
    }
    const localityText = field(fields, columns.locality);
    if (!/^\d{1,2}$/.test(localityText)) {
      throw new InputError(
        file,
        { line, column: columns.locality + 1 },
        `"${localityText}" is not a locality number`,
      );
    }
    const stateText = field(fields, columns.state);
    const state = stateCode(stateText);
    if (state === null) {
      throw new InputError(
        file,
        { line, column: columns.state + 1 },
        `"${stateText}" is not a US state or territory`,
      );
    }
    const macPadded = mac.padStart(5, "0");
    const locality = localityText.padStart(2, "0");
    rows.push({
      macLocality: `${macPadded}-${locality}`,
      mac: macPadded,
      locality,
      state,
      name: field(fields, columns.name).replace(/\*+$/, "").trim(),
      work: parseDecimal(file, line, columns.work, field(fields, columns.work), "work GPCI"),
      pe: parseDecimal(file, line, columns.pe, field(fields, columns.pe), "PE GPCI"),
      mp: parseDecimal(file, line, columns.mp, field(fields, columns.mp), "MP GPCI"),
    });
  }
  if (columns === null) {
    throw new InputError(file, { line: lastLine }, 'no header with a "Locality Number" column');
  }
  if (rows.length === 0) throw new InputError(file, { line: lastLine }, "no locality rows");
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.macLocality)) {
      throw new InputError(file, {}, `locality ${row.macLocality} appears twice`);
    }
    seen.add(row.macLocality);
  }
  return { year, title, rows, notes };
}

function findColumns(file: string, line: number, header: readonly string[]) {
  // GPCI headers carry the year ("2025 PW GPCI (with 1.0 Floor)"); match on the stable part.
  const stripped = header.map((h) => h.replace(/\b20\d\d\b/g, "").replace(/\(.*?\)/g, ""));
  return mapColumns(file, line, stripped, {
    mac: { names: ["Medicare Administrative Contractor", "MAC", "Contractor", "Carrier"] },
    state: { names: ["State"] },
    locality: { names: ["Locality Number", "Locality"] },
    name: { names: ["Locality Name"] },
    work: { names: ["PW GPCI", "Work GPCI"] },
    pe: { names: ["PE GPCI"] },
    mp: { names: ["MP GPCI"] },
  });
}
