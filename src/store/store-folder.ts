/**
 * The store as a folder of immutable units, shared by every reader and every writer:
 *
 *     STORE/
 *       units/<sha256>/<table>.parquet   one published unit per loaded file (its rows and its own
 *                                        source_files catalogue row), named by the file's SHA-256
 *       units/0-schema/<table>.parquet   empty tables: the schema, so every glob matches a file
 *       merged/<name>/<table>.parquet    merged units: many small units' rows in one (compaction,
 *                                        `compact-units.ts`)
 *       replaced/<sha256>                a unit merged and removed: its file id and merged unit (a
 *                                        file is still published once by SHA-256)
 *       staging/<host>-<pid>-<n>/        units being written (never read)
 *       claims/id-<n>                    file ids handed out (mkdir is atomic: no two alike)
 *       reference.duckdb                 reference and provider tables, written only by `import`
 *                                        on a copy that replaces it by rename
 *       reference.lock                   held by a running import
 *
 * A unit is written under `staging/` and published by one `rename` into `units/`; renaming onto an
 * existing unit fails, so a file (by SHA-256) is published once whatever the number of writers.
 * Readers see `units/*` through `read_parquet` globs, expanded at each query: a unit is seen whole
 * or not at all, and a running reader sees new units without reopening anything.
 */
import { processAlive } from "./process-alive.js";
import { isPartedTable } from "./rate-parts.js";
import type { DuckDBConnection } from "@duckdb/node-api";
import { existsSync, statSync } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import { sqlString } from "./sql-string.js";

/** The tables one unit holds (every TiC table; a unit writes all, empty ones included). */
export const UNIT_TABLES = [
  "source_files",
  "plans",
  "listed_files",
  "provider_groups",
  "group_refs",
  "rate_items",
  "rate_terms",
  "rate_prices",
  "rate_providers",
  "allowed_amounts",
] as const;

/**
 * How each unit table is ordered in its Parquet file (row-group statistics then skip by code).
 * An index's plans and job list stay in the order of the index (sorting 100k rows cost more
 * memory than the rest of the walk).
 */
export const UNIT_ORDER: Readonly<Record<(typeof UNIT_TABLES)[number], string>> = {
  source_files: "file_id",
  plans: "",
  listed_files: "",
  provider_groups: "group_key", // by group only: a group's NPIs need no order
  group_refs: "group_key",
  rate_items: "billing_code, item_index",
  rate_terms: "term_id",
  rate_prices: "item_index, rate_index, price_index",
  rate_providers: "item_index, rate_index, group_key",
  allowed_amounts: "billing_code, item_index, amount_index, payment_index, provider_index",
};

export const SCHEMA_UNIT = "0-schema";
export const REFERENCE_FILE = "reference.duckdb";

/**
 * True when `path` names a store folder rather than a single DuckDB file: `:memory:` and names
 * ending in `.duckdb` / `.db` (or an existing file) keep the single-file store of earlier releases.
 */
export function isFolderStore(path: string): boolean {
  if (path === ":memory:" || /\.(duckdb|db)$/i.test(path)) return false;
  return !existsSync(path) || statSync(path).isDirectory();
}

/** The folder's paths. */
export function folderPaths(root: string): {
  root: string;
  units: string;
  merged: string;
  replaced: string;
  staging: string;
  claims: string;
  reference: string;
} {
  const base = resolve(root);
  return {
    root: base,
    units: join(base, "units"),
    merged: join(base, "merged"),
    replaced: join(base, "replaced"),
    staging: join(base, "staging"),
    claims: join(base, "claims"),
    reference: join(base, REFERENCE_FILE),
  };
}

/** The `read_parquet` glob of one unit table across all published units. */
export function unitGlob(root: string, table: string): string {
  // The rate tables come in parts (`rate_prices.part-00001.parquet`); no table's name begins another's.
  const parted = isPartedTable(table);
  return join(folderPaths(root).units, "*", `${table}${parted ? "*" : ""}.parquet`);
}

/** Creates the folder's layout if missing (safe to run from several processes at once). */
export async function ensureFolderLayout(root: string): Promise<void> {
  const paths = folderPaths(root);
  await mkdir(paths.units, { recursive: true });
  await mkdir(paths.merged, { recursive: true });
  await mkdir(paths.replaced, { recursive: true });
  await mkdir(paths.staging, { recursive: true });
  await mkdir(paths.claims, { recursive: true });
}

/** True when the schema unit is published. */
export function hasSchemaUnit(root: string): boolean {
  return existsSync(join(folderPaths(root).units, SCHEMA_UNIT, "source_files.parquet"));
}

let stagingCounter = 0;

/** A fresh staging folder of this process (`staging/<host>-<pid>-<n>-<time>`). */
export async function newStagingDir(root: string): Promise<string> {
  const dir = join(
    folderPaths(root).staging,
    `${hostname()}-${process.pid}-${stagingCounter++}-${Date.now()}`,
  );
  await mkdir(dir, { recursive: true });
  return dir;
}

