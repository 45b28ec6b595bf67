/**
 * The in-memory reference data that pricing, the claim checker and the benchmarks read. It is
 * built from the store's reference tables (after `ratelens import ...`) or straight from the
 * bundled files under `data/reference/` (see `load-reference-data.ts`). Every table keeps the
 * name of its source file and its edition/effective date so findings and amounts can cite them.
 */
import type {
  GpciRow,
  LocalityCounties,
  MedicaidFee,
  MueEdit,
  PfsRow,
  PtpEdit,
  ReferenceSource,
} from "../../sources/reference/reference-rows.js";

// The rows as the parsers read them; re-exported for the readers of `ReferenceData`.
export type { GpciRow, LocalityCounties, MedicaidFee, MueEdit, PfsRow, PtpEdit, ReferenceSource };

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

/** Everything reference, in one object. */
export interface ReferenceData {
  feeSchedules: ReadonlyMap<number, FeeScheduleYear>;
  /** county/locality mapping: state → macLocality list, and ZIP-less lookups by state name. */
  localitiesByState: ReadonlyMap<string, readonly string[]>;
  ncci: NcciTables;
  icd10Titles: ReadonlyMap<string, string>;
  taxonomies: ReadonlyMap<
    string,
    { classification: string; specialization: string; displayName: string }
  >;
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
