import { TIC_EXPORT_TABLES } from "./parquet-export.js";
import type { Store } from "./store.js";

/** One loaded source file, as `ratelens files` lists it. */
export interface SourceFileListing {
  readonly fileId: number;
  readonly location: string;
  readonly kind: string;
  readonly compression: string;
  readonly schemaVersion: string | null;
  readonly reportingEntity: string | null;
  readonly lastUpdatedOn: string | null;
  readonly sizeBytes: number;
  readonly uncompressedBytes: number | null;
  readonly items: number;
  readonly keptItems: number;
  readonly rows: number;
  readonly providerGroups: number;
  readonly unresolvedReferences: number;
  readonly codeFilter: string[] | null;
  readonly parentFileId: number | null;
  readonly synthetic: boolean;
  readonly sha256: string;
  readonly ingestedAt: string;
}

/** Every loaded source file, oldest first. */
export async function listSourceFiles(store: Store): Promise<SourceFileListing[]> {
  return store.withConnection(async (connection) => {
    const rows = (
      await connection.runAndReadAll(
        `SELECT file_id, location, file_kind, compression, schema_version, reporting_entity_name, last_updated_on, size_bytes::DOUBLE AS size_bytes,
           uncompressed_bytes::DOUBLE AS uncompressed_bytes, item_count::DOUBLE AS item_count, kept_item_count::DOUBLE AS kept_item_count,
           rate_count::DOUBLE AS rate_count, provider_group_count::DOUBLE AS provider_group_count,
           coalesce(json_array_length(unresolved_references), 0)::INTEGER AS unresolved, code_filter, parent_file_id, synthetic, sha256,
           strftime(ingested_at, '%Y-%m-%d %H:%M:%S') AS ingested_at
         FROM source_files ORDER BY file_id`,
      )
    ).getRowObjectsJson();
    return rows.map((row) => ({
      fileId: Number(row.file_id),
      location: text(row.location),
      kind: text(row.file_kind),
      compression: text(row.compression),
      schemaVersion: nullableText(row.schema_version),
      reportingEntity: nullableText(row.reporting_entity_name),
      lastUpdatedOn: nullableText(row.last_updated_on),
      sizeBytes: Number(row.size_bytes),
      uncompressedBytes: row.uncompressed_bytes === null ? null : Number(row.uncompressed_bytes),
      items: Number(row.item_count),
      keptItems: Number(row.kept_item_count),
      rows: Number(row.rate_count),
      providerGroups: Number(row.provider_group_count),
      unresolvedReferences: Number(row.unresolved),
      codeFilter: Array.isArray(row.code_filter) ? row.code_filter.map(text) : null,
      parentFileId: row.parent_file_id === null ? null : Number(row.parent_file_id),
      synthetic: row.synthetic === true,
      sha256: text(row.sha256),
      ingestedAt: text(row.ingested_at),
    }));
  });
}

/** Row counts per TiC table, plus the rate rows by unit (only 'dollars' enter dollar statistics). */
export interface TicStats {
  readonly tables: Record<string, number>;
  readonly ratesByUnit: Record<string, number>;
  readonly syntheticFiles: number;
}

/** Counts of the TiC tables. */
export async function ticStats(store: Store): Promise<TicStats> {
  return store.withConnection(async (connection) => {
    const tables: Record<string, number> = {};
    for (const table of TIC_EXPORT_TABLES) {
      const rows = (
        await connection.runAndReadAll(`SELECT count(*)::DOUBLE AS n FROM ${table}`)
      ).getRowObjectsJson();
      tables[table] = Number(rows[0]?.n ?? 0);
    }
    const units = (
      await connection.runAndReadAll(
        `SELECT rate_unit, count(*)::DOUBLE AS n FROM rates GROUP BY rate_unit ORDER BY rate_unit`,
      )
    ).getRowObjectsJson();
    const ratesByUnit: Record<string, number> = {};
    for (const unit of units) ratesByUnit[text(unit.rate_unit)] = Number(unit.n);
    const synthetic = (
      await connection.runAndReadAll(
        `SELECT count(*)::DOUBLE AS n FROM source_files WHERE synthetic`,
      )
    ).getRowObjectsJson();
    return { tables, ratesByUnit, syntheticFiles: Number(synthetic[0]?.n ?? 0) };
  });
}

function text(value: unknown): string {
  return typeof value === "string"
    ? value
    : typeof value === "number" || typeof value === "boolean"
      ? String(value)
      : JSON.stringify(value);
}

function nullableText(value: unknown): string | null {
  return value === null || value === undefined ? null : text(value);
}
