/**
 * The hospital files and the cross-check bound to a store, for the HTTP pages and `/api/v1` routes
 * (the CLI calls `crosscheck` and the ingest itself).
 */
import type { Store } from "../../store/store.js";
import { crosscheck } from "../crosscheck/crosscheck.js";
import type { CrosscheckOptions, CrosscheckResult } from "../crosscheck/crosscheck-types.js";
import {
  hospitalFindings,
  listHospitalFiles,
  type HospitalFileSummary,
  type HospitalFindings,
} from "./hospital-files.js";

export interface HospitalServices {
  files(): Promise<HospitalFileSummary[]>;
  findings(
    fileId: number,
    options?: { limit?: number; severity?: "error" | "warning" },
  ): Promise<HospitalFindings>;
  crosscheck(options: CrosscheckOptions): Promise<CrosscheckResult>;
}

export function hospitalServices(store: Store): HospitalServices {
  return {
    files: () => listHospitalFiles(store),
    findings: (fileId, options) => hospitalFindings(store, fileId, options),
    crosscheck: (options) => crosscheck(store, options),
  };
}
