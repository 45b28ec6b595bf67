import { createWriteStream } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { UpstreamError } from "../../errors.js";
import { isHospitalFile, readFirstBytes } from "../../sources/hpt/detect-hospital-file.js";
import { isUrl, isZipMagic } from "../../sources/tic/open-input.js";
import type { Store } from "../../store/store.js";
import type { ProgressReporter } from "../progress-reporter.js";
import { ingestHospitalFile, type HospitalIngestResult } from "./ingest-hospital-file.js";
import {
  peekStream,
  spoolFolder,
  spoolHospitalUnits,
  type SpoolOptions,
} from "./spool-hospital-input.js";

/**
 * The `ratelens ingest` hook for local paths only: splits them into hospital price-transparency
 * files (recognised by their first bytes, whatever their name) and everything else. Unreadable
 * paths stay with the TiC ingester, which reports them. `routeHospitalInputs` also reads URLs,
 * standard input and zip archives.
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

/** A hospital file to load: a local path, and the location and hash to record when it is a copy. */
export interface HospitalInput {
  /** As recorded: the path, the URL, `-` or `archive.zip#entry`. */
  location: string;
  path: string;
  /** Hash of the stored bytes when `path` is a decompressed copy (zip entries, downloads). */
  sha256?: string;
}

export interface RoutedInputs {
  hospital: HospitalInput[];
  /** For the TiC ingest. */
  other: string[];
  /** Standard input for the TiC ingest, its first bytes replayed, when `-` was not a hospital file. */
  stdin?: Readable;
  /** Zip entries left out of a hospital archive because they are not hospital files. */
  skipped: string[];
  /** Removes the temporary copies: call once every input is loaded. */
  cleanup(): Promise<void>;
}

/**
 * Sorts the inputs of `ratelens ingest` into hospital files and the rest, by their first bytes:
 * local files, `.zip` archives (each entry on its own), http(s) URLs (downloaded once when they are
 * hospital files; otherwise left for the TiC ingest to stream) and `-`. Copies made on the way live
 * in one temporary folder until `cleanup`.
 */
export async function routeHospitalInputs(
  locations: readonly string[],
  options: SpoolOptions = {},
): Promise<RoutedInputs> {
  const folder = await spoolFolder(options);
  const routed: RoutedInputs = {
    hospital: [],
    other: [],
    skipped: [],
    cleanup: () => folder.remove(),
  };
  try {
    let serial = 0;
    for (const location of locations) {
      if (location === "-") {
        const { head, stream } = await peekStream(options.stdin ?? process.stdin);
        if (!isZipMagic(head) && !isHospitalFile(head)) {
          routed.other.push(location);
          routed.stdin = stream;
          continue;
        }
        // Piped bytes are saved as they are (the hash is of the stored bytes).
        const path = join(folder.dir, `stdin-${serial++}${isZipMagic(head) ? ".zip" : ""}`);
        await pipeline(stream, createWriteStream(path));
        if (isZipMagic(head)) {
          const zip = await spoolHospitalUnits(path, folder.dir, options, "-");
          if (zip.files.length === 0) routed.other.push(path);
          routed.hospital.push(...zip.files);
          if (zip.files.length > 0) routed.skipped.push(...zip.others);
        } else {
          routed.hospital.push({ location: "-", path });
        }
        continue;
      }
      if (!isUrl(location)) {
        const first = await readFirstBytes(location).catch(() => null);
        if (first === null || (!isZipMagic(first) && !isHospitalFile(first))) {
          routed.other.push(location);
          continue;
        }
        if (!isZipMagic(first)) {
          routed.hospital.push({ location, path: location });
          continue;
        }
      }
      // A URL or a local zip: its units (one per zip entry) are looked at one by one. A URL that
      // cannot be fetched is left to the TiC ingest, which reports it as that file's failure (with
      // --jobs, or among an index's files, the others still go through).
      const units = await spoolHospitalUnits(location, folder.dir, options).catch(
        (error: unknown) => {
          if (isUrl(location) && error instanceof UpstreamError) return undefined;
          throw error;
        },
      );
      if (units === undefined) {
        routed.other.push(location);
        continue;
      }
      if (units.files.length === 0) routed.other.push(location);
      else routed.skipped.push(...units.others);
      routed.hospital.push(...units.files);
    }
  } catch (error) {
    await folder.remove();
    throw error;
  }
  return routed;
}

/** Loads each hospital file in turn (each in its own transaction). */
export async function ingestHospitalInputs(
  store: Store,
  files: readonly (string | HospitalInput)[],
  options: { synthetic?: boolean; reporter?: ProgressReporter } = {},
): Promise<HospitalIngestResult[]> {
  const results: HospitalIngestResult[] = [];
  for (const file of files) {
    const input = typeof file === "string" ? { location: file, path: file } : file;
    results.push(
      await ingestHospitalFile(store, input.path, {
        synthetic: options.synthetic ?? false,
        location: input.location,
        ...(input.sha256 === undefined ? {} : { sha256: input.sha256 }),
        ...(options.reporter === undefined ? {} : { reporter: options.reporter }),
      }),
    );
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
