/**
 * The shape of a benchmark result: the contract between the benchmark engine (analyze/benchmark)
 * and everything that presents it (CLI table, publication, HTTP API, web UI).
 */
import type { SourceBenchmarkRow } from "../source-benchmark/benchmark-by-source.js";
import type { MonthSource } from "../releases/release-month.js";

/** Distribution statistics over dollar amounts. Undefined fields mean "no data", never zero. */
export interface DistributionStats {
  count: number;
  mean: number;
  median: number;
  p10: number;
  p25: number;
  p75: number;
  p90: number;
  min: number;
  max: number;
  iqr: number;
  /** Coefficient of variation: standard deviation / mean (population SD). */
  cv: number;
}

/** A statistic expressed as a percentage of the matching Medicare amount (100 = Medicare). */
export interface PercentOfMedicare {
  mean: number;
  median: number;
  p10: number;
  p25: number;
  p75: number;
  p90: number;
}

/** Filters a user may apply; all optional. */
export interface BenchmarkFilters {
  codes: string[];
  payers?: string[];
  states?: string[];
  billingClass?: "professional" | "institutional";
  facilityClass?: "facility" | "nonfacility";
  modifier?: string;
  /** NUCC taxonomy codes; only providers with one of these primary taxonomies are kept. */
  taxonomies?: string[];
  /** Include synthetic (demo) files. Default true, and synthetic rows are always labelled. */
  includeSynthetic?: boolean;
  /** A market (see analyze/markets/parse-market.ts): providers placed by their NPPES practice ZIP. */
  market?: string;
  /**
   * Whose rates: the payers' TiC files ("payer", the default), the hospitals' price-transparency
   * files ("hospital") or both side by side ("both"), never pooled (`benchmarkWithSources`).
   */
  source?: BenchmarkSourceFilter;
  /**
   * Release month (YYYY-MM): per payer × plan or network, the latest file released on or before
   * it. Absent: the latest release of each (`inForce` in analyze/releases).
   */
  asOf?: string;
}

export type BenchmarkSourceFilter = "payer" | "hospital" | "both";

/** One payer's row in the table. */
export interface PayerBenchmark {
  payer: string;
  /** e.g. "Blue Cross Blue Shield"; the plan/entity names kept below. */
  payerFamily: string;
  reportingEntities: string[];
  isBuca: boolean;
  synthetic: boolean;
  billingCode: string;
  billingClass: string | null;
  facilityClass: "facility" | "nonfacility" | "unknown";
  /** Distinct providers: TINs and NPIs behind the kept rates. */
  providerTins: number;
  providerNpis: number;
  stats: DistributionStats;
  /** Against Medicare for the matching setting (locality-matched where the provider location is known). */
  percentOfMedicare: PercentOfMedicare | null;
  medicareBasis: "locality" | "national" | "mixed" | "none";
  /** Rates by negotiated type among those kept: negotiated, fee schedule, derived. */
  negotiatedTypes: Record<string, number>;
  /** Modifiers of the rates in this row, sorted and joined with "+" ("" = no modifier). */
  modifiers?: string;
  /** Distinct unresolved provider references (provider_group_id) counted as providers instead of TIN/NPI. */
  providerGroupRefs?: number;
  /** The national Medicare amount for the row's code and setting (null: no comparison). */
  medicareNational?: number | null;
  /** The log-scale IQR fences applied to this row's cell (null: fewer rates than the minimum). */
  fences?: { lower: number; upper: number } | null;
  /** Where the lowest and highest kept rates sit in their files (see `sources` for the file hash). */
  extremes?: { min: RatePosition; max: RatePosition };
}

/** A kept rate's place in its source file: in_network item, negotiated_rates entry, negotiated_prices entry. */
export interface RatePosition {
  fileId: number;
  itemIndex: number;
  rateIndex: number;
  priceIndex: number;
  rate: number;
}

