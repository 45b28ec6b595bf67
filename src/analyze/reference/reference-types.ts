/**
 * The in-memory reference data that pricing, the claim checker and the benchmarks read. It is
 * built from the store's reference tables (after `ratelens import ...`) or straight from the
 * bundled files under `data/reference/` (see `load-reference-data.ts`). Every table keeps the
 * name of its source file and its edition/effective date so findings and amounts can cite them.
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

/** A fee-schedule year: the RVU rows and (when bundled/imported) its GPCIs. */
export interface FeeScheduleYear {
  year: number;
  conversionFactor: number;
  /** The QP conversion factor where known (2026: 33.5675). */
  qpConversionFactor?: number;
  rows: ReadonlyMap<string, PfsRow>; // key: code or code-modifier ("77003-26")
  gpcis: readonly GpciRow[] | null; // null: no GPCI file for that year: say so, never borrow another year's
  rvuSource: ReferenceSource;
  gpciSource: ReferenceSource | null;
}

/** NCCI tables with their editions. */
export interface NcciTables {
  /** add-on code → allowed primary codes */
  addOnPrimaries: ReadonlyMap<string, ReadonlySet<string>>;
  /** "col1|col2" → edit; only active edits (deletion date in the future or '*'). */
  ptp: ReadonlyMap<string, PtpEdit>;
  mue: ReadonlyMap<string, MueEdit>;
  aocSource: ReferenceSource;
  ptpSource: ReferenceSource;
  mueSource: ReferenceSource;
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

/** Everything reference, in one object. */
export interface ReferenceData {
  feeSchedules: ReadonlyMap<number, FeeScheduleYear>;
  /** county/locality mapping: state → macLocality list, and ZIP-less lookups by state name. */
  localitiesByState: ReadonlyMap<string, readonly string[]>;
  ncci: NcciTables;
  icd10Titles: ReadonlyMap<string, string>;
  taxonomies: ReadonlyMap<string, { classification: string; specialization: string; displayName: string }>;
  placesOfService: ReadonlyMap<string, { name: string; facility: boolean }>;
  /** Medicaid fee schedules by state (imported by users; none bundled). */
  medicaid: ReadonlyMap<string, readonly MedicaidFee[]>;
  icd10Source: ReferenceSource;
  taxonomySource: ReferenceSource;
  posSource: ReferenceSource;
  /** ICD-10-CM category headers (codes with children): not billable. Absent in hand-built fixtures. */
  icd10Headers?: ReadonlySet<string>;
  /** Counties per locality (CMS yyLOCCO file), for display and state lookups. */
  localityCounties?: readonly LocalityCounties[];
  /** ZIP code → MAC-locality, only when the user imported CMS's ZIP-to-locality file; null otherwise. */
  zipLocalities?: ReadonlyMap<string, string> | null;
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
