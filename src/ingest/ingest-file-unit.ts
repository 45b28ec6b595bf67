import type { SplitSizes } from "../sources/tic/json-scanner.js";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { isUrl, openInputs, type InputUnit } from "../sources/tic/open-input.js";
import { RemoteReferenceFetcher } from "../sources/tic/remote-references.js";
import { ensureStoreFolder } from "../store/folder-views.js";
import { RateParts } from "../store/rate-parts.js";
import {
  claimFileId,
  markSize,
  newStagingDir,
  publishUnit,
  removeAbandonedStaging,
  sizeSeen,
} from "../store/store-folder.js";
import type { PlanInfo } from "../store/tic-source-files.js";
import { publishedFile, publishedFileId } from "../store/unit-catalogue.js";
import type { ListedFile } from "./index-walk.js";
import type { IngestOptions, IngestSummary } from "./ingest-types.js";
import { ingestUnit, notLoaded, type UnitOutcome } from "./ingest-unit.js";
import { ScratchDatabase } from "./scratch-database.js";
import { giveBackWorkFolder, takeWorkFolder } from "./work-folders.js";
import type { ProgressReporter } from "./progress-reporter.js";

/** Options of one file's load into a store folder. */
export interface FileUnitOptions extends IngestOptions {
  /** The index that listed the file. */
  readonly parentFileId?: number;
  /** The plans that index lists for it. */
  readonly plans?: readonly PlanInfo[];
  /** DuckDB memory limit of the scratch database (default 256MB; it spills to disk beyond). */
  readonly memoryLimit?: string;
  /** Rows per Parquet part of the rate tables (default a million; tests use small parts). */
  readonly partRows?: number;
  /** Bytes of staged CSV per kind before a load into the scratch tables (default 24 MB; tests use small ones). */
  readonly stageBytes?: number;
  /** When large items are cut into pieces (default 16 MB items, 4 MB pieces; tests use small ones). */
  readonly itemSplit?: SplitSizes;
  /**
   * Stage in folders this process keeps from one file to the next (`work-folders.ts`): worker
   * processes, which load file after file. Unset: each file's own, removed with it.
   */
  readonly keepWorkFolders?: boolean;
}

/** What one file's load did. */
export interface FileUnitSummary {
  /** One per JSON document: one for a plain or gzip file, one per entry of a zip archive. */
  readonly summaries: IngestSummary[];
  /** When the file was an index (table of contents): its job list, each file once. */
  readonly listed: ListedFile[];
}

/**
 * Loads one file (path, URL or `-`) into a store folder as one immutable unit per JSON document:
 * streamed into a scratch database under `staging/`, written as Parquet, published by one rename
 * into `units/<sha256>/`. Safe to call at the same time from any number of processes on the same
 * store: file ids are claimed atomically, and a file (by SHA-256) is published once; a loser of
 * that race, or a file already there, is reported "skipped". A process killed midway leaves only
 * its staging folder, which readers never see and the next load on this host removes.
 *
 * Throws what `ingestFiles` throws for one file (`InputError` with file and place, `UpstreamError`,
 * `StoreError`); the store is unchanged then.
 */
export async function ingestFileUnit(
  storePath: string,
  input: string,
  options: FileUnitOptions = {},
  reporter?: ProgressReporter,
): Promise<FileUnitSummary> {
  await ensureStoreFolder(storePath);
  await removeAbandonedStaging(storePath);
  const cacheDir = options.cacheDir ?? ".cache";
  const fetchOption = options.fetch === undefined ? {} : { fetch: options.fetch };
  const fetcher = new RemoteReferenceFetcher({
    cacheDir,
    offline: options.offline === true,
    ...fetchOption,
    ...options.remote,
  });
  const units = await openInputs(input, {
    cacheDir,
    ...fetchOption,
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
    ...(options.download === undefined ? {} : { download: options.download }),
  });
  const summaries: IngestSummary[] = [];
  const listed: ListedFile[] = [];
  for (const unit of units) {
    try {
      const outcome = await loadUnit(storePath, unit, options, reporter, fetcher);
      summaries.push(outcome.summary);
      if (outcome.listed !== undefined) listed.push(...outcome.listed);
    } finally {
      unit.close?.();
    }
  }
  return { summaries, listed };
}