/** A pooled row across payers: "All commercial" or "BUCA" (Blue Cross Blue Shield, UnitedHealthcare, Cigna, Aetna). */
export interface GroupBenchmark {
  group: "All commercial" | "BUCA";
  billingCode: string;
  billingClass: string | null;
  facilityClass: "facility" | "nonfacility" | "unknown";
  modifiers: string;
  synthetic: boolean;
  providerTins: number;
  providerNpis: number;
  /** Distinct unresolved provider references counted instead of TIN/NPI. */
  providerGroupRefs: number;
  stats: DistributionStats;
  percentOfMedicare: PercentOfMedicare | null;
  medicareNational: number | null;
  /** Mean minus national Medicare, in dollars (null: no comparison). */
  meanMinusMedicare: number | null;
}

/** The Medicare reference row: the amount across localities for the code and setting. */
export interface MedicareRow {
  billingCode: string;
  year: number;
  facilityClass: "facility" | "nonfacility";
  national: number;
  /** Distribution of the locality amounts (count = number of localities). */
  localities: DistributionStats | null;
  source: string;
}

/** How many rates each cleaning rule removed, in the order applied. */
export interface CleaningStep {
  ruleId: string;
  description: string;
  removed: number;
  remaining: number;
  /** e.g. { lowerFence: 42.1, upperFence: 930.2 } */
  parameters?: Record<string, number | string>;
}

/** Rates set apart because they are not dollars. */
export interface NonDollarSummary {
  percentage: { count: number; median: number | null };
  perDiem: { count: number; median: number | null };
}

/** A source file that contributed rates. */
export interface BenchmarkSource {
  fileId: number;
  location: string;
  sha256: string;
  reportingEntityName: string | null;
  lastUpdatedOn: string | null;
  ingestedAt: string;
  synthetic: boolean;
  rates: number;
  // The three below are set by the engine; absent only in results saved before releases were named.
  /** The plan or network the file belongs to (its plan fields, else its name without dates). */
  plan?: string;
  /** The release month (YYYY-MM) the file belongs to; null when nothing dates it. */
  release?: string | null;
  /** Where the release month came from: last_updated_on, the index date, the file name. */
  releaseFrom?: MonthSource;
}

/** The releases a benchmark read: the latest per payer × plan, or the latest on or before `asOf`. */
export interface BenchmarkReleases {
  /** The as-of month asked for; null: the latest release of each payer × plan. */
  asOf: string | null;
  /** Distinct release months of the files read, oldest first. */
  months: string[];
  /** Dated files of the matching payers not read: another release of their payer × plan is in force (or, with `asOf`, all of theirs are later). */
  superseded: number;
  /** Undated files: kept without an as-of, left out with one. */
  undated: number;
}

/** The full benchmark for one code. */
export interface BenchmarkResult {
  billingCode: string;
  filters: BenchmarkFilters;
  generatedAt: string;
  payers: PayerBenchmark[];
  medicare: MedicareRow[];
  /** All commercial payers pooled, with its difference from Medicare. */
  commercial: { stats: DistributionStats; percentOfMedicare: PercentOfMedicare | null } | null;
  cleaning: CleaningStep[];
  nonDollar: NonDollarSummary;
  sources: BenchmarkSource[];
  /** Which releases the figures come from (absent in results built before releases were named). */
  releases?: BenchmarkReleases;
  /** Plain statements of what is missing (no rates, no locality data, no provider directory …). */
  gaps: string[];
  /** True when any number in the result comes from synthetic data. */
  containsSynthetic: boolean;
  /** Pooled rows per code × billing class × setting × modifier ("All commercial", "BUCA"). */
  groups?: GroupBenchmark[];
  /** The Medicare fee-schedule year used (null: none loaded). */
  medicareYear?: number | null;
  /** The market the providers were placed in (absent: national). */
  market?: { spec: string; label: string; zips: number; localities: readonly string[] };
  /** The cleaning settings in force (see docs/methodology.md). */
  settings?: Record<string, number | string | boolean>;
  /**
   * With `filters.source` "hospital" or "both": one row per source × payer (× hospital) × setting
   * × unit, labelled by source, never pooled across sources.
   */
  bySource?: SourceBenchmarkRow[];
}
