/**
 * Compaction: many small units merged into few. A payer's index lists thousands of files, most of
 * them small, and a reader opens every unit's Parquet files for each new query (519 units: ~0.2 s
 * per `rates` query, ten times what one merged unit takes). A compaction writes the rows of up to
 * `mergedBytes` of small units into one merged unit (`merged-units.ts`), publishes it by one rename,
 * marks each replaced unit (`replaced/<sha256>`, so the file is still loaded once by SHA-256), waits
 * for queries begun before to end, then removes the replaced units (no folder left in `units/`:
 * readers' globs list every folder there for each query).
 *
 * Readers never count a file twice nor miss one: a reader made before the merged unit was published
 * reads the units, one made after reads the merged unit and leaves out the replaced units' rows
 * while their files are still there. One compaction merges at a time per store (`compact.lock`,
 * released before the grace period); one interrupted midway is finished by the next (its merged
 * unit published: the replaced units are removed once the grace period is over; not published: its
 * staging folder is removed like any abandoned load's).
 */
import { existsSync } from "node:fs";
import { readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  activeMergedUnits,
  REMOVING_PREFIX,
  readMergedUnits,
  replacedMarker,
  type ReplacedUnit,
} from "./merged-units.js";
import { mapLimit } from "../sources/tic/remote-references.js";
import { takePidLock } from "./pid-lock-file.js";
import { sqlString } from "./sql-string.js";
import { isPartedTable } from "./rate-parts.js";
import { ensureFolderLayout, folderPaths, SCHEMA_UNIT } from "./store-folder.js";
import { withMergeDatabase, writeMergedUnit } from "./write-merged-unit.js";

export interface CompactOptions {
  /** Units whose Parquet files take at most this many bytes are merged (default 32 MB). */
  readonly smallUnitBytes?: number;
  /** Merge only when at least this many small units are waiting (default 2). */
  readonly minUnits?: number;
  /** Parquet bytes of small units per merged unit (default 256 MB). */
  readonly mergedBytes?: number;
  /** Units per merged unit at most (default 128): reading many files at once costs memory. */
  readonly mergedUnits?: number;
  /** Merged units of at most `smallUnitBytes` merged again once this many wait (default 8). */
  readonly remergeAt?: number;
  /** How long queries begun before a merged unit was published may still read the units it replaces (default 10 s). */
  readonly graceMs?: number;
  readonly log?: (line: string) => void;
}

export interface CompactionResult {
  /** Merged units written. */
  readonly mergedUnits: number;
  /** Units whose rows went into them. */
  readonly replacedUnits: number;
  /** Parquet bytes of the replaced units, and of the merged units written. */
  readonly bytesBefore: number;
  readonly bytesAfter: number;
  /** Replaced units of an interrupted compaction whose files this one removed. */
  readonly finishedUnits: number;
  /** Merged units merged again into bigger ones. */
  readonly remergedUnits: number;
  readonly seconds: number;
  /** Why nothing was merged (another compaction running, too few small units). */
  readonly skipped?: string;
}

/** Defaults of `ratelens compact`. */
export const COMPACT_DEFAULTS = {
  smallUnitBytes: 32e6,
  minUnits: 2,
  mergedBytes: 256e6,
  // DuckDB reading a list of files holds ~0.4-0.9 MB per file of a table with list columns
  // (source_files, rate_terms): 518 units at once peaked at 574 MB RSS, 128 at ~190 MB.
  mergedUnits: 128,
  remergeAt: 8,
  graceMs: 10_000,
} as const;

/** Small units waiting before an ingest compacts the store on its own, at its end. */
export const INGEST_COMPACT_MIN_UNITS = 64;

/** Units waiting before an ingest still loading compacts them (a payer's index of thousands). */
export const INGEST_BACKGROUND_COMPACT_UNITS = 256;

/** Units this process merged and will remove after their grace period (not another's leftovers). */
const removing = new Set<string>();

interface SmallUnit {
  readonly unit: string;
  readonly fileId: number;
  readonly bytes: number;
  /** Its Parquet files by name. */
  readonly files: readonly string[];
}

