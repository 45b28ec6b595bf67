/**
 * The reference rows as the parsers read them from CMS, NCCI and state files, each with the file
 * and edition it came from (`ReferenceSource`): the vocabulary the store, the in-memory
 * `ReferenceData` (analyze/reference) and the rules share.
 */

/** A source file of reference data: which file, which edition. */
export interface ReferenceSource {
  /** e.g. "PPRRVU2025_Oct.csv (CMS RVU25D, October 2025 release)" */
  file: string;
  /** e.g. "2025-10" or "2024-07-01" */
  edition: string;
  sha256?: string;
  /** Where a reader finds the source (the publisher's page), when known. */
  url?: string;
}

/** One row of the PFS relative value file (PPRRVU), keyed by code + modifier ('' / '26' / 'TC' / '53'). */
export interface PfsRow {
  code: string;
  modifier: string;
  status: string;
  workRvu: number;
  /** null where the file says NA (setting rarely or never priced). */
  nonFacilityPeRvu: number | null;
  facilityPeRvu: number | null;
  mpRvu: number;
  nonFacilityTotal: number | null;
  facilityTotal: number | null;
  pcTcIndicator: string;
  globalDays: string;
  multipleProcedureIndicator: string;
  bilateralIndicator: string;
  assistantIndicator: string;
  coSurgeonIndicator: string;
  teamIndicator: string;
  conversionFactor: number;
  /** 2026+ files only: the "PRIC IND" column, kept verbatim (its meaning is not documented in our sources). */
  pricingIndicator?: string;
}

/** One Medicare payment locality's GPCIs. */
export interface GpciRow {
  macLocality: string; // e.g. "13202-01"
  mac: string;
  locality: string;
  state: string;
  name: string;
  work: number;
  pe: number;
  mp: number;
}

export interface PtpEdit {
  column1: string;
  column2: string;
  /** 0 = never together; 1 = allowed with an NCCI-associated modifier and a distinct service; 9 = not applicable */
  modifierIndicator: "0" | "1" | "9";
  effectiveDate: string | null;
  deletionDate: string | null;
  rationale: string;
}

export interface MueEdit {
  code: string;
  maxUnits: number;
  /** MUE adjudication indicator: 1 line edit, 2 date of service (absolute), 3 date of service (clinical) */
  mai: 1 | 2 | 3;
  rationale: string;
}

/** A fee schedule area and the counties it covers. */
export interface LocalityCounties {
  macLocality: string;
  state: string;
  feeScheduleArea: string;
  counties: string;
}

export interface MedicaidFee {
  state: string;
  code: string;
  modifier: string;
  facilityAmount: number | null;
  nonFacilityAmount: number | null;
  effectiveDate: string;
  source: ReferenceSource;
}
