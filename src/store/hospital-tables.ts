/**
 * Tables for hospital price-transparency files (45 CFR 180), kept apart from the payers' TiC tables
 * so the two sources are never pooled silently. Every charge traces to its file (`hospital_files`:
 * location, SHA-256) and place (`row_number` for CSV, `json_path` for JSON).
 *
 * `hospital_charges` holds one row per item × setting × payer-plan (a record without payer-specific
 * charges is one row with the payer columns NULL); gross, cash and the de-identified min/max repeat
 * on each payer row of their record (`record_index` tells records apart). Negotiated charges keep
 * their three forms apart: `negotiated_dollar`, `negotiated_percentage` (of billed charges) and
 * `negotiated_algorithm` (text). Only dollars may be compared with dollar rates.
 *
 * Created on first use by `ensureHospitalSchema` (not in the common `SCHEMA` list) so this module can
 * be merged without touching the shared schema file.
 */
import type { DuckDBConnection } from "@duckdb/node-api";

export const HOSPITAL_TABLES: readonly string[] = [
  `CREATE SEQUENCE IF NOT EXISTS hospital_file_id_seq START 1`,
  `CREATE TABLE IF NOT EXISTS hospital_files (
    file_id INTEGER PRIMARY KEY DEFAULT nextval('hospital_file_id_seq'),
    location VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL UNIQUE,          -- of the bytes as stored
    size_bytes BIGINT NOT NULL,
    layout VARCHAR NOT NULL,                 -- 'csv-tall' | 'csv-wide' | 'json' | 'legacy-wide'
    declared_version VARCHAR,                -- the file's own "version", as written
    rules_version VARCHAR,                   -- the CMS template version whose rules were applied
    hospital_name VARCHAR,
    last_updated_on VARCHAR,                 -- as written
    locations VARCHAR[], addresses VARCHAR[],
    license_number VARCHAR, license_state VARCHAR,
    type_2_npis VARCHAR[],
    ein VARCHAR,                             -- 9 digits; from the CMS file name or given at ingest
    attestation_confirmed BOOLEAN,
    record_count BIGINT NOT NULL DEFAULT 0,        -- items × settings read
    loaded_record_count BIGINT NOT NULL DEFAULT 0, -- without an error finding
    charge_count BIGINT NOT NULL DEFAULT 0,        -- rows written to hospital_charges
    error_count BIGINT NOT NULL DEFAULT 0,
    warning_count BIGINT NOT NULL DEFAULT 0,
    synthetic BOOLEAN NOT NULL DEFAULT false,
    ingested_at TIMESTAMP NOT NULL DEFAULT current_timestamp
  )`,
  `CREATE TABLE IF NOT EXISTS hospital_charges (
    file_id INTEGER NOT NULL,
    record_index INTEGER NOT NULL,           -- order of the record in the file
    payer_index INTEGER,                     -- order of the payer within the record; NULL: no payer
    row_number INTEGER,                      -- CSV line (1-based)
    json_path VARCHAR,                       -- JSON: $.standard_charge_information[i].standard_charges[j](.payers_information[k])
    description VARCHAR,
    code_types VARCHAR[], codes VARCHAR[],   -- parallel lists (e.g. RC 0611, CPT 70551)
    modifiers VARCHAR[],
    setting VARCHAR,                         -- 'inpatient' | 'outpatient' | 'both'; NULL when the layout has none
    billing_class VARCHAR,
    drug_unit DOUBLE, drug_type VARCHAR,
    gross_charge DOUBLE, discounted_cash DOUBLE, minimum DOUBLE, maximum DOUBLE,
    generic_notes VARCHAR,
    payer_name VARCHAR,                      -- as written
    plan_name VARCHAR,                       -- as written
    payer VARCHAR, payer_family VARCHAR,     -- through the TiC payer alias table
    negotiated_dollar DOUBLE,
    negotiated_percentage DOUBLE,
    negotiated_algorithm VARCHAR,
    methodology VARCHAR,
    estimated_amount DOUBLE,                 -- v2.2
    median_amount DOUBLE, p10_amount DOUBLE, p90_amount DOUBLE, allowed_count VARCHAR, -- v3.0
    payer_notes VARCHAR
  )`,
  `CREATE TABLE IF NOT EXISTS hospital_findings (
    file_id INTEGER NOT NULL,
    rule VARCHAR NOT NULL,
    severity VARCHAR NOT NULL,
    row_number INTEGER,
    column_name VARCHAR,
    message VARCHAR NOT NULL
  )`,
  // One row per charge × code, for joins by code (a record may list RC, CPT and a CDM code).
  `CREATE OR REPLACE VIEW hospital_charge_codes AS
    SELECT c.*, f.ein, f.type_2_npis, f.hospital_name, f.location, f.sha256, f.synthetic,
      u.code_type, u.code
    FROM hospital_charges c
    JOIN hospital_files f USING (file_id)
    CROSS JOIN LATERAL (SELECT unnest(c.code_types) AS code_type, unnest(c.codes) AS code) u`,
];

/** Creates the hospital tables if missing (idempotent). */
export async function ensureHospitalSchema(connection: DuckDBConnection): Promise<void> {
  for (const statement of HOSPITAL_TABLES) await connection.run(statement);
}
