import { describeError, InputError, UpstreamError, UsageError } from "../errors.js";
import type { Store } from "../store/store.js";
import { loadedRemoteFiles, type LoadedRemoteFile } from "../store/loaded-remote-files.js";
import { insertPlans } from "../store/tic-source-files.js";
import type { IngestOptions, IngestReporter, IngestSummary } from "./ingest-types.js";
import type { IndexWalk } from "./index-walk.js";
import { ingestIntoFolder } from "./ingest-folder.js";
import { ingestUnit, notLoaded, type UnitContext, type UnitOutcome } from "./ingest-unit.js";
import { unchangedSince } from "./unchanged-since.js";
import { isUrl, openInputs, type InputUnit } from "../sources/tic/open-input.js";
import { RemoteReferenceFetcher } from "../sources/tic/remote-references.js";

export type {
  IngestOptions,
  IngestReporter,
  IngestSummary,
  PlanInfo,
  UnresolvedReference,
  FileKind,
} from "./ingest-types.js";

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
export async function ingestFiles(
  store: Store,
  inputs: readonly string[],
  options: IngestOptions,
  reporter?: IngestReporter,
): Promise<IngestSummary[]> {
  // A store folder: each file becomes its own unit (readers and other writers may be at work).
  if (store.folder !== undefined) return ingestIntoFolder(store.folder, inputs, options, reporter);
  const cacheDir = options.cacheDir ?? ".cache";
  const fetchOption = options.fetch === undefined ? {} : { fetch: options.fetch };
  const fetcher = new RemoteReferenceFetcher({
    cacheDir,
    offline: options.offline === true,
    ...fetchOption,
    ...options.remote,
  });
  const summaries: IngestSummary[] = [];
  for (const input of inputs) {
    if (options.offline === true && isUrl(input)) {
      throw new UsageError(`${input}: a URL cannot be ingested with --offline`);
    }
    const units = await openInputs(input, {
      cacheDir,
      ...fetchOption,
      ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
      ...(options.download === undefined ? {} : { download: options.download }),
    });
    for (const unit of units) {
      const outcome = await ingestAndClose(unit, { store, options, reporter, fetcher });
      summaries.push(outcome.summary);
      if (outcome.walk !== undefined && outcome.summary.fileId !== undefined) {
        summaries.push(
          ...(await ingestListedFiles(
            store,
            outcome.summary.fileId,
            outcome.walk,
            options,
            reporter,
            fetcher,
            cacheDir,
          )),
        );
      }
    }
  }
  return summaries;
}

async function ingestListedFiles(
  store: Store,
  indexFileId: number,
  walk: IndexWalk,
  options: IngestOptions,
  reporter: IngestReporter | undefined,
  fetcher: RemoteReferenceFetcher,
  cacheDir: string,
): Promise<IngestSummary[]> {
  const summaries: IngestSummary[] = [];
  let notFetched = 0;
  const walkStarted = performance.now();
  const loaded: ReadonlyMap<string, LoadedRemoteFile> =
    options.offline === true ? new Map() : await loadedRemoteFiles(store);
  for (const listed of walk.files()) {
    const started = performance.now();
    if (options.offline === true && isUrl(listed.location)) {
      notFetched++;
      continue;
    }
    const before = loaded.get(listed.location);
    const unchanged =
      before === undefined ? undefined : await unchangedSince(listed.location, before, options);
    if (before !== undefined && unchanged !== undefined) {
      // As for a file skipped by its SHA-256: the plans this index lists for it are recorded.
      await store.withConnection((connection) =>
        insertPlans(connection, before.fileId, listed.plans),
      );
      summaries.push({
        ...notLoaded(listed.location, "skipped", unchanged, started),
        fileId: before.fileId,
        sizeBytes: before.sizeBytes,
        parentFileId: indexFileId,
      });
      continue;
    }
    try {
      const units = await openInputs(listed.location, {
        cacheDir,
        ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
        ...(options.download === undefined ? {} : { download: options.download }),
      });
      for (const unit of units) {
        const { summary } = await ingestAndClose(unit, {
          store,
          options,
          reporter,
          fetcher,
          parentFileId: indexFileId,
          plans: listed.plans,
        });
        if (summary.status === "skipped" && summary.fileId !== undefined) {
          const fileId = summary.fileId;
          await store.withConnection((connection) => insertPlans(connection, fileId, listed.plans));
        }
        summaries.push(summary);
      }
    } catch (error) {
      if (!(error instanceof InputError || error instanceof UpstreamError)) throw error;
      summaries.push({
        ...notLoaded(listed.location, "failed", describeError(error), started),
        parentFileId: indexFileId,
      });
    }
  }
  if (notFetched > 0) {
    // One summary for them all: an index lists thousands of files.
    const note = `offline: ${notFetched.toLocaleString("en-US")} listed remote file${notFetched === 1 ? "" : "s"} not fetched (recorded in listed_files)`;
    summaries.push({
      ...notLoaded(`${walk.indexLocation} (listed files)`, "skipped", note, walkStarted),
      parentFileId: indexFileId,
      files: notFetched,
    });
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
