/**
 * The SQL of the benchmark engine: ONE statement (`resultsSql`) from the rates to the statistics,
 * its stages as CTEs. The stages read more than once (`bm_obs`, `s1`, `clean`) are MATERIALIZED
 * in memory, so the cleaning audit counts what every rule removed without re-running earlier
 * stages and without writing TEMP tables (docs/benchmarks.md: writing them was a third of the old
 * run). Only the small lookup tables (`bm_files`, `bm_medicare`, `bm_expected`) are TEMP tables,
 * built from JS first. Values are always bound parameters; the only text spliced in is the `$n`
 * placeholders themselves.
 *
 * Unit of counting: an *observation* = one `rates` row × one provider it applies to (one NPI of
 * its provider group, or the group itself when it lists no NPI or its reference was unresolved)
 * × one facility class it applies to.
 */
import { facilityClassesSql } from "./facility-class.js";

/** `$first, $first+1, …` for an IN list of `count` bound values. */
export function placeholders(first: number, count: number): string {
  return Array.from({ length: count }, (_, i) => `$${first + i}`).join(", ");
}

/**
 * Bound parameters: $1 facility POS list, $2 state list|null, $3 taxonomy list|null, $4 modifier|null,
 * $5 billing class|null, $6 facility class|null, $7 negotiated types in priority order, $8… codes.
 * The provider of an observation is (tin_value, npi) when its group resolved, the written
 * `provider_group_id` (`unresolved_ref`) when it did not, and (file, group) for a group listing
 * neither (`bare_file`, `bare_group`).
 */
