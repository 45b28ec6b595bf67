import type { DuckDBConnection } from "@duckdb/node-api";

/** The columns of the `rates` view, as a table definition: what writers of ready-made rate rows stage. */
export const WIDE_RATE_COLUMNS = `file_id INTEGER, item_index INTEGER, rate_index INTEGER, price_index INTEGER, billing_code_type VARCHAR,
  billing_code_type_version VARCHAR, billing_code VARCHAR, negotiation_arrangement VARCHAR, group_key INTEGER, provider_group_id VARCHAR,
  negotiated_type VARCHAR, rate_unit VARCHAR, negotiated_rate DOUBLE, billing_class VARCHAR, setting VARCHAR, service_codes VARCHAR[],
  billing_code_modifiers VARCHAR[], expiration_date VARCHAR, additional_information VARCHAR`;

const TERM_COLUMNS = [
  "negotiated_type",
  "rate_unit",
  "billing_class",
  "setting",
  "service_codes",
  "billing_code_modifiers",
  "expiration_date",
  "additional_information",
];

/**
 * Splits ready-made `rates` rows (one per price × group, in `staging`, a table of `WIDE_RATE_COLUMNS`)
 * into the normalised tables, so that the `rates` view gives those rows back. For the synthetic
 * writers (test fixtures, the 10-million-rate benchmark store), which think in `rates` rows; files
 * are ingested by `TicLoader` instead. Rows of one (file, item) must share one code, and the rows of
 * one (file, item, rate) must be every price × every group, as in a real file; unresolved rows
 * (`group_key` NULL) get keys of their own above the file's largest.
 */
export async function insertWideRates(
  connection: DuckDBConnection,
  staging: string,
): Promise<void> {
  const clash = (
    await connection.runAndReadAll(
      `SELECT file_id, item_index FROM (SELECT DISTINCT file_id, item_index, billing_code_type, billing_code_type_version, billing_code, negotiation_arrangement FROM ${staging})
       GROUP BY ALL HAVING count(*) > 1 LIMIT 1`,
    )
  ).getRowObjectsJson()[0];
  if (clash !== undefined) {
    throw new Error(
      `rates rows of one (file, item) name more than one code: ${JSON.stringify(clash)}`,
    );
  }
  const terms = TERM_COLUMNS.join(", ");
  const sameTerm = TERM_COLUMNS.map(
    (column) => `t.${column} IS NOT DISTINCT FROM s.${column}`,
  ).join(" AND ");
  await connection.run(
    `INSERT INTO rate_items SELECT DISTINCT file_id, item_index, billing_code_type, billing_code_type_version, billing_code, negotiation_arrangement FROM ${staging} ORDER BY ALL`,
  );
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE wide_terms AS
     SELECT file_id, CAST(row_number() OVER (PARTITION BY file_id ORDER BY ${terms}) - 1 AS INTEGER) AS term_id, ${terms}
     FROM (SELECT DISTINCT file_id, ${terms} FROM ${staging})`,
  );
  await connection.run(
    `INSERT INTO rate_terms (file_id, term_id, ${terms}) SELECT file_id, term_id, ${terms} FROM wide_terms`,
  );
  await connection.run(
    `INSERT INTO rate_prices
     SELECT DISTINCT s.file_id, s.item_index, s.rate_index, s.price_index, t.term_id, s.negotiated_rate
     FROM ${staging} s JOIN wide_terms t ON t.file_id = s.file_id AND ${sameTerm}
     ORDER BY s.item_index, s.file_id, s.rate_index, s.price_index`,
  );
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE wide_unresolved AS
     WITH u AS (SELECT DISTINCT file_id, provider_group_id FROM ${staging} WHERE group_key IS NULL),
          top AS (SELECT file_id, max(k) AS k FROM (SELECT file_id, group_key AS k FROM ${staging} UNION ALL SELECT file_id, group_key FROM provider_groups) GROUP BY file_id)
     SELECT u.file_id, CAST(coalesce(top.k, -1) + row_number() OVER (PARTITION BY u.file_id ORDER BY u.provider_group_id) AS INTEGER) AS group_key, u.provider_group_id
     FROM u LEFT JOIN top USING (file_id)`,
  );
  await connection.run(
    `INSERT INTO group_refs
     SELECT file_id, group_key, min(provider_group_id), true FROM ${staging} WHERE group_key IS NOT NULL GROUP BY file_id, group_key
     UNION ALL SELECT file_id, group_key, provider_group_id, false FROM wide_unresolved`,
  );
  await connection.run(
    `INSERT INTO rate_providers
     SELECT DISTINCT s.file_id, s.item_index, s.rate_index, coalesce(s.group_key, u.group_key)
     FROM ${staging} s LEFT JOIN wide_unresolved u ON s.group_key IS NULL AND u.file_id = s.file_id AND u.provider_group_id = s.provider_group_id
     ORDER BY ALL`,
  );
  await connection.run("DROP TABLE wide_terms");
  await connection.run("DROP TABLE wide_unresolved");
}