/** Merges a store folder's small units, then removes them after the grace period (see the module comment). */
export async function compactUnits(
  root: string,
  options: CompactOptions = {},
): Promise<CompactionResult> {
  const merged = await mergeSmallUnits(root, options);
  await merged.removal;
  return merged.result;
}

/**
 * The merging part of `compactUnits`: the result, and the removal of the replaced units, which
 * ends after the grace period (awaited by whoever must not exit before it).
 */
export async function mergeSmallUnits(
  root: string,
  options: CompactOptions = {},
): Promise<{ result: CompactionResult; removal: Promise<void> }> {
  const started = performance.now();
  const settings = { ...COMPACT_DEFAULTS, ...options };
  const result = (fields: Partial<CompactionResult>): CompactionResult => ({
    mergedUnits: 0,
    replacedUnits: 0,
    bytesBefore: 0,
    bytesAfter: 0,
    finishedUnits: 0,
    remergedUnits: 0,
    seconds: (performance.now() - started) / 1000,
    ...fields,
  });
  await ensureFolderLayout(root);
  const lock = join(folderPaths(root).root, "compact.lock");
  const held = await takePidLock(lock);
  if (held !== undefined) {
    return {
      result: result({ skipped: `another compaction is running (process ${held.heldBy})` }),
      removal: Promise.resolve(),
    };
  }
  const replaced: (ReplacedUnit & { merged: string })[] = [];
  let superseded: string[] = [];
  let small: SmallUnit[] = [];
  let bytesAfter = 0;
  let finishedUnits = 0;
  try {
    const merged = await readMergedUnits(root);
    // Units a compaction merged but did not remove (killed, or still in its grace period): removed
    // here once their merged unit is older than the grace period.
    const due = Date.now() - settings.graceMs;
    const leftovers = merged.flatMap(({ name, manifest }) =>
      Date.parse(manifest.createdAt) > due
        ? []
        : manifest.replaces
            .filter(
              (unit) =>
                !removing.has(unit.unit) && existsSync(join(folderPaths(root).units, unit.unit)),
            )
            .map((unit) => ({ ...unit, merged: name })),
    );
    await mapLimit(leftovers, 16, (unit) => emptyReplacedUnit(root, unit));
    finishedUnits = leftovers.length;
    // Merged units another supersedes, left by a compaction killed before removing them, and
    // removals cut short (renamed aside after their grace period already).
    for (const name of await readdir(folderPaths(root).merged)) {
      if (name.startsWith(REMOVING_PREFIX)) {
        await rm(join(folderPaths(root).merged, name), { recursive: true, force: true });
      }
    }
    for (const unit of merged) {
      if (Date.parse(unit.manifest.createdAt) > due) continue;
      for (const name of unit.manifest.supersedes ?? []) {
        if (!removing.has(name)) await removeMergedUnit(root, name);
      }
    }
    const alreadyMerged = new Set(
      merged.flatMap(({ manifest }) => manifest.replaces.map((unit) => unit.unit)),
    );
    small = await smallUnits(root, alreadyMerged, settings.smallUnitBytes);
    if (small.length >= settings.minUnits) {
      const total = small.reduce((sum, unit) => sum + unit.bytes, 0);
      settings.log?.(
        `compacting ${small.length.toLocaleString("en-US")} small units (${megabytes(total)}) of ${root}`,
      );
      for (const batch of batches(small, settings.mergedBytes, settings.mergedUnits)) {
        const written = await writeMergedUnit(
          root,
          batch[0]?.fileId ?? 0,
          batch[batch.length - 1]?.fileId ?? 0,
          (table) => unitFiles(root, batch, table),
          { replaces: batch.map((unit) => ({ unit: unit.unit, fileId: unit.fileId })) },
        );
        bytesAfter += written.bytes;
        await markReplaced(root, batch, written.name);
        replaced.push(
          ...batch.map((unit) => ({ unit: unit.unit, fileId: unit.fileId, merged: written.name })),
        );
      }
    }
    const again = await remergeSmallMergedUnits(root, settings);
    superseded = again.superseded;
  } finally {
    // Released before the grace period: the next compaction may merge meanwhile (it leaves these
    // units, named in a manifest, alone until their grace period is over).
    await rm(lock, { force: true });
  }
  // Queries that listed the units before the merged unit was published may still be reading them.
  const pending = [...replaced.map((unit) => unit.unit), ...superseded];
  for (const name of pending) removing.add(name);
  const removal =
    pending.length === 0
      ? Promise.resolve()
      : sleep(settings.graceMs)
          .then(async () => {
            await mapLimit(replaced, 16, (unit) => emptyReplacedUnit(root, unit));
            for (const name of superseded) await removeMergedUnit(root, name);
          })
          .finally(() => {
            for (const name of pending) removing.delete(name);
          });
  const fields = {
    mergedUnits: new Set(replaced.map((unit) => unit.merged)).size,
    replacedUnits: replaced.length,
    bytesBefore: replaced.length > 0 ? small.reduce((sum, unit) => sum + unit.bytes, 0) : 0,
    bytesAfter,
    finishedUnits,
    remergedUnits: superseded.length,
  };
  return {
    result:
      small.length >= settings.minUnits || superseded.length > 0
        ? result(fields)
        : result({
            ...fields,
            skipped: `${small.length} small unit${small.length === 1 ? "" : "s"}, fewer than ${settings.minUnits}`,
          }),
    removal,
  };
}

