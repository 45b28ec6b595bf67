import type { DuckDBConnection } from "@duckdb/node-api";
import { sqlString } from "./sql-string.js";

/** `source_files.file_kind`. */
export type FileKind = "in-network-rates" | "allowed-amounts" | "table-of-contents";

/** `source_files.compression`: how the bytes were stored. */
export type StoredCompression = "none" | "gzip" | "zip";

/** A provider reference that could not be resolved, as stored in `source_files.unresolved_references`. */
export interface UnresolvedReference {
  readonly provider_group_id: string;
  readonly location: string | null;
  readonly reason: string;
}

/** A plan as listed in a file's header or an index's `reporting_plans` (a `plans` row). */
export interface PlanInfo {
  readonly plan_name?: string;
  readonly plan_id_type?: string;
  readonly plan_id?: string;
  readonly plan_market_type?: string;
  readonly issuer_name?: string;
  readonly plan_sponsor_name?: string;
}

/** The fields of a plan, in the order every plan record writes them. */
export const PLAN_FIELDS = [
  "plan_name",
  "plan_id_type",
  "plan_id",
  "plan_market_type",
  "issuer_name",
  "plan_sponsor_name",
] as const;

/** The plan described by a file header or a `reporting_plans` entry; undefined when it names none. */
export function planFromHeader(
  source: Readonly<Record<string, unknown>> | null | undefined,
): PlanInfo | undefined {
  if (source === null || source === undefined || typeof source !== "object") return undefined;
  const plan: Record<string, string> = {};
  for (const field of PLAN_FIELDS) {
    const value = source[field];
    if (typeof value === "string" || typeof value === "number") plan[field] = String(value);
  }
  return Object.keys(plan).length === 0 ? undefined : plan;
}

/** What `insertSourceFile` records. */
export interface SourceFileRecord {
  /** Unset: the next value of the store's sequence. */
  readonly fileId?: number;
  readonly location: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly uncompressedBytes: number | undefined;
  readonly kind: FileKind;
  readonly compression: StoredCompression;
  readonly headers: Readonly<Record<string, unknown>>;
  readonly parentFileId: number | undefined;
  readonly codeFilter: readonly string[] | undefined;
  readonly items: number;
  readonly keptItems: number;
  readonly unresolved: readonly UnresolvedReference[];
  readonly synthetic: boolean;
  /**
   * The `rates` rows the loader made, counted as it went. Counting them through the `rates` view
   * inside the load transaction instead took 16 s for 2.3 M rows (the joins run over uncommitted
   * rows within the ingest's small memory limit); unset = count with SQL.
   */
  readonly rateRows?: number;
  /** The distinct provider groups, when the caller knows them; unset = count with SQL. */
  readonly providerGroups?: number;
  /** An allowed-amounts file's rows, when the caller counted them; unset = count with SQL. */
  readonly allowedRows?: number;
}

function text(value: unknown): string | null {
  return typeof value === "string" || typeof value === "number" ? String(value) : null;
}

/**
 * Writes the `source_files` row of a loaded file (after its rows, in the same transaction) and
 * returns the row and provider-group counts, counted from the tables themselves where the caller
 * did not count them. With `parquet` (a store folder's unit), the row goes straight into that
 * Parquet file, typed as the table's columns, instead of into the table and out again.
 */
export async function insertSourceFile(
  connection: DuckDBConnection,
  record: SourceFileRecord,
  parquet?: string,
): Promise<{ fileId: number; rows: number; providerGroups: number }> {
  const fileId = record.fileId ?? (await nextFileId(connection));
  let rows = record.kind === "allowed-amounts" ? record.allowedRows : record.rateRows;
  if (rows === undefined) {
    const table = record.kind === "allowed-amounts" ? "allowed_amounts" : "rates";
    const rowCount = (
      await connection.runAndReadAll(
        `SELECT count(*)::BIGINT AS n FROM ${table} WHERE file_id = $1`,
        [fileId],
      )
    ).getRowObjectsJson();
    rows = Number(rowCount[0]?.n ?? 0);
  }
  let providerGroups = record.providerGroups;
  if (providerGroups === undefined) {
    const groupCount = (
      await connection.runAndReadAll(
        "SELECT count(DISTINCT group_key)::BIGINT AS n FROM provider_groups WHERE file_id = $1",
        [fileId],
      )
    ).getRowObjectsJson();
    providerGroups = Number(groupCount[0]?.n ?? 0);
  }
  const h = record.headers;
  // Typed as the table's columns and in their order (`tic-tables.ts`): a Parquet unit must match
  // the schema unit column for column. A union by name with the empty table gave the same, at a
  // third more of the statement's CPU (a file's unit writes one row).
  const values = (ingestedAt: string): string => `SELECT $1::INTEGER AS file_id,
       $2::VARCHAR AS location, $3::VARCHAR AS sha256, $4::BIGINT AS size_bytes,
       $5::BIGINT AS uncompressed_bytes, $6::VARCHAR AS file_kind, $7::VARCHAR AS compression,
       $8::VARCHAR AS schema_version, $9::VARCHAR AS reporting_entity_name,
       $10::VARCHAR AS reporting_entity_type, $11::VARCHAR AS plan_name, $12::VARCHAR AS plan_id_type,
       $13::VARCHAR AS plan_id, $14::VARCHAR AS plan_market_type, $15::VARCHAR AS issuer_name,
       $16::VARCHAR AS plan_sponsor_name, $17::VARCHAR AS last_updated_on,
       $18::INTEGER AS parent_file_id,${ingestedAt}
       CAST(from_json($19, '["VARCHAR"]') AS VARCHAR[]) AS code_filter, $20::BIGINT AS item_count,
       $21::BIGINT AS kept_item_count, $22::BIGINT AS rate_count, $23::BIGINT AS provider_group_count,
       CAST($24 AS JSON) AS unresolved_references, $25::BOOLEAN AS synthetic`;
  const sql =
    parquet === undefined
      ? `INSERT INTO source_files BY NAME ${values("")}` // the table's default ingested_at
      : `COPY (${values(" CAST(current_timestamp AS TIMESTAMP) AS ingested_at,")})
         TO ${sqlString(parquet)} (FORMAT parquet, COMPRESSION zstd)`;
  await connection.run(sql, [
    fileId,
    record.location,
    record.sha256,
    record.sizeBytes,
    record.uncompressedBytes ?? null,
    record.kind,
    record.compression,
    text(h.version),
    text(h.reporting_entity_name),
    text(h.reporting_entity_type),
    text(h.plan_name),
    text(h.plan_id_type),
    text(h.plan_id),
    text(h.plan_market_type),
    text(h.issuer_name),
    text(h.plan_sponsor_name),
    text(h.last_updated_on),
    record.parentFileId ?? null,
    record.codeFilter === undefined ? null : JSON.stringify(record.codeFilter),
    record.items,
    record.keptItems,
    rows,
    providerGroups,
    record.unresolved.length === 0 ? null : JSON.stringify(record.unresolved),
    record.synthetic,
  ]);
  return { fileId, rows, providerGroups };
}

