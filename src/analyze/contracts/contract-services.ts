/**
 * Contract evaluation bound to a store and reference data, for the HTTP routes and the page
 * (the CLI calls `evaluateFeeSchedule` itself), and the bundled synthetic sample.
 */
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Store } from "../../store/store.js";
import { bundledReferenceDir } from "../reference/bundled-files.js";
import type { ReferenceData } from "../reference/reference-types.js";
import type { ContractEvaluation } from "./contract-types.js";
import type { EvaluateOptions } from "./evaluate-contract.js";
import { evaluateFeeSchedule } from "./evaluate-fee-schedule.js";

/** The bundled sample: a fictional Baltimore pain practice (SYNTHETIC), with the market it is read in. */
export const SAMPLE = {
  file: "baltimore-pain-fee-schedule.csv",
  market: "cbsa:12580",
  zip: "21201",
  offer: "140% medicare",
} as const;

/** Where `data/samples/` is (beside the bundled reference data). */
export function samplePath(): string {
  return join(dirname(bundledReferenceDir()), "samples", SAMPLE.file);
}

export interface ContractServices {
  evaluate(
    file: { name: string; content: Uint8Array | string },
    options: Omit<EvaluateOptions, "source">,
  ): Promise<ContractEvaluation>;
  /** The sample fee schedule's name and text. */
  sample(): Promise<{ name: string; content: string }>;
}

export function contractServices(store: Store, ref: ReferenceData): ContractServices {
  return {
    evaluate: (file, options) => evaluateFeeSchedule(store, ref, file, options),
    sample: async () => ({ name: SAMPLE.file, content: await readFile(samplePath(), "utf8") }),
  };
}