/** The units not merged yet whose Parquet files are at most `limit` bytes, by file id. */
async function smallUnits(
  root: string,
  alreadyMerged: ReadonlySet<string>,
  limit: number,
): Promise<SmallUnit[]> {
  const unitsDir = folderPaths(root).units;
  // File-system calls 16 at a time: thousands of units, each a listing and a few stats.
  const listed = await mapLimit(await readdir(unitsDir), 16, async (unit) => {
    if (unit === SCHEMA_UNIT || alreadyMerged.has(unit)) return undefined;
    const dir = join(unitsDir, unit);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return undefined; // not a folder
    }
    if (!names.includes("source_files.parquet") || existsSync(replacedMarker(root, unit))) {
      return undefined;
    }
    const files = names.filter((name) => name.endsWith(".parquet")).sort();
    let bytes = 0;
    for (const name of files) bytes += (await stat(join(dir, name))).size;
    return bytes <= limit ? { unit, bytes, files } : undefined;
  });
  const found = listed.filter((unit) => unit !== undefined);
  if (found.length === 0) return [];
  const ids = await withMergeDatabase(async (connection) => {
    const paths = found.map((unit) => sqlString(join(unitsDir, unit.unit, "source_files.parquet")));
    const rows = (
      await connection.runAndReadAll(
        `SELECT filename, min(file_id)::INTEGER AS file_id FROM read_parquet([${paths.join(", ")}], filename = true)
          GROUP BY filename HAVING NOT bool_or(file_kind = 'table-of-contents')`,
      )
    ).getRowObjectsJson();
    // Indexes stay in their own units: one loaded again is read for its list (`publishedFile`).
    return new Map(
      rows.map((row) => [
        typeof row.filename === "string" ? row.filename : "",
        Number(row.file_id),
      ]),
    );
  });
  return found
    .map((unit) => ({
      ...unit,
      fileId: ids.get(join(unitsDir, unit.unit, "source_files.parquet")) ?? Number.NaN,
    }))
    .filter((unit) => Number.isInteger(unit.fileId))
    .sort((a, b) => a.fileId - b.fileId);
}

