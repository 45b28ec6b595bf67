import type { DuckDBConnection } from "@duckdb/node-api";
import { mkdir, rename, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { sqlString } from "../../store/sql-string.js";

/**
 * Bumped whenever the key or the columns below change: the cache of an older definition is then
 * simply not found (folder: another sub-folder; file store: another table) and rebuilt.
 */
const VERSION = "v2";
const TABLE = `rate_keys_${VERSION}`;
const DONE_TABLE = `rate_keys_files_${VERSION}`;

/**
 * The key a rate is compared on: code × provider (TIN type, TIN, NPI) × billing class × setting ×
 * places of service × modifiers, as one 64-bit hash. Grouping and joining 20 million rows on eight
 * columns (strings and lists) cost ~6× the CPU of one integer (measured, bench:changes); two
 * different keys share a hash with odds of ~1 in 10^5 at 20 M keys. Lists are sorted so a
 * reordered list is the same key. NULL when the provider group is unresolved (nothing to key on).
 */
const KEY_HASH = `CASE WHEN g.file_id IS NOT NULL THEN hash(r.billing_code, g.tin_type, g.tin_value, g.npi, r.billing_class, r.setting,
  CASE WHEN len(r.service_codes) > 1 THEN list_sort(r.service_codes) ELSE r.service_codes END,
  CASE WHEN len(r.billing_code_modifiers) > 1 THEN list_sort(r.billing_code_modifiers) ELSE r.billing_code_modifiers END) END`;

/**
 * One row per fee-for-service rate × provider (NPI) of a file: its key, code, unit rank (0 dollars,
 * 1 percent, 2 per diem), amount, and the provider and term columns the key hashes, for the few
 * keys that moved. Reading those back from the `rates` view by position instead cost ~8 CPU-s per
 * 2 × 10 M rates (the view joins every price to its providers first); kept here they cost little
 * (a handful of distinct values per file, dictionary-compressed) and are read only for moved keys.
 */
function keyRowsOf(fileId: number): string {
  return `SELECT r.file_id, ${KEY_HASH} AS k, r.billing_code,
      CAST(CASE r.rate_unit WHEN 'dollars' THEN 0 WHEN 'percent' THEN 1 ELSE 2 END AS UTINYINT) AS ur,
      r.negotiated_rate AS amount, r.negotiated_type, g.tin_type, g.tin_value, g.npi,
      r.billing_class, r.setting, r.service_codes, r.billing_code_modifiers
    FROM rates r LEFT JOIN provider_groups g ON g.file_id = r.file_id AND g.group_key = r.group_key
    WHERE r.file_id = ${String(fileId)} AND r.negotiation_arrangement = 'ffs'`;
}

function checkIds(ids: readonly number[]): void {
  for (const id of ids) {
    if (!Number.isInteger(id)) throw new Error(`file id ${String(id)} is not an integer`);
  }
}

/** The folder of a store folder's key files (beside `units/`, never read as a unit). */
export function rateKeyFolder(storeFolder: string): string {
  return join(storeFolder, "derived", `rate-keys-${VERSION}`);
}

/**
 * The comparison keys of the given files, computed once per file and kept: a loaded file never
 * changes (a new month is a new file), so the keys of a release are computed when it is first
 * compared and every later comparison (next month's, alerts, the payer page) only reads them.
 * Reading the normalised tables and hashing cost ~9 CPU-s per 10 million rates; reading the kept
 * keys ~0.5 (bench:changes). A store folder keeps them as one Parquet file per file id under
 * `derived/` (written aside, then renamed: a reader never sees half a file); a DuckDB file or
 * `:memory:` store in a table. Returns a SQL relation over the keys of exactly these files.
 */
export async function rateKeysOf(
  connection: DuckDBConnection,
  fileIds: readonly number[],
  storeFolder: string | undefined,
): Promise<string> {
  checkIds(fileIds);
  if (fileIds.length === 0) return `(SELECT * FROM (${keyRowsOf(-1)}) WHERE false)`;
  if (storeFolder !== undefined) {
    const folder = rateKeyFolder(storeFolder);
    const paths: string[] = [];
    for (const id of fileIds) {
      const path = join(folder, `file-${String(id)}.parquet`);
      if (!existsSync(path)) {
        await mkdir(folder, { recursive: true });
        const partial = `${path}.${String(process.pid)}-${String(Date.now())}.partial`;
        try {
          await connection.run(
            `COPY (${keyRowsOf(id)}) TO ${sqlString(partial)} (FORMAT parquet, COMPRESSION zstd)`,
          );
          await rename(partial, path);
        } finally {
          await rm(partial, { force: true });
        }
      }
      paths.push(path);
    }
    return `read_parquet([${paths.map(sqlString).join(", ")}])`;
  }
  await connection.run(
    `CREATE TABLE IF NOT EXISTS ${TABLE} AS SELECT * FROM (${keyRowsOf(-1)}) WHERE false`,
  );
  await connection.run(`CREATE TABLE IF NOT EXISTS ${DONE_TABLE} (file_id INTEGER PRIMARY KEY)`);
  const done = new Set(
    (
      await connection.runAndReadAll(
        `SELECT file_id FROM ${DONE_TABLE} WHERE file_id IN (${fileIds.join(", ")})`,
      )
    )
      .getRowObjectsJson()
      .map((row) => Number(row.file_id)),
  );
  for (const id of fileIds) {
    if (done.has(id)) continue;
    // One transaction per file: keys and the "done" mark together or not at all.
    await connection.run("BEGIN TRANSACTION");
    try {
      await connection.run(`INSERT INTO ${TABLE} ${keyRowsOf(id)}`);
      await connection.run(`INSERT OR IGNORE INTO ${DONE_TABLE} VALUES (${String(id)})`);
      await connection.run("COMMIT");
    } catch (error) {
      await connection.run("ROLLBACK");
      throw error;
    }
  }
  return `(SELECT * FROM ${TABLE} WHERE file_id IN (${fileIds.join(", ")}))`;
}
