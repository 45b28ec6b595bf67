/**
 * Writes rows straight into the TiC and provider tables, exactly as `src/store/tic-tables.ts`
 * documents them, without going through a JSON file: for test fixtures and the 10-million-rate
 * speed benchmark. Big tables go through the DuckDB appender; `source_files` (one row per file)
 * through a bound INSERT so its defaults and sequence apply.
 */
import type { DuckDBAppender, DuckDBConnection } from "@duckdb/node-api";
import { LIST, VARCHAR, listValue } from "../store/duckdb-api.js";
import { appendProviderRow, type ProviderRow } from "../store/provider-rows.js";
import { insertSourceFile } from "../store/tic-source-files.js";

export { appendProviderRow, type ProviderRow };
import { insertWideRates, WIDE_RATE_COLUMNS } from "../store/wide-rates.js";

/** The `source_files` columns a fixture sets; everything else takes its default. */
export interface SourceFileInput {
  location: string;
  sha256: string;
  reportingEntityName: string | null;
  lastUpdatedOn?: string | null;
  schemaVersion?: string | null;
  planName?: string | null;
  sizeBytes?: number;
  synthetic?: boolean;
}

/** Inserts one `source_files` row (file kind 'in-network-rates', gzip) and returns its `file_id`. */
export async function insertFixtureSourceFile(
  connection: DuckDBConnection,
  file: SourceFileInput,
): Promise<number> {
  const { fileId } = await insertSourceFile(connection, {
    location: file.location,
    sha256: file.sha256,
    sizeBytes: file.sizeBytes ?? 0,
    uncompressedBytes: undefined,
    kind: "in-network-rates",
    compression: "gzip",
    headers: {
      version: file.schemaVersion ?? null,
      reporting_entity_name: file.reportingEntityName,
      reporting_entity_type: "health insurance issuer",
      plan_name: file.planName ?? null,
      last_updated_on: file.lastUpdatedOn ?? null,
    },
    parentFileId: undefined,
    codeFilter: undefined,
    items: 0,
    keptItems: 0,
    unresolved: [],
    synthetic: file.synthetic ?? false,
    // The rows are written after this row: counted as zero, like the table's defaults.
    rateRows: 0,
    providerGroups: 0,
  });
  return fileId;
}

/** One `provider_groups` row. */
export interface ProviderGroupRow {
  fileId: number;
  groupKey: number;
  providerGroupId: string | null;
  npi: number | null;
  tinType: "ein" | "npi";
  tinValue: string;
}

/** One `rates` row (one price × one provider group). */
export interface RateRow {
  fileId: number;
  itemIndex: number;
  rateIndex: number;
  priceIndex: number;
  billingCode: string;
  arrangement?: "ffs" | "bundle" | "capitation";
  groupKey: number | null;
  providerGroupId: string | null;
  negotiatedType: "negotiated" | "derived" | "fee schedule" | "percentage" | "per diem";
  rate: number;
  billingClass: "professional" | "institutional" | "both" | null;
  serviceCodes: readonly string[] | null;
  modifiers: readonly string[] | null;
}

const VARCHAR_LIST = LIST(VARCHAR);

function appendNullableVarchar(appender: DuckDBAppender, value: string | null | undefined): void {
  if (value === null || value === undefined) appender.appendNull();
  else appender.appendVarchar(value);
}

function appendNullableList(appender: DuckDBAppender, value: readonly string[] | null): void {
  if (value === null) appender.appendNull();
  else appender.appendList(listValue([...value]), VARCHAR_LIST);
}

/** The `rate_unit` a negotiated type implies (tic-tables.ts contract). */
export function rateUnitOf(type: RateRow["negotiatedType"]): "dollars" | "percent" | "per_diem" {
  if (type === "percentage") return "percent";
  if (type === "per diem") return "per_diem";
  return "dollars";
}

/**
 * Appends rates: staged as `rates` rows through one appender (flushed every 100k rows so memory stays
 * flat), then split into the normalised tables by `insertWideRates`.
 */
export async function appendRates(
  connection: DuckDBConnection,
  rows: Iterable<RateRow>,
): Promise<number> {
  await connection.run(`CREATE OR REPLACE TEMP TABLE rate_rows_staging (${WIDE_RATE_COLUMNS})`);
  const count = await appendEach(
    connection,
    { table: "rate_rows_staging", schema: "temp" },
    rows,
    (appender, row) => {
      appender.appendInteger(row.fileId);
      appender.appendInteger(row.itemIndex);
      appender.appendInteger(row.rateIndex);
      appender.appendInteger(row.priceIndex);
      appender.appendVarchar("CPT");
      appender.appendVarchar("2025");
      appender.appendVarchar(row.billingCode);
      appender.appendVarchar(row.arrangement ?? "ffs");
      if (row.groupKey === null) appender.appendNull();
      else appender.appendInteger(row.groupKey);
      appendNullableVarchar(appender, row.providerGroupId);
      appender.appendVarchar(row.negotiatedType);
      appender.appendVarchar(rateUnitOf(row.negotiatedType));
      appender.appendDouble(row.rate);
      appendNullableVarchar(appender, row.billingClass);
      appender.appendNull(); // setting (2.x inpatient/outpatient): not used by these fixtures
      appendNullableList(appender, row.serviceCodes);
      appendNullableList(appender, row.modifiers);
      appender.appendVarchar("9999-12-31");
      appender.appendNull();
      appender.endRow();
    },
  );
  await insertWideRates(connection, "rate_rows_staging");
  await connection.run("DROP TABLE rate_rows_staging");
  return count;
}

/** Appends provider-group rows (one per NPI). */
export async function appendProviderGroups(
  connection: DuckDBConnection,
  rows: Iterable<ProviderGroupRow>,
): Promise<number> {
  return appendEach(connection, { table: "provider_groups" }, rows, (appender, row) => {
    appender.appendInteger(row.fileId);
    appender.appendInteger(row.groupKey);
    appendNullableVarchar(appender, row.providerGroupId);
    if (row.npi === null) appender.appendNull();
    else appender.appendBigInt(BigInt(row.npi));
    appender.appendVarchar(row.tinType);
    appender.appendVarchar(row.tinValue);
    appender.appendNull();
    appender.endRow();
  });
}

/** Appends provider-directory rows to `table` (`providers`, or the staging table during an import). */
export async function appendProviders(
  connection: DuckDBConnection,
  rows: Iterable<ProviderRow>,
  table = "providers",
): Promise<number> {
  return appendEach(connection, { table }, rows, appendProviderRow);
}

/**
 * Appends every row through one appender, `write` filling one row and ending it; flushes every 100k rows
 * so memory stays flat, and always closes the appender. Returns the number of rows.
 */
async function appendEach<T>(
  connection: DuckDBConnection,
  target: { table: string; schema?: string },
  rows: Iterable<T>,
  write: (appender: DuckDBAppender, row: T) => void,
): Promise<number> {
  const appender = await (target.schema === undefined
    ? connection.createAppender(target.table)
    : connection.createAppender(target.table, "main", target.schema));
  let count = 0;
  try {
    for (const row of rows) {
      write(appender, row);
      if (++count % 100_000 === 0) appender.flushSync();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  return count;
}
