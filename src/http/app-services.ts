/**
 * What the HTTP app needs from the library, as one object. `default-services.ts` binds it to the
 * real library functions (the same ones the CLI calls); tests may bind it to a fresh store.
 */
import type { BenchmarkFilters, BenchmarkResult } from "../analyze/benchmark/benchmark-types.js";
import type { FilterChoices } from "../analyze/benchmark/filter-choices.js";
import type { Finding } from "../rules/finding.js";
import type { MedicareExpectation } from "../rules/medicare-expectation.js";
import type { DataViewKind } from "../present/report/data-view.js";
import type { Publication } from "../present/report/publication-types.js";
import type { ContractServices } from "../analyze/contracts/contract-services.js";
import type { HospitalServices } from "../analyze/hospitals/hospital-services.js";
import type { CodeEntry, CodeSearchHit } from "../analyze/codes/code-entry.js";
import type { MedicareAnswer, MedicareQuery } from "./medicare-answer.js";
import type { ChangesServices } from "./changes-services.js";

export type { MedicareQuery } from "./medicare-answer.js";

/** A claim-check answer: the parsed claims' count, every finding, and each claim's Medicare amount. */
export interface CheckResponse {
  claims: number;
  findings: Finding[];
  /** Per claim: its id, findings and expected Medicare amount (as `ratelens check` prints it). */
  results: { claimId: string; findings: Finding[]; expectedMedicare: MedicareExpectation }[];
}

/** How to price checked claims: fee-schedule year (default: each claim's date of service) and locality (default: national). */
export interface CheckPricing {
  year?: number;
  locality?: string;
}

/** The library functions behind the routes. Each throws `RatelensError`s on failure. */
export interface AppServices {
  /** The code-reference entry (plain-language description, modifiers, …); NotFoundError if unknown. */
  codeEntry(code: string): Promise<CodeEntry>;
  /** Code search by number or words. */
  searchCodes(query: string): Promise<CodeSearchHit[]>;
  benchmark(filters: BenchmarkFilters): Promise<BenchmarkResult>;
  /** The loaded payers, states, markets and settings: the explorer's pick lists, `/api/v1/filters`. */
  filterChoices(): Promise<FilterChoices>;
  medicare(query: MedicareQuery): Promise<MedicareAnswer>;
  /** Parses claim text (JSON, JSONL, CSV or X12 837P), checks every claim and prices it with the Medicare PFS. */
  check(text: string, sourceName: string, pricing?: CheckPricing): Promise<CheckResponse>;
  /**
   * The publication for a code in a data view (default: real payer data first, see
   * `publicationViewsFor`): the written file when there is one, else built now.
   */
  publication(code: string, view?: DataViewKind): Promise<Publication>;
  /** Codes with a written publication, for the index. */
  publishedCodes(): Promise<Publication[]>;
  /** Contract evaluation: the /contracts page and POST /api/v1/contracts/evaluate. */
  contracts: ContractServices;
  /** Hospital price-transparency files and the hospital ↔ payer cross-check. */
  hospitals: HospitalServices;
  /** Releases, changes and alerts: /payers, /alerts, /api/v1/changes, /api/v1/alerts. */
  changes: ChangesServices;
}
