import { LIST, listValue, VARCHAR, type DuckDBConnection } from "@duckdb/node-api";
import type { CodeChangeSummary, RateChange } from "./change-types.js";
import { rateKeysOf } from "./rate-keys.js";

/** Amounts closer than half a cent (or half a hundredth of a percent point) are the same rate. */
const SAME = 0.005;

/** The key rows of both releases, each tagged with its side (0 old, 1 new). */
function sideRows(oldKeys: string, newKeys: string, codeFilter: string): string {
  return `SELECT 0 AS side, * FROM ${oldKeys} WHERE true ${codeFilter}
    UNION ALL SELECT 1 AS side, * FROM ${newKeys} WHERE true ${codeFilter}`;
}

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
 * Compares the rates of two sets of files inside DuckDB and leaves one row per key that is in
 * either set in two temp tables: `rate_changes` (kind 'added' | 'dropped' | 'changed' | 'rate-type',
 * or 'unchanged' when settled by a median) and `rate_pairs` (the keys the first pass found
 * unchanged). `dropRateChanges` removes both. One representative rate per key and side: the median
 * of its dollar rates, else of its percentages, else of its per-diem rates, so one rate type is
 * never averaged with another. A key whose rate unit differs between the sides is a 'rate-type'
 * change, never a dollar change.
 *
 * It reads each file's comparison keys (`rateKeysOf`: computed once per file, then kept), not the
 * rates: one aggregate per key keeps only cheap figures (min and max, whose equality settles the
 * rate); the medians, provider and term columns of the few keys that moved come from their key
 * rows. Reading all rates twice (the first version) cost ~62 CPU-s per 2 × 10 M rates.
 * Returns the rates whose provider group was unresolved (skipped: nothing to key them on).
 */
