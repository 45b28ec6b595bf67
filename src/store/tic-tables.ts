/**
 * Tables for Transparency in Coverage data. Every rate traces back to its source file, hash and
 * place: `file_id` plus its position in the file (`item_index` in `in_network`, `rate_index` in
 * `negotiated_rates`, `price_index` in `negotiated_prices`).
 *
 * Negotiated rates are stored normalised, as the file writes them: `rate_items` (one row per kept
 * item: the code), `rate_prices` (one per negotiated price: its amount and `term_id`), `rate_terms`
 * (the price's type, class, setting, places of service, modifiers, expiration and note, stored once
 * per distinct combination), `rate_providers` (one per provider group a negotiated rate names) and
 * `group_refs` (per referenced group: the id as written, and whether it resolved). A price applying
 * to 40 groups is one price row and 40 four-integer provider rows, not 40 copies of every field:
 * that is what lets an unfiltered ingest keep up with decompression.
 *
 * The `rates` view puts them back together, one row = one negotiated price × one provider group it
 * applies to, and is what every analysis reads. `rate_unit` keeps non-dollar amounts apart:
 * 'dollars' (negotiated, fee schedule, derived), 'percent' (percentage of billed charges) and
 * 'per_diem' (dollars per day). Only 'dollars' may enter dollar statistics.
 */
