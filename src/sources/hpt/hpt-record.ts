/**
 * The format-independent shape of a hospital price-transparency file (45 CFR 180, CMS template
 * v2.0–v3.0, plus the pre-template "legacy wide" layout): what every reader (tall CSV, wide CSV,
 * JSON) produces, what the validation rules read and what the store writes. Values stay as written
 * (strings; JSON numbers as their text) so the rules can tell "missing" from "not a number", and the
 * normaliser parses them once (`parseAmount`).
 */

/** How the file is laid out. */
export type HptLayout = "csv-tall" | "csv-wide" | "json" | "legacy-wide";

/** The template versions the rules know. */
export type HptVersion = "2.0.0" | "2.1.0" | "2.2.0" | "3.0.0";

/** Where a value sits: a CSV line (1-based) and column, or a JSON path. */
export interface HptPosition {
  readonly row: number | null;
  readonly jsonPath: string | null;
}

/** File-level data elements (the CSV header rows, the JSON root scalars). */
export interface HptHeader {
  hospitalName: string | null;
  lastUpdatedOn: string | null;
  /** The `version` the file declares, as written. */
  version: string | null;
  locations: string[];
  addresses: string[];
  licenseNumber: string | null;
  licenseState: string | null;
  type2Npis: string[];
  /** Not a template element: from the CMS file name `<EIN>_<name>_standardcharges.<ext>`, or given. */
  ein: string | null;
  /** `confirm_affirmation` (v2) / `confirm_attestation` (v3): null when absent. */
  attestationConfirmed: boolean | null;
  attesterName: string | null;
  /** Raw header labels as written (CSV), for the header rules. */
  labels: string[];
}

/** One payer-specific negotiated charge (a tall row, a wide column group, a `payers_information`). */
export interface HptPayerCharge {
  /** Where it is: "Platform Health Insurance | PPO" (wide), `payers_information[1]` (JSON), "" (tall). */
  label: string;
  payerName: string | null;
  planName: string | null;
  dollar: string | null;
  percentage: string | null;
  algorithm: string | null;
  methodology: string | null;
  estimatedAmount: string | null;
  medianAmount: string | null;
  p10: string | null;
  p90: string | null;
  count: string | null;
  notes: string | null;
}

/** One item × setting: a CSV row or one `standard_charges[]` entry of a JSON item. */
export interface HptRecord {
  position: HptPosition;
  description: string | null;
  codes: { code: string; type: string }[];
  modifiers: string[];
  setting: string | null;
  billingClass: string | null;
  drugUnit: string | null;
  /** JSON only: the type `drug_information.unit` was written as (a string in v2.2, a number in v3.0). */
  drugUnitJsonType?: "string" | "number";
  drugType: string | null;
  gross: string | null;
  discountedCash: string | null;
  minimum: string | null;
  maximum: string | null;
  genericNotes: string | null;
  payers: HptPayerCharge[];
  /** Code-pair halves as written (code without type or type without code), for the pair rule. */
  codeHalves: { index: number; code: string | null; type: string | null }[];
}

/** An empty payer charge with its label. */
export function emptyPayerCharge(label: string): HptPayerCharge {
  return {
    label,
    payerName: null,
    planName: null,
    dollar: null,
    percentage: null,
    algorithm: null,
    methodology: null,
    estimatedAmount: null,
    medianAmount: null,
    p10: null,
    p90: null,
    count: null,
    notes: null,
  };
}

/** True when the payer entry carries a negotiated charge in any of its three forms. */
export function hasNegotiatedCharge(payer: HptPayerCharge): boolean {
  return payer.dollar !== null || payer.percentage !== null || payer.algorithm !== null;
}

/**
 * A dollar or percentage amount as written → number; null for blank or not a number. Accepts
 * "1,234.50" and "$1,234.50" (seen in real files) but not "N/A".
 */
export function parseAmount(value: string | null): number | null {
  if (value === null) return null;
  const cleaned = value.trim().replace(/^\$/, "").replace(/,/g, "");
  if (!/^(?:\d+|\d+\.\d*|\.\d+)$/.test(cleaned)) return null;
  return Number(cleaned);
}

/** Blank (empty or spaces) → null, else the value trimmed. */
export function blankToNull(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

/** Empty header. */
export function emptyHeader(): HptHeader {
  return {
    hospitalName: null,
    lastUpdatedOn: null,
    version: null,
    locations: [],
    addresses: [],
    licenseNumber: null,
    licenseState: null,
    type2Npis: [],
    ein: null,
    attestationConfirmed: null,
    attesterName: null,
    labels: [],
  };
}
