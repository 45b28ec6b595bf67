import type { DuckDBConnection } from "@duckdb/node-api";
import { rateKeysOf } from "./rate-keys.js";

/**
 * The keys of a set of files (a release: `filesAsOf`), one row per key: `k`, `code` (hash: `codeNames`), `n`
 * (rates), `ur` (best unit), `amount` (median of the key's rates in that unit over all the files),
 * `ref_file`, `term_id`, `group_key`, `npi` (where to read the key's term and provider columns),
 * `first_file` and `last_file` (the files that hold it). `filter` is SQL over the key rows (code,
 * market) applied before files are combined. Unresolved rates keep their NULL key, one row per
 * code, with their count in `n`.
 *
 * One file (the usual release of one plan) is its kept key table as it is: nothing is aggregated.
 * Several files are combined per key; a key in one file keeps its median, a key in several takes
 * the median of all their rates in its best unit (the files' `amounts` lists), as one aggregate of
 * all the rates would.
 */
export async function releaseKeysOf(
  connection: DuckDBConnection,
  fileIds: readonly number[],
  storeFolder: string | undefined,
  filter: string,
): Promise<string> {
  const rows = `(SELECT * FROM ${await rateKeysOf(connection, fileIds, storeFolder)} WHERE true ${filter})`;
  if (fileIds.length <= 1) {
    return `(SELECT k, code, n, ur, amount, file_id AS ref_file, term_id, group_key, npi,
      file_id AS first_file, file_id AS last_file FROM ${rows})`;
  }
  const inUnit = (rank: number): string =>
    `flatten(list(coalesce(amounts, [amount])) FILTER (WHERE ur = ${String(rank)}))`;
  return `(SELECT k, code, n, ur, amount, ref.f AS ref_file, ref.t AS term_id, ref.g AS group_key,
      ref.npi AS npi, first_file, last_file
    FROM (
      SELECT k, any_value(code) AS code, sum(n)::BIGINT AS n, min(ur) AS ur,
        CASE WHEN count(*) = 1 THEN any_value(amount)
          ELSE list_aggregate(CASE min(ur) WHEN 0 THEN ${inUnit(0)} WHEN 1 THEN ${inUnit(1)} ELSE ${inUnit(2)} END, 'median')
        END AS amount,
        arg_min({'f': file_id, 't': term_id, 'g': group_key, 'npi': npi}, ur) AS ref,
        min(file_id) AS first_file, max(file_id) AS last_file
      FROM ${rows}
      GROUP BY k, CASE WHEN k IS NULL THEN code END
    ))`;
}
