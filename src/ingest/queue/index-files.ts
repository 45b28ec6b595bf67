/**
 * The files an index (table of contents) lists, read as a stream: one `reporting_structure`
 * element at a time is parsed, so memory holds a chunk and one structure, not the index. An input
 * that is not an index (its first root array is `in_network`, `out_of_network` or
 * `provider_references`) is itself the one file to load, and is not read further.
 *
 * The enqueuer needs this before the parallel ingest's own index walk lands (issue #12, item 1);
 * `enqueueFromIndex` takes any walk of the same shape.
 */
import { dirname, resolve } from "node:path";
import { InputError } from "../../errors.js";
import type { PlanInfo } from "../ingest-types.js";
import { plansOfStructure } from "../index-walk.js";
import { ScanError, TicScanner, type ScannerSink } from "../../sources/tic/json-scanner.js";
import { isUrl, openInputs } from "../../sources/tic/open-input.js";

/** One listing of a file: its location (resolved against the index) and the plans of that structure. */
export interface ListedFile {
  readonly url: string;
  readonly plans: readonly PlanInfo[];
  readonly index?: string;
}

/** Reading options: the cache folder for a remote zip, and an injectable fetch. */
export interface IndexReadOptions {
  readonly cacheDir?: string;
  readonly fetch?: typeof fetch;
}

/** Thrown inside the stream to stop reading a file found not to be an index. */
class NotAnIndex extends Error {}

/**
 * Hands every file listing of `location` (an index) to `take`, a chunk's worth at a time, or the
 * location itself when it is a data file. `take` is awaited before the next chunk is read.
 */
export async function listIndexFiles(
  location: string,
  take: (files: ListedFile[]) => Promise<void> | void,
  options: IndexReadOptions = {},
): Promise<void> {
  const units = await openInputs(location, {
    cacheDir: options.cacheDir ?? ".cache",
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  for (const unit of units) {
    let pending: ListedFile[] = [];
    const seen = { index: false };
    const sink: ScannerSink = {
      header: () => undefined,
      section(section, starts) {
        if (section === "reporting_structure") seen.index = true;
        else if (starts && !seen.index) throw new NotAnIndex();
      },
      wants: (section) => section === "reporting_structure",
      element(element) {
        let structure: unknown;
        try {
          structure = JSON.parse(element.bytes.toString("utf8"));
        } catch (error) {
          const jsonPath = `$.reporting_structure[${element.index}]`;
          throw new InputError(
            unit.location,
            { byteOffset: element.byteOffset, jsonPath },
            `invalid JSON: ${String(error)}`,
          );
        }
        pending.push(...filesOfStructure(unit.location, structure));
      },
    };
    const scanner = new TicScanner(sink);
    try {
      await unit.read(async (source) => {
        for await (const chunk of source) {
          scanner.push(chunk);
          if (pending.length > 0) {
            const batch = pending;
            pending = [];
            await take(batch);
          }
        }
        scanner.end();
      });
      if (!seen.index) {
        throw new InputError(
          unit.location,
          { jsonPath: "$" },
          "not a Transparency in Coverage file: no reporting_structure, in_network or out_of_network array",
        );
      }
      if (pending.length > 0) await take(pending);
    } catch (error) {
      if (error instanceof NotAnIndex) await take([{ url: unit.location, plans: [] }]);
      else if (error instanceof ScanError) {
        throw new InputError(
          unit.location,
          { byteOffset: error.byteOffset, jsonPath: error.jsonPath },
          error.problem,
        );
      } else throw error;
    } finally {
      unit.close?.();
    }
  }
}

/** The in-network files and allowed-amount file of one structure, with its plans. */
function filesOfStructure(indexLocation: string, structure: unknown): ListedFile[] {
  if (typeof structure !== "object" || structure === null) return [];
  const s = structure as { in_network_files?: unknown; allowed_amount_file?: unknown };
  const plans = plansOfStructure(structure);
  const files = [
    ...(Array.isArray(s.in_network_files) ? (s.in_network_files as unknown[]) : []),
    ...(s.allowed_amount_file === undefined ? [] : [s.allowed_amount_file]),
  ];
  const listed: ListedFile[] = [];
  for (const file of files) {
    const raw = (file as { location?: unknown } | null)?.location;
    if (typeof raw !== "string" || raw.trim() === "") continue;
    listed.push({ url: resolveLocation(indexLocation, raw.trim()), plans, index: indexLocation });
  }
  return listed;
}

/** A location relative to the index: URL resolution for a remote index, path resolution for a local one. */
function resolveLocation(indexLocation: string, location: string): string {
  if (isUrl(location)) return location;
  if (isUrl(indexLocation)) return new URL(location, indexLocation).toString();
  const base = indexLocation.includes("#")
    ? indexLocation.slice(0, indexLocation.indexOf("#"))
    : indexLocation;
  return indexLocation === "-" ? resolve(location) : resolve(dirname(base), location);
}