export function observationCtes(codeCount: number, market = false): string {
  // A market filter joins `bm_market` (its ZIPs); the provider is placed by its NPPES practice ZIP.
  const marketJoin = market ? "\n  LEFT JOIN bm_market mk ON mk.zip5 = p.zip5" : "";
  const marketSteps = market
    ? `
    WHEN zip5 IS NULL THEN 'market-unknown-location'
    WHEN NOT in_market THEN 'filter-market'`
    : "";
  return `r AS (
  SELECT r.file_id, r.item_index, r.rate_index, r.price_index, r.billing_code, r.negotiation_arrangement, r.group_key, r.provider_group_id,
         r.negotiated_type, r.rate_unit, r.negotiated_rate AS rate,
         CAST(coalesce(list_position($7::VARCHAR[], r.negotiated_type), 99) AS TINYINT) AS type_priority,
         coalesce(r.billing_class, 'unspecified') AS billing_class,
         coalesce(array_to_string(list_sort(r.billing_code_modifiers), '+'), '') AS modifier_key,
         r.billing_code_modifiers AS modifiers,
         unnest(${facilityClassesSql("$1::VARCHAR[]")}) AS facility_class,
         f.payer_id, f.is_buca, f.synthetic, f.recency
  FROM rates r JOIN bm_files f ON f.file_id = r.file_id
  WHERE r.billing_code IN (${placeholders(8, codeCount)})
    AND ($5::VARCHAR IS NULL OR r.billing_class = $5 OR r.billing_class = 'both')
),
g AS (
  SELECT pg.file_id, pg.group_key, pg.npi, pg.tin_value
  FROM provider_groups pg
  -- The code's (file, group) pairs straight from \`rates\` (two integer columns, zone-map pruned),
  -- rather than from \`r\`, whose list work would run a second time.
  SEMI JOIN (SELECT DISTINCT file_id, group_key FROM rates
             WHERE billing_code IN (${placeholders(8, codeCount)}) AND group_key IS NOT NULL) k
    ON k.file_id = pg.file_id AND k.group_key = pg.group_key
),
o AS (
  SELECT r.*, g.npi, g.tin_value,
         CASE WHEN r.group_key IS NULL THEN coalesce(r.provider_group_id, '?') END AS unresolved_ref,
         CASE WHEN r.group_key IS NOT NULL AND g.npi IS NULL AND g.tin_value IS NULL THEN r.file_id END AS bare_file,
         CASE WHEN r.group_key IS NOT NULL AND g.npi IS NULL AND g.tin_value IS NULL THEN r.group_key END AS bare_group,
         p.state, p.primary_taxonomy, p.npi IS NOT NULL AS in_directory, p.zip5,
         ${market ? "mk.zip5 IS NOT NULL" : "true"} AS in_market
  FROM r
  LEFT JOIN g ON g.file_id = r.file_id AND g.group_key = r.group_key
  -- Equality only: any extra predicate turns this into a nested-loop join (npi 0 never matches anyway).
  LEFT JOIN providers p ON p.npi = g.npi${marketJoin}
  WHERE ($6::VARCHAR IS NULL OR r.facility_class = $6)
),
-- MATERIALIZED: read by the scope counts and the representative step. An in-memory result, not
-- a TEMP table (writing its VARCHAR columns to table storage was ~150 ms of the old run).
bm_obs AS MATERIALIZED (
SELECT payer_id, billing_code, billing_class, modifier_key, facility_class, tin_value, npi, unresolved_ref, bare_file, bare_group,
  type_priority, recency, rate, rate_unit, negotiated_type, file_id, item_index, rate_index, price_index,
  is_buca, synthetic, state, primary_taxonomy, in_directory, zip5,
  -- A row id to join a chosen tie group back to (unordered numbering: no sort).
  CAST(row_number() OVER () AS INTEGER) AS obs_id,
  CASE
    WHEN $2::VARCHAR[] IS NOT NULL AND (state IS NULL OR NOT list_contains($2::VARCHAR[], state)) THEN 'filter-state'
    WHEN $3::VARCHAR[] IS NOT NULL AND (primary_taxonomy IS NULL OR NOT list_contains($3::VARCHAR[], primary_taxonomy)) THEN 'filter-taxonomy'${marketSteps}
    WHEN rate_unit <> 'dollars' THEN 'non-dollar'
    WHEN negotiation_arrangement <> 'ffs' THEN 'non-ffs'
    WHEN $4::VARCHAR IS NULL AND modifier_key <> '' THEN 'modifier-scope'
    WHEN $4::VARCHAR IS NOT NULL AND NOT list_contains(coalesce(modifiers, []), $4::VARCHAR) THEN 'modifier-scope'
    WHEN rate <= 0 THEN 'non-positive'
  END AS drop_step
FROM o
)`;
}

const CELL = "payer_id, billing_code, billing_class, modifier_key, facility_class";
const PROVIDER = "tin_value, npi, unresolved_ref, bare_file, bare_group";

/**
 * One representative rate per payer × provider × code × billing class × modifier × facility
 * class: the best negotiated type (lowest `type_priority`), then the most recent file
 * (`recency` 1 = newest), then the median of the rates still tied. Two hash aggregations (ties
 * first, then the best tie group per cell) rather than a window sort, carrying only numbers:
 * the tie group's first observation in file order (`first_obs`)
 * is joined back afterwards for its position, negotiated type, file and provider fields. Every
 * row of a tie group shares those (same type, same file, same payer and NPI), so this equals
 * aggregating them, without dragging STRUCT and VARCHAR payloads through two hash tables (that
 * was ~200 ms of the old 1 s run).
 */
const REPRESENTATIVE_CTES = `ties AS (
  SELECT ${CELL}, ${PROVIDER}, CAST(type_priority AS INTEGER) * 1000000 + recency AS tie_rank,
         median(rate) AS rate,
         arg_min(obs_id, {'file_id': file_id, 'item_index': item_index, 'rate_index': rate_index, 'price_index': price_index}) AS first_obs
  FROM bm_obs WHERE drop_step IS NULL
  GROUP BY ALL
),
chosen AS (
  SELECT ${CELL}, ${PROVIDER}, arg_min(rate, tie_rank) AS rate, arg_min(first_obs, tie_rank) AS first_obs
  FROM ties
  GROUP BY ALL
)`;

