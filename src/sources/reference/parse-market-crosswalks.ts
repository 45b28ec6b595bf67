/**
 * Parsers for the two crosswalks behind markets: the OMB county → CBSA delineation (Census List 1,
 * reduced, see data/reference/SOURCES.md) and the HUD-USPS ZIP → county crosswalk. Both are
 * CSV with a header row; a malformed row is an `InputError` naming the file and line.
 */
import { InputError } from "../../errors.js";
import { readCsvRecords } from "./csv-records.js";

/** One county of a CBSA. */
export interface CbsaCountyRow {
  cbsa: string;
  title: string;
  type: "metro" | "micro";
  countyFips: string;
  countyName: string;
  stateName: string;
}

/** One share of a ZIP's addresses in a county. */
export interface ZipCountyRow {
  zip: string;
  countyFips: string;
  state: string;
  ratio: number;
}

async function* headedRecords(
  file: string,
  expected: readonly string[],
): AsyncGenerator<{ line: number; at: (name: string) => string }> {
  let header: string[] | null = null;
  for await (const record of readCsvRecords(file, { delimiter: "," })) {
    if (header === null) {
      header = record.fields.map((field) => field.trim().toLowerCase());
      const missing = expected.filter((name) => !(header ?? []).includes(name));
      if (missing.length > 0) {
        throw new InputError(
          file,
          { line: record.line },
          `missing column(s) ${missing.join(", ")}`,
        );
      }
      continue;
    }
    if (record.fields.every((field) => field.trim() === "")) continue;
    const columns = header;
    yield { line: record.line, at: (name) => (record.fields[columns.indexOf(name)] ?? "").trim() };
  }
}

/** Reads `cbsa_counties_2023.csv(.gz)`: cbsa, cbsa_title, cbsa_type, county_fips, county_name, state_name. */
export async function parseCbsaCountyFile(file: string): Promise<CbsaCountyRow[]> {
  const rows: CbsaCountyRow[] = [];
  for await (const { line, at } of headedRecords(file, [
    "cbsa",
    "cbsa_title",
    "cbsa_type",
    "county_fips",
  ])) {
    const cbsa = at("cbsa");
    const countyFips = at("county_fips");
    if (!/^\d{5}$/.test(cbsa)) {
      throw new InputError(file, { line }, `"${cbsa}" is not a 5-digit CBSA code`);
    }
    if (!/^\d{5}$/.test(countyFips)) {
      throw new InputError(file, { line }, `"${countyFips}" is not a 5-digit county FIPS code`);
    }
    rows.push({
      cbsa,
      title: at("cbsa_title"),
      type: at("cbsa_type") === "micro" ? "micro" : "metro",
      countyFips,
      countyName: at("county_name"),
      stateName: at("state_name"),
    });
  }
  if (rows.length === 0) throw new InputError(file, { line: 1 }, "no county rows");
  return rows;
}

/** Reads `zip_county_*.csv(.gz)`: zip, county_fips, state, tot_ratio. */
export async function parseZipCountyFile(file: string): Promise<ZipCountyRow[]> {
  const rows: ZipCountyRow[] = [];
  for await (const { line, at } of headedRecords(file, [
    "zip",
    "county_fips",
    "state",
    "tot_ratio",
  ])) {
    const zip = at("zip");
    const countyFips = at("county_fips");
    const ratio = Number(at("tot_ratio"));
    if (!/^\d{5}$/.test(zip)) {
      throw new InputError(file, { line }, `"${zip}" is not a 5-digit ZIP code`);
    }
    if (!/^\d{5}$/.test(countyFips)) {
      throw new InputError(file, { line }, `"${countyFips}" is not a 5-digit county FIPS code`);
    }
    if (!Number.isFinite(ratio)) {
      throw new InputError(file, { line }, `tot_ratio "${at("tot_ratio")}" is not a number`);
    }
    rows.push({ zip, countyFips, state: at("state").toUpperCase(), ratio });
  }
  if (rows.length === 0) throw new InputError(file, { line: 1 }, "no ZIP rows");
  return rows;
}
