import type { DuckDBConnection } from "@duckdb/node-api";
import type { CodeChangeSummary, RateChange } from "./change-types.js";

/**
 * The key a rate is compared on: code × provider (TIN type, TIN, NPI) × billing class × setting ×
 * places of service × modifiers. NULLs become '' / -1 so that a plain equi-join (fast hash join)
 * matches them; places and modifiers are sorted so a reordered list is the same key.
 */
const KEY = ["billing_code", "tin_type", "tin", "npi", "billing_class", "setting", "pos", "modifiers"] as const;

/** Amounts closer than half a cent (or half a percent point's hundredth) are the same rate. */
const SAME = 0.005;

/** Whole-number file ids, checked before they are written into SQL. */
function idList(ids: readonly number[]): string {
  for (const id of ids) if (!Number.isInteger(id)) throw new Error(`file id ${String(id)} is not an integer`);
  return ids.length === 0 ? "NULL" : ids.join(", ");
}

/**
 * Compares the rates of two sets of files inside DuckDB and leaves one row per key that is in
 * either set in the temp table `rate_changes` (kind 'added' | 'dropped' | 'changed' | 'rate-type'
 * | 'unchanged'). One representative rate per key and side: the median of its dollar rates, else
 * of its percentages, else of its per-diem rates, so one rate type is never averaged with another.
 * A key whose rate unit differs between the sides is a 'rate-type' change, never a dollar change.
 * Returns the rates whose provider group was unresolved (skipped: nothing to key them on).
 */