/** The chosen tie group's fields, from its first observation. */
const REP_COLUMNS = `c.payer_id, c.billing_code, c.billing_class, c.modifier_key, c.facility_class,
  c.tin_value, c.npi, c.unresolved_ref, c.bare_file, c.bare_group, c.rate, ob.negotiated_type, ob.file_id,
  {'file_id': ob.file_id, 'item_index': ob.item_index, 'rate_index': ob.rate_index, 'price_index': ob.price_index} AS position,
  ob.is_buca, ob.synthetic, ob.state, ob.primary_taxonomy, ob.in_directory, ob.zip5`;

/** Distinct modifier keys of the codes' rates ($1… codes): the Medicare lookup needs them only with --modifier. */
export function modifierKeysSql(codeCount: number): string {
  return `SELECT DISTINCT coalesce(array_to_string(list_sort(billing_code_modifiers), '+'), '') AS modifier_key
FROM rates WHERE billing_code IN (${placeholders(1, codeCount)})`;
}

/**
 * Representative rates, then the ghost filter, Medicare-multiple bounds and log-scale IQR fences
 * per table cell, ending in the `clean` CTE (one row per representative rate, `drop_step` NULL
 * when kept). `clean` is MATERIALIZED: an in-memory result the later branches all read, which
 * costs a fraction of writing a TEMP table (a TEMP table of the same rows was ~50–250 ms of the
 * old 1 s run: its VARCHAR and STRUCT columns are written to table storage).
 * Parameters from `first`: ghost filter on, lower multiple, upper multiple, k, minimum n.
 */
function cleanCtes(first: number): string {
  const p = (n: number): string => `$${first + n - 1}`;
  return `${REPRESENTATIVE_CTES},
rep AS (
  SELECT r.*,
         CASE WHEN NOT r.institutional THEN CASE WHEN ms.billing_code IS NOT NULL THEN ms.amount ELSE mn.amount END END AS medicare,
         CASE WHEN NOT r.institutional THEN CASE WHEN ms.billing_code IS NOT NULL THEN ms.basis ELSE mn.basis END END AS medicare_basis,
         -- Expected taxonomies as (code, taxonomy) pairs: equality joins rather than a list
         -- copied onto every row and searched (~60 ms). A NULL taxonomy is never a ghost.
         (${p(1)}::BOOLEAN AND r.in_directory AND ec.billing_code IS NOT NULL
           AND r.primary_taxonomy IS NOT NULL AND e.taxonomy IS NULL) AS is_ghost,
         ec.billing_code IS NOT NULL AS has_expected
  FROM (SELECT ${REP_COLUMNS}, c.billing_class = 'institutional' AS institutional FROM chosen c JOIN bm_obs ob ON ob.obs_id = c.first_obs) r
  -- A provider whose practice ZIP has a locality (bm_zip_locality: ZIPs of states with several
  -- localities) is priced there; a state with a single Medicare locality has its own row (amount
  -- NULL when the PFS does not price it there); every other provider the national row.
  LEFT JOIN bm_zip_locality zl ON zl.zip5 = r.zip5
  LEFT JOIN bm_medicare ms ON ms.billing_code = r.billing_code AND ms.facility_class = r.facility_class
       AND ms.state_key = coalesce(zl.state_key, upper(trim(r.state))) AND ms.modifier_key = r.modifier_key
  LEFT JOIN bm_medicare mn ON mn.billing_code = r.billing_code AND mn.facility_class = r.facility_class
       AND mn.state_key = '' AND mn.modifier_key = r.modifier_key
  LEFT JOIN (SELECT DISTINCT billing_code FROM bm_expected) ec ON ec.billing_code = r.billing_code
  LEFT JOIN bm_expected e ON e.billing_code = r.billing_code AND e.taxonomy = r.primary_taxonomy
),
s1 AS MATERIALIZED (
  SELECT *, CASE
      WHEN is_ghost THEN 'ghost-specialty'
      WHEN medicare IS NOT NULL AND (rate < ${p(2)} * medicare OR rate > ${p(3)} * medicare) THEN 'medicare-bounds'
    END AS drop_step
  FROM rep
),
fences AS (
  SELECT payer_id, billing_code, billing_class, facility_class, modifier_key,
         count(*) AS n, quantile_cont(ln(rate), 0.25) AS q1, quantile_cont(ln(rate), 0.75) AS q3
  FROM s1 WHERE drop_step IS NULL
  GROUP BY payer_id, billing_code, billing_class, facility_class, modifier_key
),
clean AS MATERIALIZED (
  SELECT s1.* REPLACE (
      CASE WHEN s1.drop_step IS NULL AND f.n >= ${p(5)}
                AND (ln(s1.rate) < f.q1 - ${p(4)} * (f.q3 - f.q1) OR ln(s1.rate) > f.q3 + ${p(4)} * (f.q3 - f.q1))
           THEN 'log-iqr' ELSE s1.drop_step END AS drop_step),
    CASE WHEN f.n >= ${p(5)} THEN exp(f.q1 - ${p(4)} * (f.q3 - f.q1)) END AS lower_fence,
    CASE WHEN f.n >= ${p(5)} THEN exp(f.q3 + ${p(4)} * (f.q3 - f.q1)) END AS upper_fence
  FROM s1
  LEFT JOIN fences f ON f.payer_id = s1.payer_id AND f.billing_code = s1.billing_code AND f.billing_class = s1.billing_class
       AND f.facility_class = s1.facility_class AND f.modifier_key = s1.modifier_key
)`;
}