/** Consecutive units (by file id) of about `limit` bytes each, and at most `count` units. */
function batches(units: readonly SmallUnit[], limit: number, count: number): SmallUnit[][] {
  const out: SmallUnit[][] = [];
  let current: SmallUnit[] = [];
  let bytes = 0;
  for (const unit of units) {
    if (current.length > 0 && (bytes + unit.bytes > limit || current.length >= count)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(unit);
    bytes += unit.bytes;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Merges the small merged units again once `remergeAt` of them wait (each merge adds a few: a
 * payer's monthly index of 4,000 files, ~33), so readers keep listing few files. The new unit's
 * manifest names the ones it supersedes; they are removed after the grace period.
 */
async function remergeSmallMergedUnits(
  root: string,
  settings: Required<Omit<CompactOptions, "log">> & Pick<CompactOptions, "log">,
): Promise<{ superseded: string[] }> {
  const active = activeMergedUnits(await readMergedUnits(root));
  const sized = await mapLimit(active, 16, async (unit) => {
    let bytes = 0;
    for (const files of unit.files.values()) {
      for (const file of files) bytes += (await stat(file)).size;
    }
    return { ...unit, bytes };
  });
  const small = sized.filter((unit) => unit.bytes <= settings.smallUnitBytes);
  if (small.length < settings.remergeAt) return { superseded: [] };
  settings.log?.(`merging ${small.length} small merged units of ${root} again`);
  const superseded: string[] = [];
  let batch: typeof small = [];
  let batchBytes = 0;
  const flush = async (): Promise<void> => {
    if (batch.length >= 2) {
      const ids = batch.flatMap((unit) =>
        unit.manifest.replaces.map((replaced) => replaced.fileId),
      );
      const current = batch;
      await writeMergedUnit(
        root,
        Math.min(...ids),
        Math.max(...ids),
        (table) => current.flatMap((unit) => unit.files.get(table) ?? []),
        {
          replaces: current.flatMap((unit) => unit.manifest.replaces),
          supersedes: current.map((unit) => unit.name),
        },
      );
      superseded.push(...current.map((unit) => unit.name));
    }
    batch = [];
    batchBytes = 0;
  };
  // By name: file-id order. At most 64 at once (~9 files each: the memory of one merge).
  for (const unit of small) {
    if (
      batch.length >= 64 ||
      (batch.length > 0 && batchBytes + unit.bytes > settings.mergedBytes)
    ) {
      await flush();
    }
    batch.push(unit);
    batchBytes += unit.bytes;
  }
  await flush();
  return { superseded };
}

/** Removes a superseded merged unit: renamed aside first (readers skip the name), then deleted. */
async function removeMergedUnit(root: string, name: string): Promise<void> {
  const dir = folderPaths(root).merged;
  const aside = join(dir, `${REMOVING_PREFIX}${name}`);
  try {
    await rename(join(dir, name), aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await rm(aside, { recursive: true, force: true });
}

/** The files of `table` in a batch of small units (the rate tables' parts in order). */
function unitFiles(root: string, batch: readonly SmallUnit[], table: string): string[] {
  return batch.flatMap((unit) =>
    unit.files
      .filter((file) =>
        isPartedTable(table) ? file.startsWith(`${table}.part-`) : file === `${table}.parquet`,
      )
      .map((file) => join(folderPaths(root).units, unit.unit, file)),
  );
}

/** The marker of each replaced unit: which merged unit holds its rows, and its file id. */
async function markReplaced(
  root: string,
  batch: readonly SmallUnit[],
  merged: string,
): Promise<void> {
  await mapLimit(batch, 16, (unit) =>
    writeMarker(root, { unit: unit.unit, fileId: unit.fileId }, merged),
  );
}

async function writeMarker(root: string, unit: ReplacedUnit, merged: string): Promise<void> {
  const marker = replacedMarker(root, unit.unit);
  if (existsSync(marker)) return;
  const temporary = `${marker}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ merged, fileId: unit.fileId })}\n`);
  await rename(temporary, marker);
}

/**
 * Removes a replaced unit, `source_files.parquet` last: readers leave a replaced unit's rows out
 * while that file is there, so none of its rows is ever counted twice.
 */
async function emptyReplacedUnit(
  root: string,
  unit: ReplacedUnit & { merged: string },
): Promise<void> {
  await writeMarker(root, unit, unit.merged);
  const dir = join(folderPaths(root).units, unit.unit);
  const names = (await readdir(dir).catch(() => [])).filter((name) => name.endsWith(".parquet"));
  const ordered = [
    ...names.filter((name) => name !== "source_files.parquet"),
    ...names.filter((name) => name === "source_files.parquet"),
  ];
  for (const name of ordered) await rm(join(dir, name), { force: true });
  await rm(dir, { recursive: true, force: true });
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
