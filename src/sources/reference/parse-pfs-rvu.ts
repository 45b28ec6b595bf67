import type { PfsRow } from "./reference-rows.js";
import { InputError } from "../../errors.js";
import { field, headerKey, parseDecimal, requireHcpcs } from "./columns.js";
import { isBlankRecord, readCsvRecords } from "./csv-records.js";

/** A parsed CMS PFS relative value file (PPRRVU). */
export interface ParsedPfsFile {
  /** Calendar year from the title line ("2025 National Physician Fee Schedule Relative Value File October Release"). */
  year: number | null;
  /** Title line as written, e.g. "... October Release". */
  title: string;
  /** "RELEASED 09/11/2025" date as written, or null. */
  released: string | null;
  /** The one conversion factor every priced row carries. */
  conversionFactor: number;
  rows: PfsRow[];
}

/**
 * The PPRRVU header is stacked over several lines ("WORK" above "RVU", "NON-FAC" / "PE RVU"…).
 * Each column is named by joining its cells from the header lines; these are the joined names
 * (as `headerKey`s) of the columns we read. The 2026 file inserts "PRIC IND" after "TEAM SURG",
 * which is why columns are found by name and never by position.
 */
const COLUMNS = {
  code: "HCPCS",
  modifier: "MOD",
  status: "STATUSCODE",
  work: "WORKRVU",
  nonFacilityPe: "NONFACPERVU",
  nonFacilityNa: "NONFACNAINDICATOR",
  facilityPe: "FACILITYPERVU",
  facilityNa: "FACILITYNAINDICATOR",
  mp: "MPRVU",
  nonFacilityTotal: "NONFACILITYTOTAL",
  facilityTotal: "FACILITYTOTAL",
  pcTc: "PCTCIND",
  global: "GLOBDAYS",
  mult: "MULTPROC",
  bilat: "BILATSURG",
  asst: "ASSTSURG",
  co: "COSURG",
  team: "TEAMSURG",
  cf: "CONVFACTOR",
  pricing: "PRICIND",
} as const;
const OPTIONAL = new Set<string>(["pricing"]);

/**
 * Parses a CMS National Physician Fee Schedule Relative Value File in the CSV layout CMS ships in
 * its RVUyyX bundles (five title lines, a stacked header ending with the "HCPCS,MOD,…" line, then
 * one row per code and modifier). Every row keeps its RVUs, indicators and conversion factor.
 */
export async function parsePfsRvuFile(file: string): Promise<ParsedPfsFile> {
  const headerLines: string[][] = [];
  let columns: Record<keyof typeof COLUMNS, number> | null = null;
  let title = "";
  let released: string | null = null;
  const rows: PfsRow[] = [];
  const factors = new Map<number, number>();
  for await (const { line, fields } of readCsvRecords(file, { delimiter: "," })) {
    if (columns === null) {
      headerLines.push(fields);
      const first = fields.map((f) => f.trim()).find((f) => f !== "") ?? "";
      if (title === "" && /relative value file/i.test(first)) title = first;
      const releasedMatch = /RELEASED\s+(\d{1,2}\/\d{1,2}\/\d{4})/i.exec(first);
      if (releasedMatch?.[1] !== undefined) released = releasedMatch[1];
      if (headerKey(fields[0] ?? "") === "HCPCS") columns = resolveColumns(file, line, headerLines);
      else if (headerLines.length > 20) {
        throw new InputError(
          file,
          { line },
          'no "HCPCS,MOD,…" header line in the first 20 lines: not a CMS PPRRVU relative value file',
        );
      }
      continue;
    }
    if (isBlankRecord(fields)) continue;
    const row = parseRow(file, line, fields, columns);
    rows.push(row);
    if (row.conversionFactor > 0) {
      factors.set(row.conversionFactor, (factors.get(row.conversionFactor) ?? 0) + 1);
    }
  }
  if (columns === null) {
    throw new InputError(
      file,
      { line: headerLines.length },
      "the file ended before the HCPCS header line",
    );
  }
  if (rows.length === 0) {
    throw new InputError(file, { line: headerLines.length + 1 }, "no code rows after the header");
  }
  const conversionFactor = [...factors.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (conversionFactor === undefined) {
    throw new InputError(file, { line: headerLines.length }, "no row carries a conversion factor");
  }
  const yearMatch = /\b(20\d\d)\b/.exec(title);
  return {
    year: yearMatch?.[1] === undefined ? null : Number(yearMatch[1]),
    title,
    released,
    conversionFactor,
    rows,
  };
}

function resolveColumns(
  file: string,
  line: number,
  headerLines: readonly string[][],
): Record<keyof typeof COLUMNS, number> {
  const width = Math.max(...headerLines.map((l) => l.length));
  const names: string[] = [];
  // Title lines put their text in column 3 (DESCRIPTION), so they do not disturb the columns we read.
  for (let c = 0; c < width; c++) {
    names.push(headerKey(headerLines.map((l) => l[c] ?? "").join(" ")));
  }
  const result = {} as Record<keyof typeof COLUMNS, number>;
  for (const [name, key] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, string][]) {
    const index = name === "code" ? 0 : names.indexOf(key);
    if (index < 0 && !OPTIONAL.has(name)) {
      throw new InputError(
        file,
        { line },
        `the stacked header has no "${key}" column (expected the CMS PPRRVU layout)`,
      );
    }
    result[name] = index;
  }
  return result;
}

function parseRow(
  file: string,
  line: number,
  fields: readonly string[],
  c: Record<keyof typeof COLUMNS, number>,
): PfsRow {
  const num = (index: number, what: string): number =>
    parseDecimal(file, line, index, field(fields, index) || "0", what);
  const nonFacilityNa = field(fields, c.nonFacilityNa).toUpperCase() === "NA";
  const facilityNa = field(fields, c.facilityNa).toUpperCase() === "NA";
  const row: PfsRow = {
    code: requireHcpcs(file, line, c.code, field(fields, c.code)),
    modifier: field(fields, c.modifier).toUpperCase(),
    status: field(fields, c.status),
    workRvu: num(c.work, "work RVU"),
    nonFacilityPeRvu: nonFacilityNa ? null : num(c.nonFacilityPe, "non-facility PE RVU"),
    facilityPeRvu: facilityNa ? null : num(c.facilityPe, "facility PE RVU"),
    mpRvu: num(c.mp, "MP RVU"),
    nonFacilityTotal: nonFacilityNa ? null : num(c.nonFacilityTotal, "non-facility total"),
    facilityTotal: facilityNa ? null : num(c.facilityTotal, "facility total"),
    pcTcIndicator: field(fields, c.pcTc),
    globalDays: field(fields, c.global),
    multipleProcedureIndicator: field(fields, c.mult),
    bilateralIndicator: field(fields, c.bilat),
    assistantIndicator: field(fields, c.asst),
    coSurgeonIndicator: field(fields, c.co),
    teamIndicator: field(fields, c.team),
    conversionFactor: num(c.cf, "conversion factor"),
  };
  if (c.pricing >= 0) row.pricingIndicator = field(fields, c.pricing);
  return row;
}
