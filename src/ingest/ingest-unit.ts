import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { describeError, formatLocation, RatelensError, StoreError } from "../errors.js";
import type { Store } from "../store/store.js";
import { loadWithoutVacuum } from "../store/tic-checkpoint.js";
import { TicLoader } from "../store/tic-loader.js";
import type { RateParts } from "../store/rate-parts.js";
import { writeUnitFiles } from "../store/store-folder.js";
import {
  fileIdOfSha256,
  filesOfSize,
  insertListedFiles,
  insertPlans,
  insertSourceFile,
  nextFileId,
  planFromHeader,
} from "../store/tic-source-files.js";
import { FileJob } from "./file-job.js";
import type { IndexWalk } from "./index-walk.js";
import type { IngestOptions, IngestReporter, IngestSummary, PlanInfo } from "./ingest-types.js";
import { isUrl, type InputUnit } from "../sources/tic/open-input.js";
import type { SplitSizes } from "../sources/tic/json-scanner.js";
import { ParsePool } from "./parse-pool.js";
import type { RemoteReferenceFetcher } from "../sources/tic/remote-references.js";

/** What `ingestUnit` needs besides the unit. */
export interface UnitContext {
  readonly store: Store;
  readonly options: IngestOptions;
  readonly reporter: IngestReporter | undefined;
  readonly fetcher: RemoteReferenceFetcher;
  readonly parentFileId?: number;
  /** Plans an index file lists for this file. */
  readonly plans?: readonly PlanInfo[];
  /** The file id to give the file (a store folder hands them out); default: the store's sequence. */
  readonly fileId?: number;
  /** A store folder's unit writer for the rate rows (then not in `store`'s tables). */
  readonly rateParts?: RateParts;
  /** Staged CSV bytes per kind before a load (`TicLoader`). */
  readonly stageBytes?: number;
  /** When large items are cut into pieces (default: the scanner's; tests use small sizes). */
  readonly itemSplit?: SplitSizes;
  /**
   * Where the file's CSV is staged: a store folder gives a folder of its staging area (the file's
   * own, or a worker's kept from file to file), the caller's to remove, which the store clears if
   * the process is killed; default, a fresh folder in the system's temp, removed here.
   */
  readonly stagingDir?: string;
}

/** The outcome of one unit, with the job list when it was a table of contents. */
export interface UnitOutcome {
  readonly summary: IngestSummary;
  readonly walk: IndexWalk | undefined;
  /** The store's tables that took rows of this file (a store folder's scratch database: to empty). */
  readonly scratchTables?: readonly string[];
}

class DuplicateFile extends Error {
  constructor(
    readonly fileId: number,
    /** An index's job list: its listed files are still loaded (those a run left out). */
    readonly walk: IndexWalk | undefined,
  ) {
    super("duplicate");
  }
}

/**
 * Ingests one JSON document in one transaction: all of its rows, its `source_files` row and its
 * plans are committed together, or nothing is (a failure midway rolls back). A file whose SHA-256 is
 * already in the store is skipped: before reading when a local file of the same size is there (a
 * quick hash of the stored bytes), otherwise once its hash is known at the end of the stream.
 */
