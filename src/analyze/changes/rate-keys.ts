import type { DuckDBConnection } from "@duckdb/node-api";
import { mkdir, rename, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { sqlString } from "../../store/sql-string.js";

/**
 * Bumped whenever the key or the columns below change: the cache of an older definition is then
 * simply not found (folder: another sub-folder; file store: another table) and rebuilt.
 */
const VERSION = "v3";
const TABLE = `rate_keys_${VERSION}`;
const DONE_TABLE = `rate_keys_files_${VERSION}`;
/** Earlier definitions, removed when this one's keys are first kept (nothing reads them). */
const OLD_VERSIONS = ["v2"];

/**
 * The columns of a file's key table: ONE row per comparison key of the file, already reduced to
 * the key's representative rate, so that comparing two releases is one join of two key tables
 * instead of an aggregate of every rate of both (v2 kept one row per rate: the 20 M-row aggregate
 * of a 2 × 10 M-rate comparison cost ~15 CPU-s of its ~23).
 *
 * - `k`: the key hash (below); NULL for the rates whose provider group is unresolved, one row per
 *   code so that a code filter still counts them.
 * - `code`: the billing code's hash (`codeHash`): 8 bytes that cost nothing to write, where the
 *   code as text was ~45 % of the cost of writing the table (dictionary analysis); `codeNames`
 *   gives the text back.
 * - `n`: how many rates (price × provider) the row stands for.
 * - `ur`: the key's unit rank (0 dollars, 1 percent, 2 per diem): its best unit, so one rate type
 *   is never averaged with another; `amount` the median of its rates in that unit; `amounts` those
 *   rates when there are several (NULL for one), for the median of a key spread over several files.
 * - `term_id`, `group_key`, `npi`: one rate's term (of the key's unit) and provider in this file,
 *   from which the few moved keys' terms and provider columns are read back for output.
 */
const COLUMNS = `file_id INTEGER, k UBIGINT, code UBIGINT, n BIGINT, ur UTINYINT, amount DOUBLE,
  amounts DOUBLE[], term_id INTEGER, group_key INTEGER, npi BIGINT`;

/** The SQL of a billing code's hash, as the key tables hold it. */
export function codeHash(sql: string): string {
  return `hash(${sql})`;
}

/** `code_hash`, `billing_code` of the codes of these files' items, to name a key table's codes. */
export function codeNames(fileIds: readonly number[]): string {
  checkIds(fileIds);
  return `(SELECT DISTINCT ${codeHash("billing_code")} AS code_hash, billing_code FROM rate_items
    WHERE file_id IN (${fileIds.length === 0 ? "NULL" : fileIds.join(", ")}))`;
}

/**
 * One row per fee-for-service rate × provider (NPI) of a file, read from the normalised tables
 * rather than the `rates` view: the key is hashed from the hashes of its parts, each computed once
 * on its small table (a code per item, the term columns per term, TIN and NPI per provider row),
 * so the 10 M-row pipeline only joins integers and hashes three of them. Hashing the eight columns
 * (strings and lists) per rate through the view cost ~9 CPU-s per 10 M rates. Lists are sorted so
 * a reordered list is the same key; two different keys share a 64-bit hash with odds of ~1 in 10^5
 * at 20 M keys. A group marked unresolved (`group_refs.resolved = false`), or one with no provider
 * row, gives a NULL key, as in the `rates` view.
 */
export function keyRowsOf(fileId: number): string {
  const f = String(fileId);
  const sorted = (column: string): string =>
    `CASE WHEN len(${column}) > 1 THEN list_sort(${column}) ELSE ${column} END`;
  return `WITH items AS (
      SELECT item_index, ${codeHash("billing_code")} AS code FROM rate_items
      WHERE file_id = ${f} AND negotiation_arrangement = 'ffs'
    ), terms AS (
      SELECT term_id, CAST(CASE rate_unit WHEN 'dollars' THEN 0 WHEN 'percent' THEN 1 ELSE 2 END AS UTINYINT) AS ur,
        hash(billing_class, setting, ${sorted("service_codes")}, ${sorted("billing_code_modifiers")}) AS ht
      FROM rate_terms WHERE file_id = ${f}
    ), groups AS (
      SELECT group_key, npi, hash(tin_type, tin_value, npi) AS hg FROM provider_groups
      WHERE file_id = ${f}
        AND group_key NOT IN (SELECT group_key FROM group_refs WHERE file_id = ${f} AND resolved = false)
    )
    SELECT CASE WHEN g.group_key IS NOT NULL THEN hash(i.code, t.ht, g.hg) END AS k, i.code,
      CAST(coalesce(t.ur, 2) AS BIGINT) AS ur, p.negotiated_rate AS amount, CAST(p.term_id AS BIGINT) AS term_id, g.group_key, g.npi
    FROM rate_prices p
    JOIN items i ON i.item_index = p.item_index
    -- Both sides are one file's (WHERE below): joining on file_id too cost ~25 % more of the join.
    JOIN rate_providers v ON v.item_index = p.item_index AND v.rate_index = p.rate_index
    LEFT JOIN terms t ON t.term_id = p.term_id
    LEFT JOIN groups g ON g.group_key = v.group_key
    WHERE p.file_id = ${f} AND v.file_id = ${f}`;
}

/** 2^32: the unit rank and the term id packed in one BIGINT (`fileKeysQuery`). */
const TERM_SPAN = 4294967296;

/**
 * A file's key table as a query, first pass: only cheap aggregates (count, min; a median per key
 * cost ~35 % more, and almost every key has one rate), so `amount` is NULL where a key has several
 * rates until `severalOf` fills it. The best unit and a term of that unit come from one `min` over
 * unit × 2^32 + term (`min(ur)` with `arg_min(term_id, ur)` cost ~25 % more of the aggregate);
 * `min` of the code, group and NPI as cheap stand-ins for "any" (every rate of a key has the same
 * code and NPI, and any of its groups names its TIN).
 */
function fileKeysQuery(fileId: number): string {
  const span = String(TERM_SPAN);
  const half = String(TERM_SPAN / 2);
  return `SELECT ${String(fileId)}::INTEGER AS file_id, k, code, n, CAST(ut // ${span} AS UTINYINT) AS ur,
      CASE WHEN n = 1 AND k IS NOT NULL THEN amount END AS amount, NULL::DOUBLE[] AS amounts,
      CAST(ut % ${span} - ${half} AS INTEGER) AS term_id, group_key, npi
    FROM (
      SELECT k, min(code) AS code, count(*) AS n, min(ur * ${span} + (term_id + ${half})) AS ut,
        min(amount) AS amount, min(group_key) AS group_key, min(npi) AS npi
      FROM (${keyRowsOf(fileId)})
      GROUP BY k, CASE WHEN k IS NULL THEN code END
    )`;
}

/**
 * Second pass, over the keys of `keys` (a file's first-pass rows) that have several rates: the
 * rates of those keys read again, in the key's best unit, with their median (none in the
 * benchmark; a few percent of a real file).
 */
function severalOf(fileId: number, keys: string): string {
  const unitList = (rank: number): string =>
    `list(amount ORDER BY amount) FILTER (WHERE ur = ${String(rank)})`;
  return `SELECT k, list_aggregate(amounts, 'median') AS amount, amounts FROM (
      SELECT k, CASE min(ur) WHEN 0 THEN ${unitList(0)} WHEN 1 THEN ${unitList(1)} ELSE ${unitList(2)} END AS amounts
      FROM (${keyRowsOf(fileId)})
      WHERE k IN (SELECT k FROM ${keys} WHERE n > 1 AND k IS NOT NULL)
      GROUP BY k
    )`;
}

async function hasSeveral(connection: DuckDBConnection, keys: string): Promise<boolean> {
  const row = (
    await connection.runAndReadAll(
      `SELECT count(*)::BIGINT AS n FROM ${keys} WHERE n > 1 AND k IS NOT NULL`,
    )
  ).getRowObjectsJson()[0];
  return Number(row?.n ?? 0) > 0;
}

/**
 * Writes a file's key table to Parquet at `path` (a store folder): written aside under a partial
 * name, completed there when keys have several rates, then renamed, so a reader never sees half a
 * file.
 */
async function writeKeyFile(
  connection: DuckDBConnection,
  fileId: number,
  path: string,
): Promise<void> {
  const stamp = `${String(process.pid)}-${String(Date.now())}`;
  const first = `${path}.${stamp}.partial`;
  const second = `${path}.${stamp}.full.partial`;
  try {
    await connection.run(
      `COPY (${fileKeysQuery(fileId)}) TO ${sqlString(first)} (FORMAT parquet, COMPRESSION zstd)`,
    );
    const keys = `read_parquet(${sqlString(first)})`;
    if (await hasSeveral(connection, keys)) {
      await connection.run(
        `COPY (SELECT b.* REPLACE (coalesce(m.amount, b.amount) AS amount, m.amounts AS amounts)
           FROM ${keys} b LEFT JOIN (${severalOf(fileId, keys)}) m ON m.k = b.k)
         TO ${sqlString(second)} (FORMAT parquet, COMPRESSION zstd)`,
      );
      await rename(second, path);
    } else {
      await rename(first, path);
    }
  } finally {
    await rm(first, { force: true });
    await rm(second, { force: true });
  }
}

/**
 * Creates the kept tables if missing. Two connections creating them at once conflict in the
 * catalog; the one that lost finds them made by the other.
 */
async function ensureTables(connection: DuckDBConnection): Promise<void> {
  const kept = await connection.runAndReadAll(
    `SELECT 1 FROM duckdb_tables() WHERE table_name IN ('${TABLE}', '${DONE_TABLE}') AND NOT temporary`,
  );
  if (kept.currentRowCount === 2) return;
  for (const old of OLD_VERSIONS) {
    await connection.run(`DROP TABLE IF EXISTS rate_keys_${old}`);
    await connection.run(`DROP TABLE IF EXISTS rate_keys_files_${old}`);
  }
  for (const [table, columns] of [
    [TABLE, COLUMNS],
    [DONE_TABLE, "file_id INTEGER PRIMARY KEY"],
  ] as const) {
    try {
      await connection.run(`CREATE TABLE IF NOT EXISTS ${table} (${columns})`);
    } catch (error) {
      const found = await connection.runAndReadAll(
        `SELECT 1 FROM duckdb_tables() WHERE table_name = '${table}' AND NOT temporary`,
      );
      if (found.currentRowCount === 0) throw error;
    }
  }
}

async function isDone(connection: DuckDBConnection, fileId: number): Promise<boolean> {
  const rows = await connection.runAndReadAll(
    `SELECT 1 FROM ${DONE_TABLE} WHERE file_id = ${String(fileId)}`,
  );
  return rows.currentRowCount > 0;
}

/**
 * Adds a file's key table to the kept table of a DuckDB-file (or `:memory:`) store, with its
 * "done" mark, in one transaction: all or nothing. The mark goes first, so that two connections
 * keying the same file at once (two first requests to a server) conflict on its primary key and
 * one rolls back instead of both adding the keys; the one that lost then finds the file done.
 */
async function insertKeys(connection: DuckDBConnection, fileId: number): Promise<void> {
  const id = String(fileId);
  await connection.run("BEGIN TRANSACTION");
  try {
    await connection.run(`INSERT INTO ${DONE_TABLE} VALUES (${id})`);
    await connection.run(`INSERT INTO ${TABLE} ${fileKeysQuery(fileId)}`);
    const keys = `(SELECT * FROM ${TABLE} WHERE file_id = ${id})`;
    if (await hasSeveral(connection, keys)) {
      await connection.run(
        `UPDATE ${TABLE} SET amount = m.amount, amounts = m.amounts FROM (${severalOf(fileId, keys)}) m
         WHERE ${TABLE}.file_id = ${id} AND ${TABLE}.k = m.k`,
      );
    }
    await connection.run("COMMIT");
  } catch (error) {
    // After a failed COMMIT there is no transaction left to roll back.
    await connection.run("ROLLBACK").catch(() => undefined);
    if (await isDone(connection, fileId)) return;
    throw error;
  }
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

/** An empty relation with the key table's columns (no files). */
function emptyKeys(): string {
  const columns = COLUMNS.split(",").map((column) => column.trim().split(/\s+/));
  return `(SELECT ${columns.map(([name, type]) => `NULL::${type ?? ""} AS ${name ?? ""}`).join(", ")} WHERE false)`;
}

/**
 * The key tables of the given files (one row per key per file), computed once per file and kept:
 * a loaded file never changes (a new month is a new file), so the keys of a release are computed
 * when it is first compared and every later comparison (next month's, alerts, the payer page) only
 * reads them. A store folder keeps them as one Parquet file per file id under `derived/` (written
 * aside, then renamed: a reader never sees half a file); a DuckDB file or `:memory:` store in a
 * table. Returns a SQL relation over the key rows of exactly these files.
 */
export async function rateKeysOf(
  connection: DuckDBConnection,
  fileIds: readonly number[],
  storeFolder: string | undefined,
): Promise<string> {
  checkIds(fileIds);
  if (fileIds.length === 0) return emptyKeys();
  if (storeFolder !== undefined) {
    const folder = rateKeyFolder(storeFolder);
    const paths: string[] = [];
    for (const id of fileIds) {
      const path = join(folder, `file-${String(id)}.parquet`);
      if (!existsSync(path)) {
        if (!existsSync(folder)) {
          for (const old of OLD_VERSIONS) {
            await rm(join(storeFolder, "derived", `rate-keys-${old}`), {
              recursive: true,
              force: true,
            });
          }
          await mkdir(folder, { recursive: true });
        }
        await writeKeyFile(connection, id, path);
      }
      paths.push(path);
    }
    return `read_parquet([${paths.map(sqlString).join(", ")}])`;
  }
  await ensureTables(connection);
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
    if (!done.has(id)) await insertKeys(connection, id);
  }
  return `(SELECT * FROM ${TABLE} WHERE file_id IN (${fileIds.join(", ")}))`;
}

/**
 * Forgets the kept keys of these files (a DuckDB-file store; a store folder's are files under
 * `rateKeyFolder`): the benchmark's cold and monthly cases, or a file removed from the store.
 */
export async function forgetRateKeys(
  connection: DuckDBConnection,
  fileIds: readonly number[],
): Promise<void> {
  checkIds(fileIds);
  if (fileIds.length === 0) return;
  const kept = (
    await connection.runAndReadAll(
      `SELECT table_name FROM duckdb_tables() WHERE table_name IN ('${TABLE}', '${DONE_TABLE}')`,
    )
  ).getRowObjectsJson();
  for (const row of kept) {
    const table = typeof row.table_name === "string" ? row.table_name : "";
    await connection.run(`DELETE FROM ${table} WHERE file_id IN (${fileIds.join(", ")})`);
  }
}
