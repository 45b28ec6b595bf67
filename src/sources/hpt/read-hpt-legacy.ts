import { blankToNull, emptyHeader, emptyPayerCharge, type HptRecord } from "./hpt-record.js";
import { finding } from "./hpt-finding.js";
import { readCsvRecords } from "../reference/csv-records.js";
import type { ByteCount } from "../reference/read-text-lines.js";
import type { HptEvent } from "./hpt-event.js";

/** The fixed columns of the pre-template layout (Stony Brook 2022 and its vendor's other clients). */
const FIXED = [
  "hospcode",
  "code",
  "description",
  "code_type",
  "gross charge",
  "discounted cash price",
  "minimum negotiated charge",
  "maximum negotiated charge",
];

/** True when a header line is the legacy layout: the fixed columns, then payer columns. */
export function isLegacyHeader(fields: readonly string[]): boolean {
  const keys = fields.map((f) => f.trim().toLowerCase());
  return FIXED.every((column, i) => keys[i] === column);
}

/** "EMPIRE HEALTHCHOICE ASSURANCE-HMO/POS" → payer and plan (product); the last "-" separates them. */
export function splitPayerColumn(label: string): { payer: string; plan: string | null } {
  const at = label.lastIndexOf("-");
  if (at <= 0) return { payer: label.trim(), plan: null };
  return { payer: label.slice(0, at).trim(), plan: label.slice(at + 1).trim() };
}

/** The layout's code types → the template's: CPT vs HCPCS by shape, DRG → MS-DRG, none → the hospital's CDM code. */
function codeFor(
  code: string,
  codeType: string,
  hospCode: string,
): { code: string; type: string }[] {
  const type = codeType.trim().toUpperCase();
  const out: { code: string; type: string }[] = [];
  if (hospCode !== "") out.push({ code: hospCode, type: "CDM" });
  if (code === "") return out;
  if (type === "DRG") out.push({ code, type: "MS-DRG" });
  else if (type === "CPT/HCPCS") {
    out.push({ code, type: /^\d{4}[\dFTUM]$/.test(code) ? "CPT" : "HCPCS" });
  } else if (type !== "") out.push({ code, type });
  return out;
}

/**
 * Streams a pre-template ("legacy wide") standard-charges CSV: one line per item, gross, cash,
 * de-identified min/max, then one column per payer-product whose cell is a dollar amount or "NA".
 * The layout has no setting column: DRG lines are inpatient by definition, others are left unknown.
 * `ein` comes from the CMS file-name convention (`<EIN>_<name>_standardcharges.csv`) when present.
 */
export async function* readHptLegacy(
  file: string,
  ein: string | null,
  count?: ByteCount,
): AsyncGenerator<HptEvent> {
  const records = readCsvRecords(file, {
    delimiter: ",",
    ...(count === undefined ? {} : { count }),
  });
  try {
    const first = await records.next();
    if (first.done === true) return;
    const columns = first.value.fields;
    const header = emptyHeader();
    header.ein = ein;
    header.labels = columns;
    yield { kind: "header", header, layout: "legacy-wide", columns, final: true };
    yield {
      kind: "finding",
      finding: finding(
        "pre-template-layout",
        "warning",
        1,
        null,
        "pre-template layout (before CMS's v2.0 template): no hospital name, date, version, license or setting in the file; CMS template rules are not applied",
      ),
    };
    const payerColumns = columns
      .slice(FIXED.length)
      .map((label, i) => ({ index: FIXED.length + i, label, ...splitPayerColumn(label) }));
    for await (const { line, fields } of records) {
      if (fields.every((f) => f.trim() === "")) continue;
      const cell = (i: number): string | null => {
        const value = blankToNull(fields[i]);
        return value === null || value.toUpperCase() === "NA" ? null : value;
      };
      const codeType = (fields[3] ?? "").trim();
      const record: HptRecord = {
        position: { row: line, jsonPath: null },
        description: cell(2),
        codes: codeFor((fields[1] ?? "").trim(), codeType, (fields[0] ?? "").trim()),
        codeHalves: [],
        modifiers: [],
        setting: codeType.toUpperCase() === "DRG" ? "inpatient" : null,
        billingClass: null,
        drugUnit: null,
        drugType: null,
        gross: cell(4),
        discountedCash: cell(5),
        minimum: cell(6),
        maximum: cell(7),
        genericNotes: null,
        payers: [],
      };
      for (const column of payerColumns) {
        const dollar = cell(column.index);
        if (dollar === null) continue;
        const payer = emptyPayerCharge(column.label);
        payer.payerName = column.payer;
        payer.planName = column.plan;
        payer.dollar = dollar;
        record.payers.push(payer);
      }
      yield { kind: "record", record };
    }
  } finally {
    await records.return(undefined);
  }
}