export async function diffRateSets(
  connection: DuckDBConnection,
  oldFileIds: readonly number[],
  newFileIds: readonly number[],
  codes: readonly string[] | null,
  options: DiffOptions = {},
): Promise<{ unresolvedOld: number; unresolvedNew: number }> {
  const codeFilter =
    codes === null || codes.length === 0
      ? ""
      : `AND billing_code IN (${codes.map((_, i) => `$${String(i + 1)}`).join(", ")})`;
  const params = [...(codes ?? [])];
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
  const oldKeys = await rateKeysOf(connection, oldFileIds, options.storeFolder);
  const newKeys = await rateKeysOf(connection, newFileIds, options.storeFolder);
  // Not materialised (20 M rows would be ~1.2 GB): scanning the kept keys twice is cheaper.
  const keyRows = sideRows(oldKeys, newKeys, `${codeFilter} ${marketFilter}`);
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE rate_sides AS
     SELECT side, k, any_value(billing_code) AS billing_code, count(*) AS n, min(ur) AS ur_min, max(ur) AS ur_max,
       min(amount) FILTER (WHERE ur = 0) AS dmin, max(amount) FILTER (WHERE ur = 0) AS dmax,
       min(amount) AS amin, max(amount) AS amax, min(file_id) AS first_file, max(file_id) AS last_file
     FROM (${keyRows}) GROUP BY side, k`,
    params,
  );
  const unresolved = (
    await connection.runAndReadAll("SELECT side, n FROM rate_sides WHERE k IS NULL")
  ).getRowObjectsJson();
  const unresolvedOn = (side: number): number =>
    unresolved
      .filter((row) => Number(row.side) === side)
      .reduce((sum, row) => sum + Number(row.n), 0);
  // exact: the side's rate is settled without a median (one distinct value in the chosen unit).
  const side = (n: number): string =>
    `SELECT k, billing_code, ur_min AS ur, first_file, last_file,
       CASE WHEN ur_min = 0 THEN dmin ELSE amin END AS lo,
       (ur_min = 0 AND dmin = dmax) OR (ur_min = ur_max AND amin = amax) AS exact
     FROM rate_sides WHERE side = ${String(n)} AND k IS NOT NULL`;
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE rate_pairs AS
     SELECT coalesce(o.k, n.k) AS k, coalesce(o.billing_code, n.billing_code) AS billing_code, o.ur AS old_ur, n.ur AS new_ur,
       CASE WHEN o.exact THEN o.lo END AS old_lo, CASE WHEN n.exact THEN n.lo END AS new_lo,
       o.first_file AS old_first_file, o.last_file AS old_last_file, n.first_file AS new_first_file, n.last_file AS new_last_file,
       CASE WHEN o.k IS NULL THEN 'added' WHEN n.k IS NULL THEN 'dropped' WHEN o.ur <> n.ur THEN 'rate-type'
         WHEN o.exact AND n.exact THEN CASE WHEN abs(n.lo - o.lo) >= ${String(SAME)} THEN 'changed' ELSE 'unchanged' END
         ELSE 'pending' END AS kind0
     FROM (${side(0)}) o FULL OUTER JOIN (${side(1)}) n ON o.k = n.k`,
  );
  await connection.run("DROP TABLE rate_sides");
  // The rows of the keys that are not settled as unchanged: a few percent of a release.
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE rate_moved_rows AS
     SELECT * FROM (${keyRows}) WHERE k IN (SELECT k FROM rate_pairs WHERE kind0 <> 'unchanged')`,
    params,
  );
  // Any row of a key has the same key columns; the type is the one of the key's chosen unit.
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE rate_details AS
     WITH m AS (
       SELECT side, k, min(ur) AS ur,
         median(amount) FILTER (WHERE ur = 0) AS m0, median(amount) FILTER (WHERE ur = 1) AS m1,
         median(amount) FILTER (WHERE ur = 2) AS m2
       FROM rate_moved_rows GROUP BY side, k
     ),
     d AS (
       SELECT side, k, any_value(tin_type) AS tin_type, any_value(tin_value) AS tin, any_value(npi) AS npi,
         any_value(billing_class) AS billing_class, any_value(setting) AS setting,
         any_value(service_codes) AS service_codes, any_value(billing_code_modifiers) AS modifiers,
         arg_min(negotiated_type, ur) AS negotiated_type
       FROM rate_moved_rows GROUP BY side, k
     )
     SELECT m.*, d.* EXCLUDE (side, k) FROM m JOIN d ON d.side = m.side AND d.k = m.k`,
  );
  await connection.run("DROP TABLE rate_moved_rows");
  // Only keys not settled as unchanged by the first pass: the settled ones stay in rate_pairs, so
  // that the 97 % or so of a release that did not move is never copied again.
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE rate_changes AS
     WITH d AS (SELECT *, CASE ur WHEN 0 THEN m0 WHEN 1 THEN m1 ELSE m2 END AS amount FROM rate_details),
     amounts AS (
       SELECT p.*, ${UNIT("p.old_ur")} AS old_unit, ${UNIT("p.new_ur")} AS new_unit,
         coalesce(p.old_lo, o.amount) AS old_amount, coalesce(p.new_lo, n.amount) AS new_amount,
         o.negotiated_type AS old_type, n.negotiated_type AS new_type,
         coalesce(o.tin_type, n.tin_type) AS tin_type, coalesce(o.tin, n.tin) AS tin, coalesce(o.npi, n.npi) AS npi,
         coalesce(o.billing_class, n.billing_class) AS billing_class, coalesce(o.setting, n.setting) AS setting,
         coalesce(o.service_codes, n.service_codes) AS service_codes, coalesce(o.modifiers, n.modifiers) AS modifiers
       FROM (SELECT * FROM rate_pairs WHERE kind0 <> 'unchanged') p
       LEFT JOIN (SELECT * FROM d WHERE side = 0) o ON o.k = p.k LEFT JOIN (SELECT * FROM d WHERE side = 1) n ON n.k = p.k
     )
     SELECT * EXCLUDE (kind0, old_lo, new_lo),
       CASE WHEN kind0 <> 'pending' THEN kind0 WHEN abs(new_amount - old_amount) >= ${String(SAME)} THEN 'changed' ELSE 'unchanged' END AS kind,
       CASE WHEN old_unit = new_unit THEN new_amount - old_amount END AS change_amount,
       CASE WHEN old_unit = new_unit AND old_amount <> 0 THEN 100 * (new_amount - old_amount) / old_amount END AS change_percent
     FROM amounts`,
  );
  await connection.run("DELETE FROM rate_pairs WHERE kind0 <> 'unchanged'");
  await connection.run("DROP TABLE rate_details");
  return { unresolvedOld: unresolvedOn(0), unresolvedNew: unresolvedOn(1) };
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

/** Every compared key: the settled unchanged ones of `rate_pairs` and the rows of `rate_changes`. */
const ALL_KEYS = `SELECT billing_code, 'unchanged' AS kind, old_lo AS old_amount, new_lo AS new_amount,
    ${UNIT("old_ur")} AS old_unit, ${UNIT("new_ur")} AS new_unit, new_lo - old_lo AS change_amount,
    CASE WHEN old_lo <> 0 THEN 100 * (new_lo - old_lo) / old_lo END AS change_percent
  FROM rate_pairs
  UNION ALL SELECT billing_code, kind, old_amount, new_amount, old_unit, new_unit, change_amount, change_percent FROM rate_changes`;

/** Removes the temp tables `diffRateSets` leaves. */
export async function dropRateChanges(connection: DuckDBConnection): Promise<void> {
  await connection.run("DROP TABLE IF EXISTS rate_changes");
  await connection.run("DROP TABLE IF EXISTS rate_pairs");
  await connection.run("DROP TABLE IF EXISTS rate_details");
  await connection.run("DROP TABLE IF EXISTS rate_sides");
  await connection.run("DROP TABLE IF EXISTS rate_moved_rows");
  await connection.run("DROP TABLE IF EXISTS rate_market_npis");
}

/** Per-code summary of the comparison, codes in order. */
export async function summarizeRateChanges(
  connection: DuckDBConnection,
): Promise<CodeChangeSummary[]> {
  const rows = (
    await connection.runAndReadAll(
      `SELECT billing_code,
         count(old_amount)::BIGINT AS old_rates, count(new_amount)::BIGINT AS new_rates,
         count(*) FILTER (WHERE kind = 'added')::BIGINT AS added, count(*) FILTER (WHERE kind = 'dropped')::BIGINT AS dropped,
         count(*) FILTER (WHERE kind = 'changed')::BIGINT AS changed, count(*) FILTER (WHERE kind = 'rate-type')::BIGINT AS rate_type,
         count(*) FILTER (WHERE kind = 'unchanged')::BIGINT AS unchanged,
         quantile_cont(change_percent, [0.25, 0.5, 0.75]) FILTER (WHERE kind IN ('changed', 'unchanged')) AS pct_q,
         median(change_amount) FILTER (WHERE kind IN ('changed', 'unchanged')) AS median_amount,
         median(old_amount) FILTER (WHERE old_unit = 'dollars') AS old_median, median(new_amount) FILTER (WHERE new_unit = 'dollars') AS new_median,
         count(*) FILTER (WHERE kind = 'changed' AND change_amount > 0)::BIGINT AS increases,
         count(*) FILTER (WHERE kind = 'changed' AND change_amount < 0)::BIGINT AS decreases
       FROM (${ALL_KEYS}) GROUP BY billing_code ORDER BY billing_code`,
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