/** Counts per first-failing scope rule, and the non-dollar summary (kind 'scope'). */
const SCOPE_COUNTS = `SELECT 'scope' AS kind,
  CAST(count(*) AS INTEGER) AS total,
  CAST(count(*) FILTER (WHERE drop_step = 'filter-state') AS INTEGER) AS filter_state,
  CAST(count(*) FILTER (WHERE drop_step = 'filter-taxonomy') AS INTEGER) AS filter_taxonomy,
  CAST(count(*) FILTER (WHERE drop_step = 'market-unknown-location') AS INTEGER) AS market_unknown,
  CAST(count(*) FILTER (WHERE drop_step = 'filter-market') AS INTEGER) AS filter_market,
  CAST(count(*) FILTER (WHERE drop_step = 'non-dollar') AS INTEGER) AS non_dollar,
  CAST(count(*) FILTER (WHERE drop_step = 'non-ffs') AS INTEGER) AS non_ffs,
  CAST(count(*) FILTER (WHERE drop_step = 'modifier-scope') AS INTEGER) AS modifier_scope,
  CAST(count(*) FILTER (WHERE drop_step = 'non-positive') AS INTEGER) AS non_positive,
  CAST(count(*) FILTER (WHERE drop_step = 'non-dollar' AND rate_unit = 'percent') AS INTEGER) AS percent_count,
  median(rate) FILTER (WHERE drop_step = 'non-dollar' AND rate_unit = 'percent') AS percent_median,
  CAST(count(*) FILTER (WHERE drop_step = 'non-dollar' AND rate_unit = 'per_diem') AS INTEGER) AS per_diem_count,
  median(rate) FILTER (WHERE drop_step = 'non-dollar' AND rate_unit = 'per_diem') AS per_diem_median,
  CAST(count(*) FILTER (WHERE unresolved_ref IS NOT NULL AND drop_step IS NULL) AS INTEGER) AS unresolved,
  CAST(count(*) FILTER (WHERE facility_class = 'unknown' AND drop_step IS NULL) AS INTEGER) AS unknown_setting
FROM bm_obs`;

