/**
 * The one entry point the CLI, the API and the page share: a fee schedule's bytes (CSV or .xlsx)
 * → rows → lines (bad rows become errors) → the evaluation.
 */
import type { Store } from "../../store/store.js";
import { readFeeScheduleTable } from "../../sources/contracts/read-fee-schedule.js";
import type { ReferenceData } from "../reference/reference-types.js";
import type { ContractEvaluation } from "./contract-types.js";
import { evaluateContract, type EvaluateOptions } from "./evaluate-contract.js";
import { parseFeeSchedule } from "./parse-fee-schedule.js";

/** Reads, parses and evaluates a fee schedule. */
export async function evaluateFeeSchedule(
  store: Store,
  ref: ReferenceData,
  file: { name: string; content: Uint8Array | string },
  options: Omit<EvaluateOptions, "source">,
): Promise<ContractEvaluation> {
  const parsed = parseFeeSchedule(await readFeeScheduleTable(file.name, file.content), ref);
  return evaluateContract(store, ref, parsed, { ...options, source: file.name });
}
