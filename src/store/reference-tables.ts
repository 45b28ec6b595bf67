/**
 * Tables for reference data (Medicare fee schedule, GPCIs, localities, NCCI edits, ICD-10-CM,
 * NUCC taxonomy, places of service, Medicaid fee schedules). Owned by the reference/Medicare work.
 *
 * Contract:
 * - Every import is recorded in `ref_imports` (kind, year/edition, file, sha256, row count); the
 *   data rows carry the same `edition` (and `year` for per-year tables), so an amount can cite its
 *   file and hash. Re-importing the same kind and year/edition replaces those rows in one
 *   transaction (idempotent); other years/editions are kept.
 * - `line` is the 1-based line of the row in its source file.
 * - Readers (`loadReferenceData`) use, per table, the newest edition in the store, and fall back
 *   to the bundled files under `data/reference/` for tables the user never imported.
 */
export const REFERENCE_TABLES: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS ref_imports (
    kind VARCHAR NOT NULL,                  -- 'pfs' | 'gpci' | 'locality' | 'ncci-ptp' | 'ncci-mue' | 'ncci-aoc' | 'icd10' | 'taxonomy' | 'pos' | 'medicaid' | 'zip'
    edition VARCHAR NOT NULL,               -- year ('2025'), release ('2025-10'), effective date ('2024-07-01'), 'FY2025', or the state for medicaid
    year INTEGER,                           -- fee-schedule year where it applies
    file VARCHAR NOT NULL,                  -- path as given
    label VARCHAR NOT NULL,                 -- how amounts cite it ("PPRRVU2025_Oct.csv (CMS RVU25D …)")
    sha256 VARCHAR NOT NULL,
    row_count BIGINT NOT NULL,
    detail JSON,                            -- e.g. conversion factor, title line, footnotes
    imported_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (kind, edition)
  )`,
  `CREATE TABLE IF NOT EXISTS ref_pfs_rvu (
    year INTEGER NOT NULL, edition VARCHAR NOT NULL, line INTEGER NOT NULL,
    code VARCHAR NOT NULL, modifier VARCHAR NOT NULL, status VARCHAR NOT NULL,
    work_rvu DOUBLE NOT NULL,
    nonfac_pe_rvu DOUBLE,                   -- NULL where the file says NA
    fac_pe_rvu DOUBLE,
    mp_rvu DOUBLE NOT NULL,
    nonfac_total DOUBLE, fac_total DOUBLE,
    pctc VARCHAR, global_days VARCHAR, mult_proc VARCHAR, bilat_surg VARCHAR,
    asst_surg VARCHAR, co_surg VARCHAR, team_surg VARCHAR,
    conv_factor DOUBLE NOT NULL,
    pricing_ind VARCHAR                     -- 2026+ "PRIC IND", verbatim
  )`,
  `CREATE TABLE IF NOT EXISTS ref_gpci (
    year INTEGER NOT NULL, edition VARCHAR NOT NULL, line INTEGER NOT NULL,
    mac_locality VARCHAR NOT NULL, mac VARCHAR NOT NULL, locality VARCHAR NOT NULL,
    state VARCHAR NOT NULL, name VARCHAR NOT NULL,
    work DOUBLE NOT NULL, pe DOUBLE NOT NULL, mp DOUBLE NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS ref_locality_county (
    year INTEGER NOT NULL, edition VARCHAR NOT NULL, line INTEGER NOT NULL,
    mac_locality VARCHAR NOT NULL, mac VARCHAR NOT NULL, locality VARCHAR NOT NULL,
    state VARCHAR NOT NULL, state_name VARCHAR NOT NULL, fee_schedule_area VARCHAR NOT NULL, counties VARCHAR NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS ref_zip_locality (
    edition VARCHAR NOT NULL, line INTEGER NOT NULL,
    zip VARCHAR NOT NULL, state VARCHAR NOT NULL, mac VARCHAR NOT NULL, locality VARCHAR NOT NULL, mac_locality VARCHAR NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS ref_ncci_ptp (
    edition VARCHAR NOT NULL, line INTEGER NOT NULL,
    column1 VARCHAR NOT NULL, column2 VARCHAR NOT NULL, modifier_indicator VARCHAR NOT NULL,
    effective_date VARCHAR, deletion_date VARCHAR,   -- NULL deletion date = active
    rationale VARCHAR NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS ref_ncci_mue (
    edition VARCHAR NOT NULL, code VARCHAR NOT NULL, max_units INTEGER NOT NULL, mai INTEGER NOT NULL, rationale VARCHAR NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS ref_ncci_aoc (
    edition VARCHAR NOT NULL, primary_code VARCHAR NOT NULL, add_on_code VARCHAR NOT NULL, edit_type VARCHAR NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS ref_icd10 (
    edition VARCHAR NOT NULL, code VARCHAR NOT NULL, title VARCHAR NOT NULL,
    billable BOOLEAN                        -- NULL where the file has no flag (inferred from the hierarchy)
  )`,
  `CREATE TABLE IF NOT EXISTS ref_taxonomy (
    edition VARCHAR NOT NULL, code VARCHAR NOT NULL, grouping VARCHAR NOT NULL,
    classification VARCHAR NOT NULL, specialization VARCHAR NOT NULL, display_name VARCHAR NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS ref_pos (
    edition VARCHAR NOT NULL, code VARCHAR NOT NULL, name VARCHAR NOT NULL, facility BOOLEAN
  )`,
  `CREATE TABLE IF NOT EXISTS ref_medicaid_fee (
    state VARCHAR NOT NULL, edition VARCHAR NOT NULL, line INTEGER NOT NULL,
    code VARCHAR NOT NULL, modifier VARCHAR NOT NULL,
    facility_amount DOUBLE, nonfacility_amount DOUBLE,
    effective_date VARCHAR NOT NULL
  )`,
];
