import { isUrl } from "../../sources/tic/open-input.js";
import { isHospitalFile, readFirstBytes } from "../../sources/hpt/detect-hospital-file.js";
import type { Store } from "../../store/store.js";
import { ingestHospitalFile, type HospitalIngestResult } from "./ingest-hospital-file.js";

/**
 * The `ratelens ingest` hook: splits the inputs into hospital price-transparency files (recognised
 * by their first bytes, whatever their name) and everything else (TiC files, URLs, stdin, which keep
 * going to the TiC ingester). Unreadable paths stay with the TiC ingester, which reports them.
 */
export async function splitHospitalInputs(
  locations: readonly string[],
): Promise<{ hospital: string[]; other: string[] }> {
  const hospital: string[] = [];
  const other: string[] = [];
  for (const location of locations) {
    if (location === "-" || isUrl(location)) {
      other.push(location);
      continue;
    }
    const first = await readFirstBytes(location).catch(() => null);
    (first !== null && isHospitalFile(first) ? hospital : other).push(location);
  }
  return { hospital, other };
}

/** Loads each hospital file in turn (each in its own transaction). */
export async function ingestHospitalInputs(
  store: Store,
  files: readonly string[],
  options: { synthetic?: boolean } = {},
): Promise<HospitalIngestResult[]> {
  const results: HospitalIngestResult[] = [];
  for (const file of files) {
    results.push(await ingestHospitalFile(store, file, { synthetic: options.synthetic ?? false }));
  }
  return results;
}

/** One line per hospital file, like the TiC summaries. */
export function describeHospitalResult(result: HospitalIngestResult): string {
  if (result.skipped) {
    return `skipped: ${result.location} (already loaded as hospital file ${result.fileId})`;
  }
  const parts = [
    `hospital file ${result.fileId}`,
    `${result.layout}${result.rulesVersion === null ? "" : ` v${result.rulesVersion}`}`,
    `${result.records.toLocaleString("en-US")} items (${result.loadedRecords.toLocaleString("en-US")} loaded)`,
    `${result.charges.toLocaleString("en-US")} charge rows`,
    `${result.errors} errors, ${result.warnings} warnings (ratelens validate FILE lists them)`,
  ];
  return `ingested: ${result.location}: ${parts.join(", ")}`;
}