export async function diffRateSets(
  connection: DuckDBConnection,
  oldFileIds: readonly number[],
  newFileIds: readonly number[],
  codes: readonly string[] | null,
): Promise<{ unresolvedOld: number; unresolvedNew: number }> {
  const codeFilter = codes === null || codes.length === 0 ? "" : `AND r.billing_code IN (${codes.map((_, i) => `$${String(i + 1)}`).join(", ")})`;
  const params = [...(codes ?? [])];
  const sides = `SELECT unnest([${idList(oldFileIds)}]) AS file_id, 0 AS side UNION ALL SELECT unnest([${idList(newFileIds)}]), 1`;
  const unresolved = (
    await connection.runAndReadAll(
      `SELECT s.side, count(*)::BIGINT AS n FROM rates r JOIN (${sides}) s ON s.file_id = r.file_id
       WHERE r.group_key IS NULL ${codeFilter} GROUP BY s.side`,
      params,
    )
  ).getRowObjectsJson();
  const unresolvedOn = (side: number): number => Number(unresolved.find((row) => Number(row.side) === side)?.n ?? 0);
  const keys = KEY.join(", ");
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE rate_changes AS
     WITH src AS (
       SELECT s.side, r.file_id, r.billing_code, coalesce(g.tin_type, '') AS tin_type, coalesce(g.tin_value, '') AS tin,
         coalesce(g.npi, -1) AS npi, coalesce(r.billing_class, '') AS billing_class, coalesce(r.setting, '') AS setting,
         coalesce(array_to_string(list_sort(r.service_codes), ','), '') AS pos,
         coalesce(array_to_string(list_sort(r.billing_code_modifiers), ','), '') AS modifiers,
         r.negotiated_type, r.rate_unit, r.negotiated_rate
       FROM rates r JOIN (${sides}) s ON s.file_id = r.file_id
       JOIN provider_groups g ON g.file_id = r.file_id AND g.group_key = r.group_key
       WHERE r.negotiation_arrangement = 'ffs' ${codeFilter}
     ), agg AS (
       SELECT side, ${keys},
         median(negotiated_rate) FILTER (WHERE rate_unit = 'dollars') AS usd,
         median(negotiated_rate) FILTER (WHERE rate_unit = 'percent') AS pct,
         median(negotiated_rate) FILTER (WHERE rate_unit NOT IN ('dollars', 'percent')) AS other,
         min(negotiated_type) FILTER (WHERE rate_unit = 'dollars') AS usd_type,
         min(negotiated_type) FILTER (WHERE rate_unit = 'percent') AS pct_type,
         min(negotiated_type) FILTER (WHERE rate_unit NOT IN ('dollars', 'percent')) AS other_type,
         min(rate_unit) FILTER (WHERE rate_unit NOT IN ('dollars', 'percent')) AS other_unit,
         list(DISTINCT file_id ORDER BY file_id) AS files
       FROM src GROUP BY ALL
     ), sided AS (
       SELECT side, ${keys},
         CASE WHEN usd IS NOT NULL THEN 'dollars' WHEN pct IS NOT NULL THEN 'percent' ELSE other_unit END AS unit,
         coalesce(usd, pct, other) AS amount,
         CASE WHEN usd IS NOT NULL THEN usd_type WHEN pct IS NOT NULL THEN pct_type ELSE other_type END AS negotiated_type,
         files
       FROM agg
     ), joined AS (
       SELECT ${keys}, o.unit AS old_unit, n.unit AS new_unit, o.amount AS old_amount, n.amount AS new_amount,
         o.negotiated_type AS old_type, n.negotiated_type AS new_type, o.files AS old_files, n.files AS new_files
       FROM (SELECT * FROM sided WHERE side = 0) o FULL OUTER JOIN (SELECT * FROM sided WHERE side = 1) n USING (${keys})
     )
     SELECT *,
       CASE WHEN old_amount IS NULL THEN 'added' WHEN new_amount IS NULL THEN 'dropped'
         WHEN old_unit <> new_unit THEN 'rate-type'
         WHEN abs(new_amount - old_amount) >= ${String(SAME)} THEN 'changed' ELSE 'unchanged' END AS kind,
       CASE WHEN old_unit = new_unit THEN new_amount - old_amount END AS change_amount,
       CASE WHEN old_unit = new_unit AND old_amount <> 0 THEN 100 * (new_amount - old_amount) / old_amount END AS change_percent
     FROM joined`,
    params,
  );
  return { unresolvedOld: unresolvedOn(0), unresolvedNew: unresolvedOn(1) };
}

/** A scalar JSON value as text ('' for anything else). */
function str(value: unknown): string {
  return typeof value === "string" || typeof value === "number" || typeof value === "bigint" ? String(value) : "";
}

function num(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** Per-code summary of `rate_changes`, codes in order. */
export async function summarizeRateChanges(connection: DuckDBConnection): Promise<CodeChangeSummary[]> {
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
       FROM rate_changes GROUP BY billing_code ORDER BY billing_code`,
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
export async function readRateChanges(connection: DuckDBConnection, limit: number | null): Promise<{ changes: RateChange[]; total: number }> {
  const total = Number(
    (await connection.runAndReadAll("SELECT count(*)::BIGINT AS n FROM rate_changes WHERE kind <> 'unchanged'")).getRowObjectsJson()[0]?.n ?? 0,
  );
  const rows = (
    await connection.runAndReadAll(
      `SELECT * FROM rate_changes WHERE kind <> 'unchanged'
       ORDER BY billing_code, kind, tin, npi, billing_class, setting, pos, modifiers ${limit === null ? "" : `LIMIT ${String(Math.max(0, Math.floor(limit)))}`}`,
    )
  ).getRowObjectsJson();
  const changes = rows.map((row): RateChange => {
    const kind = str(row.kind) as RateChange["kind"];
    const blank = (value: unknown): string | null => (str(value) === "" ? null : str(value));
    const files = (value: unknown): number[] => (Array.isArray(value) ? value.map(Number) : []);
    return {
      kind,
      billingCode: str(row.billing_code),
      tinType: blank(row.tin_type),
      tin: blank(row.tin),
      npi: Number(row.npi) < 0 ? null : Number(row.npi),
      billingClass: blank(row.billing_class),
      setting: blank(row.setting),
      placesOfService: str(row.pos),
      modifiers: str(row.modifiers),
      oldType: blank(row.old_type),
      newType: blank(row.new_type),
      oldUnit: blank(row.old_unit),
      newUnit: blank(row.new_unit),
      oldAmount: num(row.old_amount),
      newAmount: num(row.new_amount),
      changeAmount: kind === "changed" ? num(row.change_amount) : null,
      changePercent: kind === "changed" ? num(row.change_percent) : null,
      oldFileIds: files(row.old_files),
      newFileIds: files(row.new_files),
    };
  });
  return { changes, total };
}