export async function ingestUnit(unit: InputUnit, context: UnitContext): Promise<UnitOutcome> {
  const started = performance.now();
  const { store, options } = context;
  // A store folder's scratch database holds this file only: the folder finds duplicates itself.
  const scratch = context.rateParts !== undefined;
  const early = scratch ? undefined : await knownDuplicate(store, unit);
  if (early !== undefined) return { summary: skipped(unit, early, started), walk: undefined };

  const progress = context.reporter?.start({
    label: unit.location.length > 48 ? `…${unit.location.slice(-47)}` : unit.location,
    ...(unit.sizeBytes === undefined ? {} : { totalBytes: unit.sizeBytes }),
    itemsLabel: "items",
    rowsLabel: "rates",
  });
  const filtered = options.codes !== undefined || options.npis !== undefined;
  // The threads of the previous file's pool when there was one; their dictionaries start afresh.
  const pool = ParsePool.acquire(
    options.workers ?? (filtered ? 0 : 2),
    options.npis,
    options.workerPath,
  );
  // A staging folder the caller gives is the caller's to remove (it may keep it for the next file).
  const own = context.stagingDir === undefined;
  const directory = own ? await mkdtemp(join(tmpdir(), "ratelens-ingest-")) : context.stagingDir;
  if (!own) await mkdir(directory, { recursive: true });
  let position: (() => { byteOffset: number; jsonPath: string }) | undefined;
  let clean = false;
  try {
    const outcome = await loadWithoutVacuum(store, () =>
      store.transaction(async (connection) => {
        const fileId = context.fileId ?? (await nextFileId(connection));
        const loader = new TicLoader(
          connection,
          fileId,
          directory,
          context.rateParts,
          context.stageBytes,
        );
        await loader.prepare();
        const current = new FileJob(
          unit.location,
          pool,
          loader,
          context.fetcher,
          options.codes,
          options.npis,
          context.itemSplit,
          directory,
        );
        current.onIndex = options.onIndex;
        position = () => current.position;
        let stats;
        try {
          stats = await unit.read(
            async (chunks, live) => {
              for await (const chunk of chunks) {
                // Borrowed when the reader writes its next chunk into the same memory.
                await current.push(chunk, live.chunksReused === true);
                progress?.update({
                  bytes: live.bytes,
                  rawBytes: live.rawBytes,
                  items: current.counters.items,
                  rows: current.counters.rows,
                });
              }
              await current.finish();
            },
            // FileJob copies what it keeps of a chunk before it asks for the next.
            { copiesChunks: true },
          );
        } catch (error) {
          current.discardPieces();
          await loader.abandon();
          throw error;
        }
        const duplicate = scratch ? undefined : await fileIdOfSha256(connection, stats.sha256);
        if (duplicate !== undefined) throw new DuplicateFile(duplicate, current.walk);
        const kind = current.kind ?? "in-network-rates";
        // A store folder's unit: its staged tables are written (`TicLoader.finish`), the rest here.
        const unitDir = context.rateParts?.dir;
        const unitGroups = await loader.unitProviderGroups();
        const unitAllowed = loader.unitRowCount("allowed_amounts");
        const counts = await insertSourceFile(
          connection,
          {
            fileId,
            location: unit.location,
            sha256: stats.sha256,
            sizeBytes: stats.rawBytes,
            uncompressedBytes: stats.bytes,
            kind,
            compression: stats.compression,
            headers: current.headers,
            parentFileId: context.parentFileId,
            codeFilter: options.codes === undefined ? undefined : [...options.codes].sort(),
            items: current.counters.items,
            keptItems: current.counters.keptItems,
            unresolved: current.unresolved,
            synthetic: options.synthetic === true,
            rateRows: current.counters.rows,
            ...(unitGroups === undefined ? {} : { providerGroups: unitGroups }),
            ...(unitAllowed === undefined ? {} : { allowedRows: unitAllowed }),
          },
          unitDir === undefined ? undefined : join(unitDir, "source_files.parquet"),
        );
        const plans: PlanInfo[] = [...(context.plans ?? [])];
        const own = planFromHeader(current.headers);
        if (own !== undefined) plans.push(own);
        if (current.walk !== undefined) plans.push(...current.walk.plans());
        const scratchTables = loader.tablesWithRows;
        if ((await insertPlans(connection, fileId, plans, true)) > 0) scratchTables.push("plans");
        if (
          current.walk !== undefined &&
          (await insertListedFiles(connection, fileId, current.walk.files())) > 0
        ) {
          scratchTables.push("listed_files");
        }
        if (unitDir !== undefined) {
          const appended = (["plans", "listed_files"] as const).filter((table) =>
            scratchTables.includes(table),
          );
          await writeUnitFiles(connection, unitDir, appended);
        }
        const summary: IngestSummary = {
          location: unit.location,
          status: "ingested",
          fileId,
          kind,
          sha256: stats.sha256,
          sizeBytes: stats.rawBytes,
          uncompressedBytes: stats.bytes,
          items: current.counters.items,
          keptItems: current.counters.keptItems,
          rows: counts.rows,
          providerGroups: counts.providerGroups,
          unresolvedReferences: current.unresolved.length,
          seconds: (performance.now() - started) / 1000,
          ...(context.parentFileId === undefined ? {} : { parentFileId: context.parentFileId }),
          ...(current.walk === undefined
            ? {}
            : { plans: current.walk.plans().length, listedFiles: current.walk.fileCount }),
        };
        return { summary, walk: current.walk, scratchTables };
      }),
    );
    clean = true;
    progress?.finish(
      {
        bytes: outcome.summary.uncompressedBytes,
        rawBytes: outcome.summary.sizeBytes,
        items: outcome.summary.items,
        rows: outcome.summary.rows,
      },
      `(${formatStoredBytes(outcome.summary.sizeBytes)} stored, ${outcome.summary.providerGroups.toLocaleString("en-US")} provider groups, ${outcome.summary.unresolvedReferences} unresolved references)`,
    );
    return outcome;
  } catch (error) {
    progress?.abort();
    if (!(error instanceof RatelensError || error instanceof DuplicateFile)) {
      const where = position === undefined ? "" : formatLocation(position());
      throw new StoreError(
        `${unit.location}${where}: the store could not take the file: ${describeError(error)}`,
        { cause: error },
      );
    }
    if (error instanceof DuplicateFile) {
      clean = true; // read to the end: no batch left with the threads
      const summary = skipped(unit, error.fileId, started);
      if (error.walk === undefined) return { summary, walk: undefined };
      return { summary: { ...summary, kind: "table-of-contents" }, walk: error.walk };
    }
    throw error;
  } finally {
    await pool.release(clean);
    if (own) await rm(directory, { recursive: true, force: true });
  }
}

