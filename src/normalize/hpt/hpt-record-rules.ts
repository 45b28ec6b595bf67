/**
 * Item-level rules of CMS's hospital price-transparency validator (CMSgov/hpt-validator,
 * `CsvValidator.buildRowValidators` and the V2.x/V3.0 JSON schemas), over one record of any layout.
 * Versions: "≥2.1" conditional requirements, "≥2.2" drug information and modifier rows, "2.2"
 * estimated allowed amount, "3.0" allowed-amount statistics (median, 10th/90th percentile, count).
 */
import {
  hasNegotiatedCharge,
  parseAmount,
  type HptLayout,
  type HptPayerCharge,
  type HptRecord,
  type HptVersion,
} from "../../sources/hpt/hpt-record.js";
import { wideLabel, type WidePayerField } from "../../sources/hpt/csv-columns.js";
import { finding, type HptFinding, type HptSeverity } from "../../sources/hpt/hpt-finding.js";
import {
  ALLOWED_COUNT,
  BILLING_CODE_TYPES,
  DRUG_UNITS,
  isOneOf,
  METHODOLOGIES,
  NINE_NINES,
  SETTINGS,
} from "./hpt-values.js";

const TALL: Record<WidePayerField | "payer_name" | "plan_name", string> = {
  payer_name: "payer_name",
  plan_name: "plan_name",
  negotiated_dollar: "standard_charge | negotiated_dollar",
  negotiated_percentage: "standard_charge | negotiated_percentage",
  negotiated_algorithm: "standard_charge | negotiated_algorithm",
  methodology: "standard_charge | methodology",
  estimated_amount: "estimated_amount",
  median_amount: "median_amount",
  "10th_percentile": "10th_percentile",
  "90th_percentile": "90th_percentile",
  count: "count",
  additional_payer_notes: "additional_generic_notes",
};

const JSON_KEY: Record<WidePayerField | "payer_name" | "plan_name", string> = {
  payer_name: "payer_name",
  plan_name: "plan_name",
  negotiated_dollar: "standard_charge_dollar",
  negotiated_percentage: "standard_charge_percentage",
  negotiated_algorithm: "standard_charge_algorithm",
  methodology: "methodology",
  estimated_amount: "estimated_amount",
  median_amount: "median_amount",
  "10th_percentile": "10th_percentile",
  "90th_percentile": "90th_percentile",
  count: "count",
  additional_payer_notes: "additional_payer_notes",
};

const ITEM_JSON: Record<string, string> = {
  description: "description",
  setting: "setting",
  "standard_charge | gross": "gross_charge",
  "standard_charge | discounted_cash": "discounted_cash",
  "standard_charge | min": "minimum",
  "standard_charge | max": "maximum",
  additional_generic_notes: "additional_generic_notes",
  drug_unit_of_measurement: "drug_information.unit",
  drug_type_of_measurement: "drug_information.type",
};

/** Collects findings for one record, naming columns the way the layout writes them. */
class RecordCheck {
  readonly out: HptFinding[] = [];
  constructor(
    private readonly record: HptRecord,
    private readonly layout: HptLayout,
  ) {}

  item(column: string): string {
    if (this.layout !== "json") return column;
    const path = this.record.position.jsonPath ?? "$";
    const key = ITEM_JSON[column] ?? column;
    // description, code and drug information belong to the item, not to its standard_charges entry.
    if (key === "description" || key.startsWith("drug_information")) {
      return `${path.replace(/\.standard_charges\[\d+\]$/, "")}.${key}`;
    }
    return `${path}.${key}`;
  }

  payer(payer: HptPayerCharge, field: WidePayerField | "payer_name" | "plan_name"): string {
    if (this.layout === "csv-wide") {
      return field === "payer_name" || field === "plan_name"
        ? payer.label
        : wideLabel(field, payer.label);
    }
    if (this.layout === "json") {
      return `${this.record.position.jsonPath ?? "$"}.${payer.label}.${JSON_KEY[field]}`;
    }
    return TALL[field];
  }

  add(rule: string, column: string, message: string, severity: HptSeverity = "error"): void {
    this.out.push(finding(rule, severity, this.record.position.row, column, message));
  }

  required(value: string | null, column: string, suffix = ""): boolean {
    if (value !== null) return true;
    this.add("required-value", column, `"${column}" is required${suffix}`);
    return false;
  }

  oneOf(value: string | null, allowed: readonly string[], column: string, suffix = ""): void {
    if (!this.required(value, column, suffix)) return;
    if (value !== null && !isOneOf(value, allowed)) {
      this.add(
        "allowed-values",
        column,
        `"${value}" is not allowed in "${column}"; allowed: ${allowed.join(", ")}`,
      );
    }
  }

