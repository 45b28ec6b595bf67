/**
 * The per-code publication as data (docs/product.md, "The publication"). `buildPublication` makes
 * one from a code entry, a benchmark result and the reference data; `renderHtml` and
 * `renderMarkdown` are pure functions of it, and it is itself the JSON output. Missing parts are
 * `null` plus a plain sentence in `missing`, never invented values.
 */
import type { FacilityPayment } from "../../analyze/facility/facility-payments.js";
import type { DataView } from "./data-view.js";
import type { BenchmarkResult } from "../../analyze/benchmark/benchmark-types.js";
import type { ReferenceSource } from "../../analyze/reference/reference-types.js";
import type { HospitalRatesForCode } from "../../analyze/source-benchmark/hospital-rates-for-code.js";

/** Version tag of the JSON shape; bump when a field changes meaning. */
export const PUBLICATION_SCHEMA = "ratelens.publication/1";

/** A code with a short label, e.g. a related code or an allowed primary. */
export interface CodeRef {
  code: string;
  /** Our own plain-language description (never an AMA descriptor), or a relation note. */
  label: string;
}

/** "Code overview": what the code is and how it is billed. */
export interface CodeOverview {
  /** Plain-language description written by the ratelens authors. */
  description: string;
  /** e.g. "Lumbar or sacral spine". */
  region: string | null;
  /** e.g. "Second level (add-on to the first)". */
  level: string | null;
  kind: "primary" | "add-on" | "imaging-guidance" | "not stated";
  /** For add-on codes: the primary codes it may be billed with (NCCI add-on table). */
  primaries: CodeRef[];
  /** Medicare global period as in the PFS file ("000", "ZZZ" …) with its meaning. */
  globalPeriod: string | null;
  /** Services included in the code that must not be billed apart (e.g. imaging guidance). */
  bundled: string[];
  /** Typical places of service, with the Medicare facility/non-facility classing. */
  placesOfService: { code: string; name: string; facility: boolean }[];
  /** PFS indicators worth knowing (bilateral, multiple procedure, assistant …). */
  indicators: { label: string; value: string }[];
  /** The code's NCCI procedure-to-procedure edits with the supported and commonly paired codes. */
  ptpEdits?: PtpEditRow[];
  /** The RVU breakdown behind each year's national amount (global, -26, -TC rows). */
  rvus?: RvuRow[];
}

/** One NCCI PTP edit: column 1 (comprehensive) and column 2 (bundled) codes, modifier indicator, dates. */
export interface PtpEditRow {
  column1: string;
  column2: string;
  modifierIndicator: string;
  meaning: string;
  effective: string | null;
  deleted: string | null;
  rationale: string;
}

/** One PFS row: RVUs, conversion factor and the national amounts they give. */
export interface RvuRow {
  year: number;
  modifier: string;
  work: number;
  nonFacilityPe: number | null;
  facilityPe: number | null;
  mp: number;
  conversionFactor: number;
  nationalNonFacility: number | null;
  nationalFacility: number | null;
  source: string;
}

/** "Clinical and coding specifications". */
export interface CodeSpecifications {
  clinicalContext: string | null;
  modifiers: { modifier: string; whenToUse: string }[];
  taxonomies: { code: string; title: string }[];
  /** ICD-10-CM codes; `role` says whether the diagnosis supports the procedure (e.g. on the LCD list). */
  diagnoses: { code: string; title: string; role: string | null }[];
  relatedCodes: CodeRef[];
  /** The clinical workflow between the related codes, step by step. */
  workflow: string[];
  documentation: string[];
  /** Coding notes and common errors. */
  notes: string[];
}

/** The code-reference part of a publication, as the code-reference module supplies it. */
export interface CodeSection {
  code: string;
  /** Short plain-language title used in headings, e.g. "Facet joint injection, lumbar, second level". */
  title: string;
  overview: CodeOverview;
  specifications: CodeSpecifications;
  sources: ReferenceSource[];
}

/** The whole publication. This object is what `<code>.json` holds. */
export interface Publication {
  schema: typeof PUBLICATION_SCHEMA;
  code: string;
  title: string;
  generatedAt: string;
  /** True when any number on the page comes from synthetic (generated demo) data. */
  synthetic: boolean;
  /** Summary sentences for the top of the page (generated from the data). */
  summary: string[];
  /** Null when the code is not in the code reference: the page says so. */
  codeSection: CodeSection | null;
  /** Null when no benchmark could be computed (no rates loaded, engine unavailable). */
  benchmark: BenchmarkResult | null;
  /** Sentences generated from the benchmark numbers (see `benchmark-sentences.ts`). */
  benchmarkSentences: string[];
  /** Reference files behind the Medicare amounts, edits and titles. */
  referenceSources: ReferenceSource[];
  /** Plain statements of what is missing, shown on the page. */
  missing: string[];
  /** Medicare's own facility payment (OPPS, ASC) for the code; absent on pages built without it. */
  facilityMedicare?: FacilityPayment[];
  /** Real data only, or including synthetic, and whether the other view exists (absent: the caller chose). */
  dataView?: DataView;
  /**
   * The hospitals' own negotiated charges for the code (price-transparency files), beside the
   * payers' institutional TiC rates, each labelled by source; absent on pages built without a
   * store lookup. No hospital file loaded: `hospitalFilesLoaded` 0 and no rows.
   */
  hospitalRates?: HospitalRatesForCode;
}