/**
 * Adds plan rows for a file, skipping plans it already has (an index may list a file twice), in one
 * appender pass: an index lists thousands of plans, and one statement per plan inside the load
 * transaction exhausted a small DuckDB memory limit (4,106 plans: out of memory at 122 MiB).
 */
export async function insertPlans(
  connection: DuckDBConnection,
  fileId: number,
  plans: Iterable<PlanInfo>,
  newFile = false,
): Promise<number> {
  // A file being loaded (`newFile`) has no plans yet: no query for them.
  const existing = newFile
    ? []
    : (
        await connection.runAndReadAll(
          `SELECT ${PLAN_FIELDS.join(", ")} FROM plans WHERE file_id = $1`,
          [fileId],
        )
      ).getRowObjectsJson();
  const seen = new Set(
    existing.map((row) => JSON.stringify(PLAN_FIELDS.map((field) => row[field] ?? null))),
  );
  const rows: (string | null)[][] = [];
  for (const plan of plans) {
    const values = PLAN_FIELDS.map((field) => plan[field] ?? null);
    const key = JSON.stringify(values);
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push(values);
  }
  if (rows.length === 0) return 0;
  const appender = await connection.createAppender("plans");
  try {
    for (const values of rows) {
      appender.appendInteger(fileId);
      for (const value of values) {
        if (value === null) appender.appendNull();
        else appender.appendVarchar(value);
      }
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  return rows.length;
}

/** One file an index lists (a `listed_files` row). */
export interface ListedFileRow {
  readonly location: string;
  readonly kind: "in-network" | "allowed-amounts";
  readonly plans: readonly PlanInfo[];
}

/** Records an index's job list (one appender pass); returns the rows written. */
export async function insertListedFiles(
  connection: DuckDBConnection,
  fileId: number,
  files: Iterable<ListedFileRow>,
): Promise<number> {
  let rows = 0;
  const appender = await connection.createAppender("listed_files");
  try {
    for (const file of files) {
      rows++;
      appender.appendInteger(fileId);
      appender.appendVarchar(file.location);
      appender.appendVarchar(file.kind);
      appender.appendVarchar(JSON.stringify(file.plans));
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  return rows;
}

/** A new `file_id` from the store's sequence. */
export async function nextFileId(connection: DuckDBConnection): Promise<number> {
  const rows = (
    await connection.runAndReadAll("SELECT nextval('source_file_id_seq')::INTEGER AS id")
  ).getRowObjectsJson();
  return Number(rows[0]?.id);
}

/** The `file_id` of a stored file with this SHA-256, if any. */
export async function fileIdOfSha256(
  connection: DuckDBConnection,
  sha256: string,
): Promise<number | undefined> {
  const rows = (
    await connection.runAndReadAll("SELECT file_id FROM source_files WHERE sha256 = $1", [sha256])
  ).getRowObjectsJson();
  return rows.length === 0 ? undefined : Number(rows[0]?.file_id);
}

/** Stored files of exactly this raw size (candidates for a quick duplicate check). */
export async function filesOfSize(
  connection: DuckDBConnection,
  sizeBytes: number,
): Promise<{ fileId: number; sha256: string; kind: string | undefined }[]> {
  const rows = (
    await connection.runAndReadAll(
      "SELECT file_id, sha256, file_kind FROM source_files WHERE size_bytes = $1",
      [sizeBytes],
    )
  ).getRowObjectsJson();
  return rows.map((row) => ({
    fileId: Number(row.file_id),
    sha256: typeof row.sha256 === "string" ? row.sha256 : "",
    kind: typeof row.file_kind === "string" ? row.file_kind : undefined,
  }));
}