/** Counts for the clean stage (kind 'clean'). */
const CLEAN_COUNTS = `SELECT 'clean' AS kind,
  CAST(count(*) AS INTEGER) AS representatives,
  CAST(count(*) FILTER (WHERE drop_step = 'ghost-specialty') AS INTEGER) AS ghost,
  CAST(count(*) FILTER (WHERE drop_step = 'medicare-bounds') AS INTEGER) AS medicare_bounds,
  CAST(count(*) FILTER (WHERE drop_step = 'log-iqr') AS INTEGER) AS log_iqr,
  CAST(count(*) FILTER (WHERE NOT in_directory AND npi IS NOT NULL AND npi > 0) AS INTEGER) AS not_in_directory,
  CAST(count(*) FILTER (WHERE npi IS NULL OR npi = 0) AS INTEGER) AS no_npi,
  CAST(count(*) FILTER (WHERE NOT has_expected) AS INTEGER) AS no_expected_list
FROM clean`;

/**
 * The number of distinct non-NULL values of `column` in a group, as `count(DISTINCT …)` counts
 * them. Written as the length of the group's de-duplicated list because DuckDB's grouped
 * `count(DISTINCT …)` was ~300 ms of a 650 ms benchmark over 10 M rates (three of them in three
 * branches); `list_distinct` drops NULLs as `count(DISTINCT …)` does, and an empty group is 0.
 */
function distinctCount(column: string, where?: string): string {
  const filter = where === undefined ? "" : ` FILTER (WHERE ${where})`;
  return `CAST(coalesce(len(list_distinct(list(${column})${filter})), 0) AS INTEGER)`;
}

/** The statistics block shared by the per-payer, group and pooled branches. */
const STATS_COLUMNS = `
  CAST(count(*) AS INTEGER) AS n,
  avg(rate) AS mean,
  quantile_cont(rate, [0.1, 0.25, 0.5, 0.75, 0.9]) AS q,
  min(rate) AS min, max(rate) AS max,
  coalesce(stddev_pop(rate), 0) AS sd,
  ${distinctCount("tin_value")} AS tins,
  ${distinctCount("npi", "npi > 0")} AS npis,
  ${distinctCount("unresolved_ref")} AS group_refs,
  CAST(count(medicare) AS INTEGER) AS with_medicare,
  avg(rate / medicare * 100) AS pct_mean,
  quantile_cont(rate / medicare * 100, [0.1, 0.25, 0.5, 0.75, 0.9]) AS pct_q,
  CAST(count(*) FILTER (WHERE medicare_basis = 'locality') AS INTEGER) AS basis_locality,
  CAST(count(*) FILTER (WHERE medicare_basis = 'national') AS INTEGER) AS basis_national,
  CAST(count(*) FILTER (WHERE negotiated_type = 'negotiated') AS INTEGER) AS type_negotiated,
  CAST(count(*) FILTER (WHERE negotiated_type = 'derived') AS INTEGER) AS type_derived,
  CAST(count(*) FILTER (WHERE negotiated_type = 'fee schedule') AS INTEGER) AS type_fee_schedule`;

const CELL_COLUMNS = "billing_code, billing_class, facility_class, modifier_key";

/**
 * The statistics rows (kind 'stats'), as plain GROUP BYs over the kept rates (faster here than
 * one GROUPING SETS query, whose holistic aggregates run once per set): per payer cell
 * (g_payer = 0), "All commercial" per cell (g_buca = 1) and BUCA per cell (g_buca = 0), and
 * everything pooled (g_cell = 1).
 */
