import type { DuckDBConnection } from "@duckdb/node-api";
import { LIST, listValue, VARCHAR } from "../../store/duckdb-api.js";
import type { CodeChangeSummary, RateChange } from "./change-types.js";
import { codeHash, codeNames } from "./rate-keys.js";
import { releaseKeysOf } from "./release-keys.js";
import { zeroQuantile, zeroQuantileParts } from "./zero-quantiles.js";

/** Amounts closer than half a cent (or half a hundredth of a percent point) are the same rate. */
const SAME = 0.005;

/**
 * A key's kind in `rate_pairs`, as a small integer: a string per key cost ~20 % of building the
 * table. `rate_changes` holds the names.
 */
const KIND = { unchanged: 0, added: 1, dropped: 2, "rate-type": 3, changed: 4 } as const;
const kindIs = (...kinds: (keyof typeof KIND)[]): string =>
  `kind IN (${kinds.map((k) => String(KIND[k])).join(", ")})`;
const KIND_NAME = `CASE p.kind ${Object.entries(KIND)
  .map(([name, code]) => `WHEN ${String(code)} THEN '${name}'`)
  .join(" ")} END`;

const UNIT = (rank: string): string =>
  `CASE ${rank} WHEN 0 THEN 'dollars' WHEN 1 THEN 'percent' WHEN 2 THEN 'per_diem' END`;

/** Where `diffRateSets` keeps each file's comparison keys (`rateKeysOf`). */
export interface DiffOptions {
  /** The store folder, when the store is one: keys are kept as Parquet beside its units. */
  readonly storeFolder?: string;
  /**
   * A market's ZIPs (`resolveMarket`): only providers whose NPPES practice ZIP is one of them are
   * compared; a provider without a known ZIP is in no market (as in benchmarks).
   */
  readonly marketZips?: readonly string[];
}

/**
 * A side's keys as a relation: a release of one file is its kept key table, read in place; one of
 * several files is combined once into a temp table, since it is read twice (pairs, then details).
 */
