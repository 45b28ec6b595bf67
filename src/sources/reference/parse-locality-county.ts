import { InputError } from "../../errors.js";
import { field, headerKey, mapColumns } from "./columns.js";
import { isBlankRecord, readCsvRecords } from "./csv-records.js";
import { stateCode } from "./us-states.js";

/** One row of CMS's "counties included in localities" file (yyLOCCO). */
export interface LocalityCountyRow {
  macLocality: string;
  mac: string;
  locality: string;
  state: string;
  stateName: string;
  feeScheduleArea: string;
  counties: string;
  line: number;
}

/**
 * Parses CMS's locality–county file (e.g. 25LOCCO.csv): MAC, locality number, state (written on
 * the first row of each state only), fee schedule area, counties. Leading zeros lost in the
 * spreadsheet export (MAC "2102" = 02102, locality "1" = 01) are restored.
 */
export async function parseLocalityCountyFile(file: string): Promise<LocalityCountyRow[]> {
  let columns: Record<"mac" | "locality" | "state" | "area" | "counties", number> | null = null;
  let stateName = "";
  const rows: LocalityCountyRow[] = [];
  for await (const { line, fields } of readCsvRecords(file, { delimiter: "," })) {
    if (isBlankRecord(fields)) continue;
    if (columns === null) {
      if (fields.some((f) => headerKey(f) === "LOCALITYNUMBER")) {
        columns = mapColumns(file, line, fields, {
          mac: {
            names: [
              "Medicare Adminstrative Contractor",
              "Medicare Administrative Contractor",
              "MAC",
              "Carrier",
            ],
          },
          locality: { names: ["Locality Number", "Locality"] },
          state: { names: ["State"] },
          area: { names: ["Fee Schedule Area"] },
          counties: { names: ["Counties"] },
        });
      } else if (line > 20) {
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
      if (fields.slice(1).every((f) => f.trim() === "")) continue; // footnote
      throw new InputError(file, { line, column: columns.mac + 1 }, `"${mac}" is not a MAC number`);
    }
    const locality = field(fields, columns.locality);
    if (!/^\d{1,2}$/.test(locality)) {
      throw new InputError(
        file,
        { line, column: columns.locality + 1 },
        `"${locality}" is not a locality number`,
      );
    }
    const writtenState = field(fields, columns.state);
    if (writtenState !== "") stateName = writtenState;
    const state = stateCode(stateName);
    if (state === null) {
      throw new InputError(
        file,
        { line, column: columns.state + 1 },
        `"${stateName}" is not a US state or territory`,
      );
    }
    const macPadded = mac.padStart(5, "0");
    const localityPadded = locality.padStart(2, "0");
    rows.push({
      macLocality: `${macPadded}-${localityPadded}`,
      mac: macPadded,
      locality: localityPadded,
      state,
      stateName: stateName.trim(),
      feeScheduleArea: field(fields, columns.area),
      counties: field(fields, columns.counties),
      line,
    });
  }
  if (columns === null) throw new InputError(file, {}, 'no header with a "Locality Number" column');
  if (rows.length === 0) throw new InputError(file, {}, "no locality rows");
  return rows;
}