/**
 * Removes staging folders left by processes of this host that are gone (a worker killed mid-file):
 * what they wrote was never published, so nothing of it was ever visible.
 */
export async function removeAbandonedStaging(root: string): Promise<number> {
  const staging = folderPaths(root).staging;
  let removed = 0;
  let names: string[];
  try {
    names = await readdir(staging);
  } catch {
    return 0;
  }
  const host = hostname();
  for (const name of names) {
    const match = /^(.*)-(\d+)-\d+-\d+$/.exec(name);
    if (match === null || match[1] !== host) continue;
    if (processAlive(Number(match[2]))) continue;
    await rm(join(staging, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** The last id this process claimed in each claims folder. */
const lastClaimed = new Map<string, number>();

/**
 * Hands out a store-wide unique file id: the next number whose `claims/id-<n>` folder this process
 * manages to create (mkdir fails if another process made it first). Ids of abandoned loads are gaps.
 * The claims folder is listed once per process and store: listing it for every file made a payer's
 * index of thousands of files quadratic. After that the search starts above this process's last
 * claim, which is above every id claimed before it; ids other processes took since are skipped one
 * `mkdir` each.
 */
export async function claimFileId(root: string): Promise<number> {
  const claims = folderPaths(root).claims;
  const last = lastClaimed.get(claims);
  // A store folder removed and made again (tests do) has lost the claim: list it again.
  let next =
    last !== undefined && existsSync(join(claims, `id-${last}`))
      ? last + 1
      : (await readdir(claims))
          .map((name) => /^id-(\d+)$/.exec(name)?.[1])
          .filter((n): n is string => n !== undefined)
          .reduce((max, n) => Math.max(max, Number(n)), 0) + 1;
  for (;;) {
    try {
      await mkdir(join(claims, `id-${next}`));
      lastClaimed.set(claims, next);
      return next;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      next++;
    }
  }
}

/**
 * Writes unit tables of `connection` (a scratch database) as Parquet files into `dir`, each sorted
 * as readers expect (`UNIT_ORDER`); by default every table (the schema unit: every glob then
 * matches a file).
 */
export async function writeUnitFiles(
  connection: DuckDBConnection,
  dir: string,
  tables: readonly (typeof UNIT_TABLES)[number][] = UNIT_TABLES,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const table of tables) {
    const path = join(dir, `${table}.parquet`);
    const order = UNIT_ORDER[table] === "" ? "" : ` ORDER BY ${UNIT_ORDER[table]}`;
    await connection.run(
      `COPY (SELECT * FROM ${table}${order}) TO ${sqlString(path)} (FORMAT parquet, COMPRESSION zstd)`,
    );
  }
}

/** The path of the published unit of a file with this SHA-256. */
export function unitPath(root: string, sha256: string): string {
  return join(folderPaths(root).units, sha256);
}

/**
 * Publishes a written unit: one atomic rename into `units/<name>`. Returns false when a unit of that
 * name exists already (another writer published the same file first) or was merged into a bigger
 * one (`replaced/<name>`, written before the unit is removed); the staged copy is removed.
 */
export async function publishUnit(root: string, staged: string, name: string): Promise<boolean> {
  const paths = folderPaths(root);
  const target = join(paths.units, name);
  // In this order: a compaction marks a unit replaced before it removes it.
  if (existsSync(target) || existsSync(join(paths.replaced, name))) return false;
  try {
    await rename(staged, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST" || code === "ENOTEMPTY" || code === "EISDIR") return false;
    throw error;
  }
}

/** Modification stamp of a file (to notice a replaced reference database), or undefined. */
export async function fileStamp(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    return `${info.ino}:${info.mtimeMs}:${info.size}`;
  } catch {
    return undefined;
  }
}

/**
 * The folder's version for readers: the units and merged folders' change times (a publish is a
 * rename into one of them) and the reference database's stamp, to the nanosecond where the file
 * system keeps it.
 */
export async function folderVersion(root: string): Promise<string> {
  const paths = folderPaths(root);
  const stamp = async (path: string): Promise<string> => {
    try {
      const info = await stat(path, { bigint: true });
      return `${info.ino}:${info.mtimeNs}:${info.size}`;
    } catch {
      return "-";
    }
  };
  const [units, merged, reference] = await Promise.all([
    stamp(paths.units),
    stamp(paths.merged),
    stamp(paths.reference),
  ]);
  return `${units}|${merged}|${reference}`;
}

/** Marks that a published file had this raw size (a re-run hashes a local file only then). */
export async function markSize(root: string, sizeBytes: number): Promise<void> {
  await mkdir(join(folderPaths(root).claims, `size-${sizeBytes}`)).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  });
}

/** True when some published file had this raw size. */
export function sizeSeen(root: string, sizeBytes: number): boolean {
  return existsSync(join(folderPaths(root).claims, `size-${sizeBytes}`));
}
