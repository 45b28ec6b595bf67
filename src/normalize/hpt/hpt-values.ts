/**
 * Allowed values of the CMS hospital price-transparency templates, as CMS's validator
 * (CMSgov/hpt-validator, src/validators/CsvHelpers.ts) and the JSON schemas
 * (CMSgov/hospital-price-transparency, documentation/JSON/schemas, V2.0.0–V3.0.0) define them.
 */
export const SETTINGS = ["inpatient", "outpatient", "both"];

export const METHODOLOGIES = [
  "case rate",
  "fee schedule",
  "percent of total billed charges",
  "per diem",
  "other",
];

export const BILLING_CODE_TYPES = [
  "CPT",
  "NDC",
  "HCPCS",
  "RC",
  "ICD",
  "DRG",
  "MS-DRG",
  "R-DRG",
  "S-DRG",
  "APS-DRG",
  "AP-DRG",
  "APR-DRG",
  "APC",
  "LOCAL",
  "EAPG",
  "HIPPS",
  "CDT",
  "CDM",
  "TRIS-DRG",
  "CMG",
  "MS-LTC-DRG",
];

export const DRUG_UNITS = ["GR", "ME", "ML", "UN", "F2", "EA", "GM"];

export const STATE_CODES = new Set([
  "AL",
  "AK",
  "AZ",
  "AR",
  "CA",
  "CO",
  "CT",
  "DE",
  "DC",
  "FL",
  "GA",
  "HI",
  "ID",
  "IL",
  "IN",
  "IA",
  "KS",
  "KY",
  "LA",
  "ME",
  "MD",
  "MA",
  "MI",
  "MN",
  "MS",
  "MO",
  "MT",
  "NE",
  "NV",
  "NH",
  "NJ",
  "NM",
  "NY",
  "NC",
  "ND",
  "OH",
  "OK",
  "OR",
  "PA",
  "RI",
  "SC",
  "SD",
  "TN",
  "TX",
  "UT",
  "VT",
  "VA",
  "WA",
  "WV",
  "WI",
  "WY",
  "AS",
  "GU",
  "MP",
  "PR",
  "VI",
  "UM",
]);

/** The v3.0 `count` of allowed amounts: "0", "1 through 10", or 11 and up (schema pattern). */
export const ALLOWED_COUNT = /^(0|1 through 10|1[1-9]|[2-9]\d+|[1-9]\d{2,})$/;

/** Nine 9s: the placeholder CMS asks hospitals to stop encoding (alert since 2025-05-22). */
export const NINE_NINES = 999999999;

/** Case-insensitive, trimmed membership. */
export function isOneOf(value: string, allowed: readonly string[]): boolean {
  const v = value.trim().toLowerCase();
  return allowed.some((a) => a.toLowerCase() === v);
}

/** YYYY-MM-DD or M/D/YYYY, a real calendar date (CMS's `isValidDate`). */
export function isValidDate(value: string): boolean {
  let y: number, m: number, d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value.trim());
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
  if (iso !== null) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (us !== null) [y, m, d] = [Number(us[3]), Number(us[1]), Number(us[2])];
  else return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
