/**
 * What the HTTP app needs from the library, as one object. `default-services.ts` binds it to the
 * real library functions (the same ones the CLI calls); tests may bind it to a fresh store.
 */
import type { BenchmarkFilters, BenchmarkResult } from "../analyze/benchmark/benchmark-types.js";
import type { FilterChoices } from "../analyze/benchmark/filter-choices.js";
import type { Finding } from "../rules/finding.js";
import type { DataViewKind } from "../present/report/data-view.js";
import type { Publication } from "../present/report/publication-types.js";
import type { ContractServices } from "../analyze/contracts/contract-services.js";
import type { CodeEntry, CodeSearchHit } from "../analyze/codes/code-entry.js";
import type { MedicareAnswer, MedicareQuery } from "./medicare-answer.js";

export type { MedicareQuery } from "./medicare-answer.js";

/** A claim-check answer: the parsed claims' count and every finding. */
export interface CheckResponse {
  claims: number;
  findings: Finding[];
  /** Per claim: its id and findings (the library's result may carry more: origin, policy, counts). */
  results: { claimId: string; findings: Finding[] }[];
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
  /** Parses claim text (JSON, JSONL, CSV or X12 837P) and checks every claim. */
  check(text: string, sourceName: string): Promise<CheckResponse>;
  /**
   * The publication for a code in a data view (default: real payer data first, see
   * `publicationViewsFor`): the written file when there is one, else built now.
   */
  publication(code: string, view?: DataViewKind): Promise<Publication>;
  /** Codes with a written publication, for the index. */
  publishedCodes(): Promise<Publication[]>;
  /** Contract evaluation: the /contracts page and POST /api/v1/contracts/evaluate. */
  contracts: ContractServices;
}