export const TIC_TABLES: readonly string[] = [
  `CREATE SEQUENCE IF NOT EXISTS source_file_id_seq START 1`,
  `CREATE TABLE IF NOT EXISTS source_files (
    file_id INTEGER PRIMARY KEY DEFAULT nextval('source_file_id_seq'),
    location VARCHAR NOT NULL,              -- path or URL as given
    sha256 VARCHAR NOT NULL UNIQUE,         -- of the bytes as stored (compressed if compressed)
    size_bytes BIGINT NOT NULL,
    uncompressed_bytes BIGINT,
    file_kind VARCHAR NOT NULL,             -- 'in-network-rates' | 'allowed-amounts' | 'table-of-contents'
    compression VARCHAR NOT NULL,           -- 'none' | 'gzip' | 'zip'
    schema_version VARCHAR,                 -- the file's own "version" field
    reporting_entity_name VARCHAR,
    reporting_entity_type VARCHAR,
    plan_name VARCHAR, plan_id_type VARCHAR, plan_id VARCHAR, plan_market_type VARCHAR,
    issuer_name VARCHAR, plan_sponsor_name VARCHAR,
    last_updated_on VARCHAR,                -- as written; often stale or odd, so kept verbatim
    parent_file_id INTEGER,                 -- the index (table-of-contents) file that listed it
    ingested_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    code_filter VARCHAR[],                  -- codes kept (NULL = all)
    item_count BIGINT NOT NULL DEFAULT 0,   -- in_network / out_of_network items read
    kept_item_count BIGINT NOT NULL DEFAULT 0,
    rate_count BIGINT NOT NULL DEFAULT 0,   -- rows written to rates / allowed_amounts
    provider_group_count BIGINT NOT NULL DEFAULT 0,
    unresolved_references JSON,             -- [{provider_group_id, location, reason}]
    synthetic BOOLEAN NOT NULL DEFAULT false -- generated demo data: always labelled as such
  )`,
  `CREATE TABLE IF NOT EXISTS plans (
    file_id INTEGER NOT NULL,
    plan_name VARCHAR, plan_id_type VARCHAR, plan_id VARCHAR, plan_market_type VARCHAR,
    issuer_name VARCHAR, plan_sponsor_name VARCHAR
  )`,
  // The files an index (table of contents) lists, each once, with the plans that list it: the job
  // list of the index, kept whether the files were loaded or not (e.g. --offline).
  `CREATE TABLE IF NOT EXISTS listed_files (
    file_id INTEGER NOT NULL,               -- the index
    location VARCHAR NOT NULL,              -- resolved against the index's own location
    listed_kind VARCHAR NOT NULL,           -- 'in-network' | 'allowed-amounts'
    plans JSON                              -- [{plan_name, plan_id_type, plan_id, ...}]
  )`,
  `CREATE TABLE IF NOT EXISTS provider_groups (
    file_id INTEGER NOT NULL,
    group_key INTEGER NOT NULL,             -- unique within the file; rates join on (file_id, group_key)
    provider_group_id VARCHAR,              -- the file's id as written (e.g. '690.64462'); NULL for inline groups
    npi BIGINT,                             -- one row per NPI; NULL when the group lists none; 0 kept as written (TIN-level)
    tin_type VARCHAR,                       -- 'ein' | 'npi'
    tin_value VARCHAR,                      -- EINs normalised to 9 digits without hyphen
    network_names VARCHAR[]
  )`,
  `CREATE TABLE IF NOT EXISTS rate_items (
    file_id INTEGER NOT NULL,
    item_index INTEGER NOT NULL,
    billing_code_type VARCHAR NOT NULL,
    billing_code_type_version VARCHAR,
    billing_code VARCHAR NOT NULL,
    negotiation_arrangement VARCHAR NOT NULL -- 'ffs' | 'bundle' | 'capitation'
  )`,
  `CREATE TABLE IF NOT EXISTS rate_terms (
    file_id INTEGER NOT NULL,
    term_id INTEGER NOT NULL,               -- unique within the file
    negotiated_type VARCHAR NOT NULL,       -- 'negotiated' | 'derived' | 'fee schedule' | 'percentage' | 'per diem'
    rate_unit VARCHAR NOT NULL,             -- 'dollars' | 'percent' | 'per_diem'
    billing_class VARCHAR,                  -- 'professional' | 'institutional' | 'both'
    setting VARCHAR,                        -- 2.x: 'inpatient' | 'outpatient' | 'both'
    service_codes VARCHAR[],                -- places of service; CSTM-00 / CSTM-ALL kept as written
    billing_code_modifiers VARCHAR[],
    expiration_date VARCHAR,                -- as written ('9999-12-31' is common)
    additional_information VARCHAR
  )`,
  `CREATE TABLE IF NOT EXISTS rate_prices (
    file_id INTEGER NOT NULL,
    item_index INTEGER NOT NULL,
    rate_index INTEGER NOT NULL,
    price_index INTEGER NOT NULL,
    term_id INTEGER NOT NULL,
    negotiated_rate DOUBLE NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS rate_providers (
    file_id INTEGER NOT NULL,
    item_index INTEGER NOT NULL,
    rate_index INTEGER NOT NULL,
    group_key INTEGER NOT NULL              -- provider_groups.group_key (none there when unresolved)
  )`,
  `CREATE TABLE IF NOT EXISTS group_refs (
    file_id INTEGER NOT NULL,
    group_key INTEGER NOT NULL,
    provider_group_id VARCHAR,              -- the reference as written (NULL for a group written inline)
    resolved BOOLEAN NOT NULL               -- false: listed nowhere, or remote and unreachable
  )`,
  // One row per negotiated price × provider group. group_key is NULL when the reference could not be
  // resolved; provider_group_id is the reference as written (NULL for inline groups).
  // rate_terms is LEFT-joined: every price's term is written with it (same load, same unit), so
  // the rows are the same, but an inner join let DuckDB join terms to items on file_id alone first
  // and carry items × terms × groups (400,000 rows for one code's 50,000 in the 10 M-rate benchmark)
  // into the join with the prices; a left join keeps terms for after the prices.
  `CREATE OR REPLACE VIEW rates AS
    SELECT p.file_id, p.item_index, p.rate_index, p.price_index,
      i.billing_code_type, i.billing_code_type_version, i.billing_code, i.negotiation_arrangement,
      CASE WHEN k.resolved IS DISTINCT FROM false THEN v.group_key END AS group_key,
      k.provider_group_id,
      t.negotiated_type, t.rate_unit, p.negotiated_rate, t.billing_class, t.setting, t.service_codes,
      t.billing_code_modifiers, t.expiration_date, t.additional_information
    FROM rate_prices p
    JOIN rate_items i ON i.file_id = p.file_id AND i.item_index = p.item_index
    JOIN rate_providers v ON v.file_id = p.file_id AND v.item_index = p.item_index AND v.rate_index = p.rate_index
    LEFT JOIN rate_terms t ON t.file_id = p.file_id AND t.term_id = p.term_id
    LEFT JOIN group_refs k ON k.file_id = v.file_id AND k.group_key = v.group_key`,
  `CREATE TABLE IF NOT EXISTS allowed_amounts (
    file_id INTEGER NOT NULL,
    item_index INTEGER NOT NULL,
    amount_index INTEGER NOT NULL,
    payment_index INTEGER NOT NULL,
    billing_code_type VARCHAR NOT NULL,
    billing_code_type_version VARCHAR,
    billing_code VARCHAR NOT NULL,
    tin_type VARCHAR, tin_value VARCHAR,
    service_codes VARCHAR[],
    billing_class VARCHAR,
    setting VARCHAR,
    allowed_amount DOUBLE NOT NULL,
    billing_code_modifiers VARCHAR[],
    npi BIGINT,
    billed_charge DOUBLE,
    provider_index INTEGER                  -- position in payments[].providers (one row per provider × NPI)
  )`,
  // Added after the first release of this table: brings older stores up to date.
  `ALTER TABLE allowed_amounts ADD COLUMN IF NOT EXISTS provider_index INTEGER`,
];