  /** Optional positive number (the templates' exclusiveMinimum 0). */
  number(value: string | null, column: string): void {
    if (value === null) return;
    const amount = parseAmount(value);
    if (amount === null || amount <= 0) {
      this.add("invalid-number", column, `"${value}" in "${column}" is not a positive number`);
    }
  }
}

const RANK: Record<HptVersion, number> = { "2.0.0": 0, "2.1.0": 1, "2.2.0": 2, "3.0.0": 3 };
const atLeast = (version: HptVersion, minimum: HptVersion): boolean =>
  RANK[version] >= RANK[minimum];

/** Every item-level finding for one record under `version`'s rules. */
export function recordFindings(
  record: HptRecord,
  layout: HptLayout,
  version: HptVersion,
): HptFinding[] {
  const check = new RecordCheck(record, layout);
  const v21 = atLeast(version, "2.1.0");
  const v22 = atLeast(version, "2.2.0");
  const v3 = version === "3.0.0";
  const json = layout === "json";
  const payerSuffix =
    " when a payer-specific negotiated charge is encoded as a dollar amount, percentage or algorithm";

  check.required(record.description, check.item("description"));
  check.oneOf(record.setting, SETTINGS, check.item("setting"));
  for (const half of record.codeHalves) {
    const base = json
      ? `${(record.position.jsonPath ?? "$").replace(/\.standard_charges\[\d+\]$/, "")}.code_information[${half.index - 1}]`
      : `code | ${half.index}`;
    if (half.code === null) {
      check.required(null, json ? `${base}.code` : base, " when its code type is given");
    }
    if (half.type === null) {
      check.required(null, json ? `${base}.type` : `${base} | type`, " when its code is given");
    }
  }
  for (const [i, code] of record.codes.entries()) {
    if (!isOneOf(code.type, BILLING_CODE_TYPES)) {
      check.add(
        "allowed-values",
        json ? `code_information[${i}].type` : `code | ${i + 1} | type`,
        `"${code.type}" is not an allowed code type`,
      );
    }
  }
  check.number(record.gross, check.item("standard_charge | gross"));
  check.number(record.discountedCash, check.item("standard_charge | discounted_cash"));
  check.number(record.minimum, check.item("standard_charge | min"));
  check.number(record.maximum, check.item("standard_charge | max"));
  for (const payer of record.payers) {
    check.number(payer.dollar, check.payer(payer, "negotiated_dollar"));
    check.number(payer.percentage, check.payer(payer, "negotiated_percentage"));
    if (version === "2.2.0") {
      check.number(payer.estimatedAmount, check.payer(payer, "estimated_amount"));
    }
    if (v3) {
      for (const f of ["median_amount", "10th_percentile", "90th_percentile"] as const) {
        check.number(valueOf(payer, f), check.payer(payer, f));
      }
    }
    if (valueOf(payer, "estimated_amount") !== null && v3) {
      check.add(
        "retired-element",
        check.payer(payer, "estimated_amount"),
        "estimated_amount is not a v3.0 element (replaced by median_amount, 10th/90th percentile and count)",
      );
    }
    for (const f of [
      "estimated_amount",
      "median_amount",
      "10th_percentile",
      "90th_percentile",
      "count",
    ] as const) {
      const value = valueOf(payer, f);
      if (value !== null && Number(value) === NINE_NINES) {
        check.add(
          "nine-nines",
          check.payer(payer, f),
          `${f} is 999999999: encode the actual amount`,
          "warning",
        );
      }
    }
  }

  if (v22) {
    const unitType = record.drugUnitJsonType;
    if (unitType !== undefined && (unitType === "number") !== v3) {
      check.add(
        "invalid-type",
        check.item("drug_unit_of_measurement"),
        `drug_information.unit must be a ${v3 ? "number" : "string"} in version ${version}`,
      );
    }
    if (record.drugUnit !== null || record.drugType !== null) {
      if (
        check.required(
          record.drugUnit,
          check.item("drug_unit_of_measurement"),
          ' when "drug_type_of_measurement" is present',
        )
      ) {
        check.number(record.drugUnit, check.item("drug_unit_of_measurement"));
      }
      check.oneOf(
        record.drugType,
        DRUG_UNITS,
        check.item("drug_type_of_measurement"),
        ' when "drug_unit_of_measurement" is present',
      );
    }
    if (
      record.codes.some((c) => c.type === "NDC") &&
      (record.drugUnit === null || record.drugType === null)
    ) {
      check.add(
        "drug-information-required",
        check.item(
          record.drugUnit === null ? "drug_unit_of_measurement" : "drug_type_of_measurement",
        ),
        "an NDC item needs its drug unit and type of measurement",
      );
    }
  }

  const hasCode = record.codes.length > 0 || record.codeHalves.length > 0;
  if (!hasCode) {
    if (v22 && record.modifiers.length > 0) {
      const info =
        record.genericNotes !== null ||
        record.payers.some((p) => hasNegotiatedCharge(p) || p.notes !== null);
      if (!info) {
        check.add(
          "modifier-missing-info",
          check.item("additional_generic_notes"),
          "a modifier row needs a note or a negotiated charge",
        );
      }
      return check.out;
    }
    check.add(
      "code-pair-missing",
      json ? `${record.position.jsonPath ?? "$"}.code_information` : "code | 1",
      "the item has no code and code type",
    );
    if (v22) return check.out;
  }
  if (!v21 && !json) return check.out;

  for (const payer of record.payers) {
    // JSON payer entries always need payer, plan and methodology (schema `required`).
    if (hasNegotiatedCharge(payer) || json) {
      if (layout !== "csv-wide") {
        check.required(payer.payerName, check.payer(payer, "payer_name"), payerSuffix);
        check.required(payer.planName, check.payer(payer, "plan_name"), payerSuffix);
      }
      check.oneOf(payer.methodology, METHODOLOGIES, check.payer(payer, "methodology"), payerSuffix);
    }
    if (json && v3 && !hasNegotiatedCharge(payer)) {
      check.add(
        "payer-requires-charge",
        `${record.position.jsonPath ?? "$"}.${payer.label}`,
        "a payer entry needs a dollar amount, percentage or algorithm",
      );
    }
    if (
      payer.methodology !== null &&
      isOneOf(payer.methodology, ["other"]) &&
      payer.notes === null
    ) {
      check.add(
        "other-methodology-notes",
        check.payer(payer, "additional_payer_notes"),
        'methodology "other" needs an explanation in the notes',
      );
    }
    const onlyPercentOrAlgorithm =
      payer.dollar === null && (payer.percentage !== null || payer.algorithm !== null);
    if (version === "2.2.0" && onlyPercentOrAlgorithm && payer.estimatedAmount === null) {
      check.add(
        "estimated-amount-required",
        check.payer(payer, "estimated_amount"),
        "a charge given only as a percentage or algorithm needs an estimated allowed amount",
      );
    }
    if (v3 && (payer.percentage !== null || payer.algorithm !== null)) {
      allowedAmountChecks(check, payer);
    }
  }
  const charged =
    record.gross !== null ||
    record.discountedCash !== null ||
    record.payers.some(hasNegotiatedCharge);
  if (!charged) {
    check.add(
      "item-requires-charge",
      check.item("standard_charge | gross"),
      "the item has no gross charge, cash price or payer-specific negotiated charge",
    );
  }
  if (
    record.payers.some((p) => p.dollar !== null) &&
    (record.minimum === null || record.maximum === null)
  ) {
    check.add(
      "dollar-needs-min-max",
      check.item(record.minimum === null ? "standard_charge | min" : "standard_charge | max"),
      "a dollar negotiated charge needs the de-identified minimum and maximum",
    );
  }
  return check.out;
}

