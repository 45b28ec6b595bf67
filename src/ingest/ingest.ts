import { dirname, resolve } from "node:path";
import { describeError, InputError, UpstreamError, UsageError } from "../errors.js";
import type { Store } from "../store/store.js";
import { insertPlans } from "../store/tic-source-files.js";
import type { IngestOptions, IngestReporter, IngestSummary, PlanInfo } from "./ingest-types.js";
import { ingestUnit, notLoaded, plansOfStructure, type UnitContext, type UnitOutcome } from "./ingest-unit.js";
import { isUrl, openInputs, type InputUnit } from "../sources/tic/open-input.js";
import { RemoteReferenceFetcher } from "../sources/tic/remote-references.js";

export type { IngestOptions, IngestReporter, IngestSummary, PlanInfo, UnresolvedReference, FileKind } from "./ingest-types.js";

/**
 * Ingests Transparency in Coverage files (in-network rates, allowed amounts, or table-of-contents
 * index files whose listed files are ingested in turn) into the store. Each input is a path, an
 * https URL or `-`; plain JSON, gzip and zip are detected from the bytes. Returns one summary per
 * document (an index yields its own and one per listed file).
 *
 * Bad input throws `InputError` (file + byte offset / JSON path) and leaves nothing of that file in
 * the store. A file listed by an index that cannot be fetched or read does not stop the others: its
 * summary has status "failed" and a note (with `offline`, remote listed files are "skipped").
 */
export async function ingestFiles(store: Store, inputs: readonly string[], options: IngestOptions, reporter?: IngestReporter): Promise<IngestSummary[]> {
  const cacheDir = options.cacheDir ?? ".cache";
  const fetchOption = options.fetch === undefined ? {} : { fetch: options.fetch };
  const fetcher = new RemoteReferenceFetcher({ cacheDir, offline: options.offline === true, ...fetchOption, ...options.remote });
  const summaries: IngestSummary[] = [];
  for (const input of inputs) {
    if (options.offline === true && isUrl(input)) throw new UsageError(`${input}: a URL cannot be ingested with --offline`);
    const units = await openInputs(input, { cacheDir, ...fetchOption, ...(options.stdin === undefined ? {} : { stdin: options.stdin }) });
    for (const unit of units) {
      const outcome = await ingestAndClose(unit, { store, options, reporter, fetcher });
      summaries.push(outcome.summary);
      if (outcome.summary.kind === "table-of-contents" && outcome.summary.fileId !== undefined) {
        summaries.push(...(await ingestListedFiles(store, unit.location, outcome.summary.fileId, outcome.structures, options, reporter, fetcher, cacheDir)));
      }
    }
  }
  return summaries;
}

/** One file listed by an index, with every plan that lists it. */
interface ListedFile {
  readonly location: string;
  readonly plans: PlanInfo[];
}

/** Files listed in `reporting_structure`, each once, locations resolved against the index. */
function listedFiles(indexLocation: string, structures: readonly unknown[]): ListedFile[] {
  const byLocation = new Map<string, ListedFile>();
  for (const structure of structures) {
    if (typeof structure !== "object" || structure === null) continue;
    const s = structure as { in_network_files?: unknown; allowed_amount_file?: unknown };
    const plans = plansOfStructure(structure);
    const files = [...(Array.isArray(s.in_network_files) ? (s.in_network_files as unknown[]) : []), ...(s.allowed_amount_file === undefined ? [] : [s.allowed_amount_file])];
    for (const file of files) {
      const raw = (file as { location?: unknown } | null)?.location;
      if (typeof raw !== "string" || raw.trim() === "") continue;
      const location = resolveLocation(indexLocation, raw.trim());
      const entry = byLocation.get(location) ?? { location, plans: [] };
      entry.plans.push(...plans);
      byLocation.set(location, entry);
    }
  }
  return [...byLocation.values()];
}

/** A location relative to the index: URL resolution for remote indexes, path resolution for local ones. */
function resolveLocation(indexLocation: string, location: string): string {
  if (isUrl(location)) return location;
  if (isUrl(indexLocation)) return new URL(location, indexLocation).toString();
  const base = indexLocation.includes("#") ? indexLocation.slice(0, indexLocation.indexOf("#")) : indexLocation;
  return indexLocation === "-" ? resolve(location) : resolve(dirname(base), location);
}

async function ingestListedFiles(
  store: Store,
  indexLocation: string,
  indexFileId: number,
  structures: readonly unknown[],
  options: IngestOptions,
  reporter: IngestReporter | undefined,
  fetcher: RemoteReferenceFetcher,
  cacheDir: string,
): Promise<IngestSummary[]> {
  const summaries: IngestSummary[] = [];
  for (const listed of listedFiles(indexLocation, structures)) {
    const started = performance.now();
    if (options.offline === true && isUrl(listed.location)) {
      summaries.push({ ...notLoaded(listed.location, "skipped", "offline: listed file not fetched", started), parentFileId: indexFileId });
      continue;
    }
    try {
      const units = await openInputs(listed.location, { cacheDir, ...(options.fetch === undefined ? {} : { fetch: options.fetch }) });
      for (const unit of units) {
        const { summary } = await ingestAndClose(unit, { store, options, reporter, fetcher, parentFileId: indexFileId, plans: listed.plans });
        if (summary.status === "skipped" && summary.fileId !== undefined) {
          const fileId = summary.fileId;
          await store.withConnection((connection) => insertPlans(connection, fileId, listed.plans));
        }
        summaries.push(summary);
      }
    } catch (error) {
      if (!(error instanceof InputError || error instanceof UpstreamError)) throw error;
      summaries.push({ ...notLoaded(listed.location, "failed", describeError(error), started), parentFileId: indexFileId });
    }
  }
  return summaries;
}

/** Ingests one unit, then releases it (a zip archive closes after its last entry). */
async function ingestAndClose(unit: InputUnit, context: UnitContext): Promise<UnitOutcome> {
  try {
    return await ingestUnit(unit, context);
  } finally {
    unit.close?.();
  }
}

