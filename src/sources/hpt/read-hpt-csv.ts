import { InputError } from "../../errors.js";
import {
  blankToNull,
  emptyHeader,
  emptyPayerCharge,
  type HptHeader,
  type HptPayerCharge,
  type HptRecord,
} from "./hpt-record.js";
import { finding } from "./hpt-finding.js";
import { readCsvRecords } from "../reference/csv-records.js";
import type { ByteCount } from "../reference/read-text-lines.js";
import { columnKey, widePayerColumn, type WidePayerColumn } from "./csv-columns.js";
import type { HptEvent } from "./hpt-event.js";

/** The attestation (v3) / affirmation (v2) column is labelled with its own long statement. */
const STATEMENT = /^to the best of its knowledge and belief/i;

/**
 * Streams a CMS-template CSV (tall or wide; plain or gzip): line 1 the header labels, line 2 their
 * values, line 3 the data columns, then one record per line. Memory is bounded by one record
 * (`readCsvRecords` reads line by line). A file without the three header lines is unusable and
 * throws an `InputError` naming the line.
 */
export async function* readHptCsv(file: string, count?: ByteCount): AsyncGenerator<HptEvent> {
  const records = readCsvRecords(file, {
    delimiter: ",",
    ...(count === undefined ? {} : { count }),
  });
  try {
    const first = await records.next();
    const second = await records.next();
    const third = await records.next();
    if (first.done === true || second.done === true || third.done === true) {
      throw new InputError(
        file,
        { line: first.done === true ? 1 : second.done === true ? 2 : 3 },
        "a CMS hospital CSV needs two header lines and a column line before its data",
      );
    }
    const header = parseHeaderRows(first.value.fields, second.value.fields);
    const columns = third.value.fields;
    const keys = columns.map(columnKey);
    if (keys.every((key) => key === "")) {
      yield {
        kind: "header",
        header: parseHeaderRows(first.value.fields, second.value.fields),
        layout: "csv-tall",
        columns,
        final: true,
      };
      yield {
        kind: "finding",
        finding: finding(
          "header-blank",
          "error",
          third.value.line,
          null,
          "line 3 must hold the column headers, and it is blank: the data cannot be read",
        ),
      };
      return;
    }
    const tall = keys.includes("payer_name");
    yield { kind: "header", header, layout: tall ? "csv-tall" : "csv-wide", columns, final: true };
    const duplicates = keys.filter((key, index) => key !== "" && keys.indexOf(key) !== index);
    for (const duplicate of new Set(duplicates)) {
      yield {
        kind: "finding",
        finding: finding(
          "duplicate-column",
          "error",
          third.value.line,
          duplicate,
          `column "${duplicate}" appears more than once`,
        ),
      };
    }
    const payerColumns = tall
      ? []
      : columns.map(widePayerColumn).filter((column): column is WidePayerColumn => column !== null);
    const payerPlans = [
      ...new Set(payerColumns.map((column) => `${column.payer} | ${column.plan}`)),
    ];
    const index = new Map<string, number>();
    keys.forEach((key, i) => {
      if (!index.has(key)) index.set(key, i);
    });
    const codeCount = Math.max(
      0,
      ...keys.map((key) => /^code\|(\d+)$/.exec(key)).map((m) => (m === null ? 0 : Number(m[1]))),
    );
    for await (const { line, fields } of records) {
      if (fields.every((field) => field.trim() === "")) continue;
      const value = (key: string): string | null => {
        const at = index.get(key);
        return at === undefined ? null : blankToNull(fields[at]);
      };
      const record = baseRecord(line, value, codeCount);
      if (tall) {
        const payer = tallPayer(value);
        if (payer !== null) record.payers.push(payer);
      } else {
        for (const payerPlan of payerPlans) {
          const payer = widePayer(payerPlan, payerColumns, fields);
          if (payer !== null) record.payers.push(payer);
        }
      }
      yield { kind: "record", record };
    }
  } finally {
    await records.return(undefined);
  }
}

