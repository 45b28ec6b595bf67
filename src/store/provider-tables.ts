/**
 * Tables for the provider directory (NPPES) and payer mapping. Owned by the benchmark work.
 *
 * `providers` holds one row per NPI from the NPPES NPI registry (or the synthetic sample), reduced
 * to what the benchmarks need: entity type, a display name, the primary taxonomy (for the
 * ghost-rate filter and `--taxonomy`), and the practice location's state and 5-digit ZIP (for
 * locality-matched Medicare and `--state`). `importNppes` loads it into `providers_staging` and
 * swaps it in inside one transaction, so a failed or repeated load never leaves a mixed table.
 *
 * `provider_directory_loads` records which file the directory came from (path, sha256, counts),
 * so benchmark results can cite it.
 */
export const PROVIDER_TABLES: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS providers (
    npi BIGINT NOT NULL,
    entity_type TINYINT,                    -- 1 individual, 2 organisation (NPPES "Entity Type Code")
    name VARCHAR,                           -- organisation legal name, or "Last, First"
    primary_taxonomy VARCHAR,               -- NUCC code flagged primary (switch 'Y'); else taxonomy 1
    taxonomies VARCHAR[],                   -- every taxonomy listed (1..15), primary first
    state VARCHAR,                          -- practice location state (2 letters, upper case)
    zip5 VARCHAR,                           -- first 5 digits of the practice location postal code
    deactivated BOOLEAN NOT NULL DEFAULT false,
    synthetic BOOLEAN NOT NULL DEFAULT false -- from the generated demo sample: always labelled
  )`,
  `CREATE TABLE IF NOT EXISTS provider_directory_loads (
    location VARCHAR NOT NULL,
    sha256 VARCHAR,
    size_bytes BIGINT NOT NULL,
    row_count BIGINT NOT NULL,
    bad_row_count BIGINT NOT NULL,
    synthetic BOOLEAN NOT NULL DEFAULT false,
    loaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp
  )`,
];