async function loadUnit(
  root: string,
  unit: InputUnit,
  options: FileUnitOptions,
  reporter: ProgressReporter | undefined,
  fetcher: RemoteReferenceFetcher,
): Promise<{ summary: IngestSummary; listed?: ListedFile[] }> {
  const started = performance.now();
  const early = await knownLocalFile(root, unit);
  if (early !== undefined) {
    return { summary: alreadyLoaded(unit.location, early, started, unit.sizeBytes ?? 0) };
  }
  const fileId = await claimFileId(root);
  // The unit is written here and published by renaming this folder.
  const unitDir = await newStagingDir(root);
  // Where the file's lines are staged and its database spills: this file's own folder, removed
  // with it, or one this process keeps for the next file.
  const own = options.keepWorkFolders === true ? undefined : await newStagingDir(root);
  const work =
    own === undefined
      ? await takeWorkFolder(root)
      : { csv: join(own, "csv"), spill: join(own, "spill") };
  try {
    // In memory (a file's own tables, gone once its unit is written), spilling into a staging
    // folder beyond the limit: a scratch file cost a checkpoint and its writes for nothing. The
    // previous file's database when this process loaded one before (`ScratchDatabase`).
    const scratchDatabase = await ScratchDatabase.open(
      options.memoryLimit ?? "256MB",
      options.scratchThreads ?? 2,
      work.spill,
    );
    const scratch = scratchDatabase.store;
    let outcome: UnitOutcome | undefined;
    let clean = false;
    try {
      // The rate rows go straight into the unit as Parquet parts, on a connection of their own.
      outcome = await scratch.withConnection(async (partsConnection) => {
        const rateParts = await RateParts.create(
          partsConnection,
          // A part's statements as one string: one trip to DuckDB's thread instead of three.
          (statements) =>
            scratch.withConnection(async (connection) => {
              await connection.run(statements.join(";\n"));
            }),
          unitDir,
          fileId,
          options.partRows,
        );
        return ingestUnit(unit, {
          store: scratch,
          options,
          reporter,
          fetcher,
          fileId,
          rateParts,
          ...(options.parentFileId === undefined ? {} : { parentFileId: options.parentFileId }),
          ...(options.plans === undefined ? {} : { plans: options.plans }),
          ...(options.stageBytes === undefined ? {} : { stageBytes: options.stageBytes }),
          ...(options.itemSplit === undefined ? {} : { itemSplit: options.itemSplit }),
          stagingDir: work.csv,
        });
      });
      clean = true;
    } finally {
      await scratchDatabase.release(clean, outcome?.scratchTables);
    }
    const summary = outcome.summary;
    const sha256 = summary.sha256 ?? "";
    const listed = outcome.walk === undefined ? undefined : [...outcome.walk.files()];
    if (!(await publishUnit(root, unitDir, sha256))) {
      return {
        summary: alreadyLoaded(
          unit.location,
          (await publishedFileId(root, sha256)) ?? 0,
          started,
          summary.sizeBytes,
          summary.kind,
        ),
        ...(listed === undefined ? {} : { listed }),
      };
    }
    await markSize(root, summary.sizeBytes);
    return { summary, ...(listed === undefined ? {} : { listed }) };
  } finally {
    // Gone already when it was published (renamed); the work folder's files are written again.
    await rm(unitDir, { recursive: true, force: true });
    if (own === undefined) await giveBackWorkFolder(root, work);
    else await rm(own, { recursive: true, force: true });
  }
}

/** A local data file already published (same SHA-256): hashed first only when a file of its size was. */
async function knownLocalFile(root: string, unit: InputUnit): Promise<number | undefined> {
  if (
    unit.sizeBytes === undefined ||
    unit.location === "-" ||
    isUrl(unit.location) ||
    unit.location.includes("#")
  ) {
    return undefined;
  }
  if (!sizeSeen(root, unit.sizeBytes)) return undefined;
  const hash = createHash("sha256");
  await pipeline(createReadStream(unit.location), hash);
  const sha = hash.digest("hex");
  const published = await publishedFile(root, sha);
  // An index is read again all the same, for its list (skipped once read, as the same SHA-256).
  return published?.kind === "table-of-contents" ? undefined : published?.fileId;
}

function alreadyLoaded(
  location: string,
  fileId: number,
  started: number,
  sizeBytes: number,
  kind?: IngestSummary["kind"],
): IngestSummary {
  return {
    ...notLoaded(location, "skipped", `already loaded as file ${fileId} (same SHA-256)`, started),
    fileId,
    sizeBytes,
    // An index's kind: its listed files are still loaded (those a stopped or failed run left out).
    ...(kind === undefined ? {} : { kind }),
  };
}