/** Header rows 1 (labels) and 2 (values) → the file-level elements. */
export function parseHeaderRows(labels: readonly string[], values: readonly string[]): HptHeader {
  const header = emptyHeader();
  header.labels = [...labels];
  labels.forEach((label, i) => {
    const value = blankToNull(values[i]);
    const key = columnKey(label);
    const split = (text: string | null): string[] =>
      text === null
        ? []
        : text
            .split("|")
            .map((part) => part.trim())
            .filter((part) => part !== "");
    if (key === "hospital_name") header.hospitalName = value;
    else if (key === "last_updated_on") header.lastUpdatedOn = value;
    else if (key === "version") header.version = value;
    else if (key === "hospital_location" || key === "location_name") {
      header.locations = split(value);
    } else if (key === "hospital_address") header.addresses = split(value);
    else if (key === "type_2_npi") header.type2Npis = split(value);
    else if (key === "attester_name") header.attesterName = value;
    else if (key.startsWith("license_number")) {
      header.licenseNumber = value;
      header.licenseState = key.split("|")[1]?.toUpperCase() ?? null;
    } else if (STATEMENT.test(label.trim())) {
      header.attestationConfirmed = value === null ? null : value.toLowerCase() === "true";
    }
  });
  return header;
}

function baseRecord(
  line: number,
  value: (key: string) => string | null,
  codeCount: number,
): HptRecord {
  const codes: HptRecord["codes"] = [];
  const codeHalves: HptRecord["codeHalves"] = [];
  for (let i = 1; i <= codeCount; i++) {
    const code = value(`code|${i}`);
    const type = value(`code|${i}|type`);
    if (code !== null && type !== null) codes.push({ code, type: type.toUpperCase() });
    else if (code !== null || type !== null) codeHalves.push({ index: i, code, type });
  }
  const modifiers = value("modifiers");
  return {
    position: { row: line, jsonPath: null },
    description: value("description"),
    codes,
    codeHalves,
    modifiers:
      modifiers === null
        ? []
        : modifiers
            .split("|")
            .map((m) => m.trim())
            .filter((m) => m !== ""),
    setting: value("setting"),
    billingClass: value("billing_class"),
    drugUnit: value("drug_unit_of_measurement"),
    drugType: value("drug_type_of_measurement"),
    gross: value("standard_charge|gross"),
    discountedCash: value("standard_charge|discounted_cash"),
    minimum: value("standard_charge|min"),
    maximum: value("standard_charge|max"),
    genericNotes: value("additional_generic_notes"),
    payers: [],
  };
}

function tallPayer(value: (key: string) => string | null): HptPayerCharge | null {
  const payer = emptyPayerCharge("");
  payer.payerName = value("payer_name");
  payer.planName = value("plan_name");
  payer.dollar = value("standard_charge|negotiated_dollar");
  payer.percentage = value("standard_charge|negotiated_percentage");
  payer.algorithm = value("standard_charge|negotiated_algorithm");
  payer.methodology = value("standard_charge|methodology");
  payer.estimatedAmount = value("estimated_amount");
  payer.medianAmount = value("median_amount");
  payer.p10 = value("10th_percentile");
  payer.p90 = value("90th_percentile");
  payer.count = value("count");
  // Tall files have one notes column; a payer row's notes are the generic ones.
  payer.notes = value("additional_generic_notes");
  const any = [
    payer.payerName,
    payer.planName,
    payer.dollar,
    payer.percentage,
    payer.algorithm,
    payer.methodology,
    payer.estimatedAmount,
    payer.medianAmount,
    payer.count,
  ];
  return any.some((v) => v !== null) ? payer : null;
}

function widePayer(
  payerPlan: string,
  columns: readonly WidePayerColumn[],
  fields: readonly string[],
): HptPayerCharge | null {
  const payer = emptyPayerCharge(payerPlan);
  let any = false;
  for (const column of columns) {
    if (`${column.payer} | ${column.plan}` !== payerPlan) continue;
    const value = blankToNull(fields[column.index]);
    if (value === null) continue;
    any = true;
    if (column.field === "negotiated_dollar") payer.dollar = value;
    else if (column.field === "negotiated_percentage") payer.percentage = value;
    else if (column.field === "negotiated_algorithm") payer.algorithm = value;
    else if (column.field === "methodology") payer.methodology = value;
    else if (column.field === "estimated_amount") payer.estimatedAmount = value;
    else if (column.field === "median_amount") payer.medianAmount = value;
    else if (column.field === "10th_percentile") payer.p10 = value;
    else if (column.field === "90th_percentile") payer.p90 = value;
    else if (column.field === "count") payer.count = value;
    else payer.notes = value;
  }
  if (!any) return null;
  const [payerName, planName] = payerPlan.split(" | ");
  payer.payerName = payerName ?? null;
  payer.planName = planName ?? null;
  return payer;
}