const STATS_BRANCHES: readonly string[] = [
  `SELECT 'stats' AS kind, 0 AS g_payer, 1 AS g_buca, 0 AS g_cell, payer_id, any_value(is_buca) AS is_buca, ${CELL_COLUMNS}, bool_or(synthetic) AS synthetic,
     any_value(lower_fence) AS lower_fence, any_value(upper_fence) AS upper_fence,
     arg_min(struct_insert(position, rate := rate), rate) AS min_at, arg_max(struct_insert(position, rate := rate), rate) AS max_at,${STATS_COLUMNS}
   FROM clean WHERE drop_step IS NULL GROUP BY payer_id, ${CELL_COLUMNS}`,
  `SELECT 'stats' AS kind, 1 AS g_payer, 1 AS g_buca, 0 AS g_cell, ${CELL_COLUMNS}, bool_or(synthetic) AS synthetic,${STATS_COLUMNS}
   FROM clean WHERE drop_step IS NULL GROUP BY ${CELL_COLUMNS}`,
  `SELECT 'stats' AS kind, 1 AS g_payer, 0 AS g_buca, 0 AS g_cell, true AS is_buca, ${CELL_COLUMNS}, bool_or(synthetic) AS synthetic,${STATS_COLUMNS}
   FROM clean WHERE drop_step IS NULL AND is_buca GROUP BY ${CELL_COLUMNS}`,
  // Pooled: only what toPooled reads (no distinct provider counts).
  `SELECT 'stats' AS kind, 1 AS g_payer, 1 AS g_buca, 1 AS g_cell, bool_or(synthetic) AS synthetic,
     CAST(count(*) AS INTEGER) AS n, avg(rate) AS mean, quantile_cont(rate, [0.1, 0.25, 0.5, 0.75, 0.9]) AS q,
     min(rate) AS min, max(rate) AS max, coalesce(stddev_pop(rate), 0) AS sd, CAST(count(medicare) AS INTEGER) AS with_medicare,
     avg(rate / medicare * 100) AS pct_mean, quantile_cont(rate / medicare * 100, [0.1, 0.25, 0.5, 0.75, 0.9]) AS pct_q
   FROM clean WHERE drop_step IS NULL`,
];

/** Kept representative rates per source file (kind 'source'; the file of the chosen tie group). */
const SOURCE_COUNTS = `SELECT 'source' AS kind, CAST(file_id AS INTEGER) AS file_id, CAST(count(*) AS INTEGER) AS rates
FROM clean WHERE drop_step IS NULL
GROUP BY file_id`;

/**
 * The whole benchmark after the small lookup tables (`bm_files`, `bm_medicare`, `bm_expected`)
 * in ONE statement: observations, representative rates, cleaning, the audit counts, the
 * statistics and the per-file counts, as rows told apart by `kind` ('scope', 'clean', 'stats',
 * 'source'; other columns NULL). One round trip instead of ten, and no TEMP table writes.
 * Parameters: those of `observationCtes` ($1–$7, then the codes), then the five cleaning
 * settings of `cleanCtes`.
 */
export function resultsSql(codeCount: number, market = false): string {
  return `WITH ${observationCtes(codeCount, market)},
${cleanCtes(8 + codeCount)}
${[SCOPE_COUNTS, CLEAN_COUNTS, ...STATS_BRANCHES, SOURCE_COUNTS].map((branch) => `(${branch})`).join("\nUNION ALL BY NAME\n")}`;
}

/**
 * The kept representative rates themselves (after every cleaning rule), one row each, for
 * analyses that need the values rather than their statistics (contract evaluation: a rate's
 * percentile in its market). Same parameters and lookup tables as `resultsSql`.
 */
export function keptRatesSql(codeCount: number, market = false): string {
  return `WITH ${observationCtes(codeCount, market)},
${cleanCtes(8 + codeCount)}
SELECT payer_id, billing_code, billing_class, facility_class, modifier_key, rate, medicare, medicare_basis,
       synthetic, CAST(file_id AS INTEGER) AS file_id, CAST(npi AS VARCHAR) AS npi, tin_value, zip5, state
FROM clean WHERE drop_step IS NULL
ORDER BY payer_id, billing_code, facility_class, rate`;
}