/** For a local data file, a stored file of the same size whose hash matches (a fast hash of compressed bytes). */
async function knownDuplicate(store: Store, unit: InputUnit): Promise<number | undefined> {
  if (
    unit.sizeBytes === undefined ||
    unit.location === "-" ||
    isUrl(unit.location) ||
    unit.location.includes("#")
  ) {
    return undefined;
  }
  const rows = await store.withConnection((connection) =>
    filesOfSize(connection, unit.sizeBytes ?? 0),
  );
  if (rows.length === 0) return undefined;
  const hash = createHash("sha256");
  await pipeline(createReadStream(unit.location), hash);
  const sha = hash.digest("hex");
  const found = rows.find((row) => row.sha256 === sha);
  // An index is read again all the same, for its list (skipped once read, as the same SHA-256).
  return found?.kind === "table-of-contents" ? undefined : found?.fileId;
}

function skipped(unit: InputUnit, fileId: number, started: number): IngestSummary {
  return {
    ...notLoaded(
      unit.location,
      "skipped",
      `already loaded as file ${fileId} (same SHA-256)`,
      started,
    ),
    fileId,
    sizeBytes: unit.sizeBytes ?? 0,
  };
}

/** The summary of a file that was not loaded (skipped or failed): every count zero. */
export function notLoaded(
  location: string,
  status: "skipped" | "failed",
  note: string,
  started: number,
): IngestSummary {
  return {
    location,
    status,
    fileId: undefined,
    kind: undefined,
    sha256: undefined,
    sizeBytes: 0,
    uncompressedBytes: 0,
    items: 0,
    keptItems: 0,
    rows: 0,
    providerGroups: 0,
    unresolvedReferences: 0,
    seconds: (performance.now() - started) / 1000,
    note,
  };
}

/** `1234567` → `1.2 MB` (the summary note; the display itself is the reporter's). */
function formatStoredBytes(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
}
