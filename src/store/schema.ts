import type { DuckDBConnection } from "@duckdb/node-api";
import { UsageError } from "../errors.js";
import { PROVIDER_TABLES } from "./provider-tables.js";
import { REFERENCE_TABLES } from "./reference-tables.js";
import { TIC_TABLES } from "./tic-tables.js";

/** Every table's DDL, grouped by the domain that owns it. All statements are idempotent. */
export const SCHEMA: readonly string[] = [...TIC_TABLES, ...REFERENCE_TABLES, ...PROVIDER_TABLES];

/** Creates any missing table, sequence, view or index. */
export async function ensureSchema(connection: DuckDBConnection): Promise<void> {
  // Stores of the first development builds kept `rates` as one wide table; it is now a view over
  // the normalised tables, and those rows cannot be split back into them reliably.
  const wide = (
    await connection.runAndReadAll(
      "SELECT 1 FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'rates'",
    )
  ).getRowObjectsJson();
  if (wide.length > 0) {
    throw new UsageError(
      "this store was written by an earlier ratelens build (rates stored as one wide table): ingest the files again into a new store (--db)",
    );
  }
  for (const statement of SCHEMA) await connection.run(statement);
}