async function sideKeys(
  connection: DuckDBConnection,
  side: number,
  fileIds: readonly number[],
  options: DiffOptions,
  filter: string,
): Promise<string> {
  const keys = await releaseKeysOf(connection, fileIds, options.storeFolder, filter);
  if (fileIds.length <= 1) return keys;
  const table = `rate_side_${String(side)}`;
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${table} AS SELECT * FROM ${keys}`);
  return table;
}

/**
 * Compares the rates of two sets of files inside DuckDB and leaves two temp tables:
 * `rate_pairs`, one row per key in either set (its `KIND`: added, dropped, changed, rate-type or
 * unchanged; old and new unit rank and amount), and `rate_changes`, the keys that are not
 * unchanged with their provider and term columns and files. `dropRateChanges` removes both. One
 * representative rate per key and side: the median of its dollar rates, else of its percentages,
 * else of its per-diem rates, so one rate type is never averaged with another. A key whose rate
 * unit differs between the sides is a 'rate-type' change, never a dollar change.
 *
 * It reads each file's key table (`rateKeysOf`: one row per key with its median, computed once per
 * file, then kept), not the rates, so a comparison of two one-file releases is one join of two
 * key tables. Earlier versions read every rate of both releases (~62 CPU-s per 2 × 10 M rates),
 * then one kept row per rate with a 20 M-row aggregate (~23 CPU-s).
 * Returns the rates whose provider group was unresolved (skipped: nothing to key them on).
 */
export async function diffRateSets(
  connection: DuckDBConnection,
  oldFileIds: readonly number[],
  newFileIds: readonly number[],
  codes: readonly string[] | null,
  options: DiffOptions = {},
): Promise<{ unresolvedOld: number; unresolvedNew: number }> {
  // Codes and market as temp tables, not bound parameters: the filter is read by several queries,
  // some over a side combined into a temp table, where it has nothing left to bind.
  let codeFilter = "";
  if (codes !== null && codes.length > 0) {
    await connection.run(
      `CREATE OR REPLACE TEMP TABLE rate_codes AS SELECT DISTINCT ${codeHash("code")} AS code_hash
       FROM (SELECT unnest($1::VARCHAR[]) AS code)`,
      [listValue([...codes])],
      [LIST(VARCHAR)],
    );
    codeFilter = "AND code IN (SELECT code_hash FROM rate_codes)";
  }
  let marketFilter = "";
  if (options.marketZips !== undefined) {
    await connection.run(
      `CREATE OR REPLACE TEMP TABLE rate_market_npis AS
       SELECT DISTINCT npi FROM providers WHERE zip5 IN (SELECT unnest($1::VARCHAR[]))`,
      [listValue([...options.marketZips])],
      [LIST(VARCHAR)],
    );
    marketFilter = "AND npi IN (SELECT npi FROM rate_market_npis)";
  }
  const filter = `${codeFilter} ${marketFilter}`;
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE rate_code_names AS SELECT * FROM ${codeNames([...oldFileIds, ...newFileIds])}`,
  );
  const oldKeys = await sideKeys(connection, 0, oldFileIds, options, filter);
  const newKeys = await sideKeys(connection, 1, newFileIds, options, filter);
  const unresolved = (
    await connection.runAndReadAll(
      `SELECT (SELECT coalesce(sum(n), 0) FROM ${oldKeys} WHERE k IS NULL)::BIGINT AS old,
         (SELECT coalesce(sum(n), 0) FROM ${newKeys} WHERE k IS NULL)::BIGINT AS new`,
    )
  ).getRowObjectsJson()[0];
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE rate_pairs AS
     SELECT coalesce(o.k, n.k) AS k, coalesce(o.code, n.code) AS code,
       o.ur AS old_ur, n.ur AS new_ur, o.amount AS old_amount, n.amount AS new_amount,
       CAST(CASE WHEN o.k IS NULL THEN ${String(KIND.added)} WHEN n.k IS NULL THEN ${String(KIND.dropped)}
         WHEN o.ur <> n.ur THEN ${String(KIND["rate-type"])}
         WHEN abs(n.amount - o.amount) >= ${String(SAME)} THEN ${String(KIND.changed)} ELSE ${String(KIND.unchanged)} END AS UTINYINT) AS kind
     FROM (SELECT * FROM ${oldKeys} WHERE k IS NOT NULL) o
     FULL OUTER JOIN (SELECT * FROM ${newKeys} WHERE k IS NOT NULL) n ON o.k = n.k`,
  );
  // The provider and term columns of the moved keys only (a few percent of a release), read back
  // from the normalised tables through each key's term and provider row.
  const moved = `(SELECT k FROM rate_pairs WHERE NOT ${kindIs("unchanged")})`;
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE rate_details AS
     WITH refs AS (
       SELECT 0 AS side, * FROM ${oldKeys} WHERE k IN ${moved}
       UNION ALL SELECT 1 AS side, * FROM ${newKeys} WHERE k IN ${moved}
     )
     SELECT r.side, r.k, any_value(r.first_file) AS first_file, any_value(r.last_file) AS last_file,
       any_value(r.npi) AS npi, any_value(g.tin_type) AS tin_type, any_value(g.tin_value) AS tin,
       any_value(t.negotiated_type) AS negotiated_type, any_value(t.billing_class) AS billing_class,
       any_value(t.setting) AS setting, any_value(t.service_codes) AS service_codes,
       any_value(t.billing_code_modifiers) AS modifiers
     FROM refs r
     LEFT JOIN rate_terms t ON t.file_id = r.ref_file AND t.term_id = r.term_id
     LEFT JOIN provider_groups g ON g.file_id = r.ref_file AND g.group_key = r.group_key
       AND g.npi IS NOT DISTINCT FROM r.npi
     GROUP BY r.side, r.k`,
  );
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE rate_changes AS
     SELECT c.billing_code, ${KIND_NAME} AS kind, ${UNIT("p.old_ur")} AS old_unit, ${UNIT("p.new_ur")} AS new_unit,
       p.old_amount, p.new_amount, o.negotiated_type AS old_type, n.negotiated_type AS new_type,
       coalesce(o.tin_type, n.tin_type) AS tin_type, coalesce(o.tin, n.tin) AS tin, coalesce(o.npi, n.npi) AS npi,
       coalesce(o.billing_class, n.billing_class) AS billing_class, coalesce(o.setting, n.setting) AS setting,
       coalesce(o.service_codes, n.service_codes) AS service_codes, coalesce(o.modifiers, n.modifiers) AS modifiers,
       o.first_file AS old_first_file, o.last_file AS old_last_file, n.first_file AS new_first_file, n.last_file AS new_last_file,
       CASE WHEN p.old_ur = p.new_ur THEN p.new_amount - p.old_amount END AS change_amount,
       CASE WHEN p.old_ur = p.new_ur AND p.old_amount <> 0 THEN 100 * (p.new_amount - p.old_amount) / p.old_amount END AS change_percent
     FROM rate_pairs p JOIN rate_code_names c ON c.code_hash = p.code
     LEFT JOIN (SELECT * FROM rate_details WHERE side = 0) o ON o.k = p.k
     LEFT JOIN (SELECT * FROM rate_details WHERE side = 1) n ON n.k = p.k
     WHERE NOT p.${kindIs("unchanged")}`,
  );
  await connection.run("DROP TABLE rate_details");
  await connection.run("DROP TABLE IF EXISTS rate_side_0");
  await connection.run("DROP TABLE IF EXISTS rate_side_1");
  return {
    unresolvedOld: Number(unresolved?.old ?? 0),
    unresolvedNew: Number(unresolved?.new ?? 0),
  };
}

/** A scalar JSON value as text ('' for anything else). */
function str(value: unknown): string {
  return typeof value === "string" || typeof value === "number" || typeof value === "bigint"
    ? String(value)
    : "";
}

/** A list column as sorted, comma-joined text ('' when NULL or empty). */
function joined(value: unknown): string {
  return Array.isArray(value) ? value.map(str).sort().join(",") : "";
}

function num(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/**
 * Every compared key with its change, from `rate_pairs`: `moved_*` only for keys compared in one
 * unit (changed or unchanged), NULL for the others, as the summary's change figures count them.
 */
const ALL_KEYS = `SELECT code, kind, old_amount, new_amount, old_ur, new_ur,
    CASE WHEN ${kindIs("changed", "unchanged")} THEN new_amount - old_amount END AS moved_amount,
    CASE WHEN ${kindIs("changed", "unchanged")} AND old_amount <> 0 THEN 100 * (new_amount - old_amount) / old_amount END AS moved_percent
  FROM rate_pairs`;

/** Removes the temp tables `diffRateSets` leaves. */
export async function dropRateChanges(connection: DuckDBConnection): Promise<void> {
  await connection.run("DROP TABLE IF EXISTS rate_changes");
  await connection.run("DROP TABLE IF EXISTS rate_pairs");
  await connection.run("DROP TABLE IF EXISTS rate_details");
  await connection.run("DROP TABLE IF EXISTS rate_side_0");
  await connection.run("DROP TABLE IF EXISTS rate_side_1");
  await connection.run("DROP TABLE IF EXISTS rate_market_npis");
  await connection.run("DROP TABLE IF EXISTS rate_codes");
  await connection.run("DROP TABLE IF EXISTS rate_code_names");
}

/**
 * Per-code summary of the comparison, codes in order. The change quantiles count the keys that did
 * not move as zeros instead of keeping each (`zero-quantiles.ts`): same figures, ~45 % less CPU.
 */
export async function summarizeRateChanges(
  connection: DuckDBConnection,
): Promise<CodeChangeSummary[]> {
  const rows = (
    await connection.runAndReadAll(
      `WITH parts AS (
         SELECT code, count(old_amount)::BIGINT AS old_rates, count(new_amount)::BIGINT AS new_rates,
           count(*) FILTER (WHERE ${kindIs("added")})::BIGINT AS added, count(*) FILTER (WHERE ${kindIs("dropped")})::BIGINT AS dropped,
           count(*) FILTER (WHERE ${kindIs("changed")})::BIGINT AS changed, count(*) FILTER (WHERE ${kindIs("rate-type")})::BIGINT AS rate_type,
           count(*) FILTER (WHERE ${kindIs("unchanged")})::BIGINT AS unchanged,
           ${zeroQuantileParts("moved_percent", "pct")}, ${zeroQuantileParts("moved_amount", "amt")},
           median(old_amount) FILTER (WHERE old_ur = 0) AS old_median, median(new_amount) FILTER (WHERE new_ur = 0) AS new_median,
           count(*) FILTER (WHERE ${kindIs("changed")} AND moved_amount > 0)::BIGINT AS increases,
           count(*) FILTER (WHERE ${kindIs("changed")} AND moved_amount < 0)::BIGINT AS decreases
         FROM (${ALL_KEYS}) GROUP BY code
       )
       SELECT c.billing_code, old_rates, new_rates, added, dropped, changed, rate_type, unchanged,
         [${[0.25, 0.5, 0.75].map((q) => zeroQuantile("pct", q)).join(", ")}] AS pct_q,
         ${zeroQuantile("amt", 0.5)} AS median_amount, old_median, new_median, increases, decreases
       FROM parts JOIN rate_code_names c ON c.code_hash = parts.code
       ORDER BY c.billing_code`,
    )
  ).getRowObjectsJson();
  return rows.map((row) => {
    const changed = Number(row.changed);
    const unchanged = Number(row.unchanged);
    const q = Array.isArray(row.pct_q) ? row.pct_q.map(num) : [null, null, null];
    return {
      billingCode: str(row.billing_code),
      oldRates: Number(row.old_rates),
      newRates: Number(row.new_rates),
      added: Number(row.added),
      dropped: Number(row.dropped),
      changed,
      rateTypeChanged: Number(row.rate_type),
      unchanged,
      shareChanged: changed + unchanged === 0 ? null : changed / (changed + unchanged),
      p25ChangePercent: q[0] ?? null,
      medianChangePercent: q[1] ?? null,
      p75ChangePercent: q[2] ?? null,
      medianChangeAmount: num(row.median_amount),
      oldMedianRate: num(row.old_median),
      newMedianRate: num(row.new_median),
      increases: Number(row.increases),
      decreases: Number(row.decreases),
    };
  });
}

/** The rows of `rate_changes` that are not 'unchanged', ordered by code, kind and provider; at most `limit`. */
export async function readRateChanges(
  connection: DuckDBConnection,
  limit: number | null,
): Promise<{ changes: RateChange[]; total: number }> {
  const total = Number(
    (
      await connection.runAndReadAll(
        "SELECT count(*)::BIGINT AS n FROM rate_changes WHERE kind <> 'unchanged'",
      )
    ).getRowObjectsJson()[0]?.n ?? 0,
  );
  const rows = (
    await connection.runAndReadAll(
      `SELECT * FROM rate_changes WHERE kind <> 'unchanged'
       ORDER BY billing_code, kind, tin, npi, billing_class, setting, service_codes, modifiers ${limit === null ? "" : `LIMIT ${String(Math.max(0, Math.floor(limit)))}`}`,
    )
  ).getRowObjectsJson();
  const changes = rows.map((row): RateChange => {
    const kind = str(row.kind) as RateChange["kind"];
    const blank = (value: unknown): string | null => (str(value) === "" ? null : str(value));
    const files = (first: unknown, last: unknown): number[] => [
      ...new Set([first, last].filter((id) => id !== null && id !== undefined).map(Number)),
    ];
    return {
      kind,
      billingCode: str(row.billing_code),
      tinType: blank(row.tin_type),
      tin: blank(row.tin),
      npi: row.npi === null || row.npi === undefined ? null : Number(row.npi),
      billingClass: blank(row.billing_class),
      setting: blank(row.setting),
      placesOfService: joined(row.service_codes),
      modifiers: joined(row.modifiers),
      oldType: blank(row.old_type),
      newType: blank(row.new_type),
      oldUnit: blank(row.old_unit),
      newUnit: blank(row.new_unit),
      oldAmount: num(row.old_amount),
      newAmount: num(row.new_amount),
      changeAmount: kind === "changed" ? num(row.change_amount) : null,
      changePercent: kind === "changed" ? num(row.change_percent) : null,
      oldFileIds: files(row.old_first_file, row.old_last_file),
      newFileIds: files(row.new_first_file, row.new_last_file),
    };
  });
  return { changes, total };
}