/** v3.0: a percentage or algorithm needs the count of allowed amounts, and unless it is 0 their statistics. */
function allowedAmountChecks(check: RecordCheck, payer: HptPayerCharge): void {
  if (payer.count === null) {
    check.add(
      "allowed-amount-required",
      check.payer(payer, "count"),
      "a percentage or algorithm charge needs the count of allowed amounts",
    );
    return;
  }
  if (!ALLOWED_COUNT.test(payer.count) && Number(payer.count) !== NINE_NINES) {
    check.add(
      "invalid-count",
      check.payer(payer, "count"),
      `count "${payer.count}" must be 0, "1 through 10" or a number of 11 or more`,
    );
  }
  if (payer.count === "0") {
    if (payer.notes === null) {
      check.add(
        "required-value",
        check.payer(payer, "additional_payer_notes"),
        "a count of 0 allowed amounts needs an explanation in the payer notes",
      );
    }
    return;
  }
  for (const field of ["median_amount", "10th_percentile", "90th_percentile"] as const) {
    if (valueOf(payer, field) === null) {
      check.add(
        "allowed-amount-required",
        check.payer(payer, field),
        `a percentage or algorithm charge needs ${field}`,
      );
    }
  }
}

function valueOf(
  payer: HptPayerCharge,
  field: "estimated_amount" | "median_amount" | "10th_percentile" | "90th_percentile" | "count",
): string | null {
  if (field === "estimated_amount") return payer.estimatedAmount;
  if (field === "median_amount") return payer.medianAmount;
  if (field === "10th_percentile") return payer.p10;
  if (field === "90th_percentile") return payer.p90;
  return payer.count;
}
