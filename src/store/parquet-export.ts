import type { DuckDBConnection } from "@duckdb/node-api";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Store } from "./store.js";
import { sqlString } from "./sql-string.js";

/**
 * The TiC tables, in export order: the normalised tables as stored, and `rates`, the view that joins
 * the rate tables back into one row per price × provider group (what most readers want).
 */
export const TIC_EXPORT_TABLES = [
  "source_files",
  "plans",
  "provider_groups",
  "group_refs",
  "rate_items",
  "rate_terms",
  "rate_prices",
  "rate_providers",
  "rates",
  "allowed_amounts",
] as const;

/** One written file. */
export interface ExportedTable {
  readonly table: string;
  readonly path: string;
  readonly rows: number;
}

/**
 * Writes each normalised TiC table to `<dir>/<table>.parquet` (zstd) with DuckDB's own writer, so
 * the export streams from the store without passing rows through JavaScript. Tables are written as
 * stored, `file_id` included, so every exported number still traces to its source file.
 */
export async function exportParquet(
  store: Store,
  directory: string,
  tables: readonly string[] = TIC_EXPORT_TABLES,
): Promise<ExportedTable[]> {
  const out = resolve(directory);
  await mkdir(out, { recursive: true });
  return store.withConnection(async (connection) => {
    const written: ExportedTable[] = [];
    for (const table of tables) {
      if (!(TIC_EXPORT_TABLES as readonly string[]).includes(table)) {
        throw new Error(`not an exportable table: ${table}`);
      }
      const path = join(out, `${table}.parquet`);
      await connection.run(
        `COPY (SELECT * FROM ${table} ORDER BY ALL) TO ${sqlString(path)} (FORMAT parquet, COMPRESSION zstd)`,
      );
      written.push({ table, path, rows: await countRows(connection, table) });
    }
    return written;
  });
}

async function countRows(connection: DuckDBConnection, table: string): Promise<number> {
  const rows = (
    await connection.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${table}`)
  ).getRowObjectsJson();
  return Number(rows[0]?.n ?? 0);
}
