import type { DuckDBConnection } from "@duckdb/node-api";
import { PROVIDER_TABLES } from "./provider-tables.js";
import { REFERENCE_TABLES } from "./reference-tables.js";
import { TIC_TABLES } from "./tic-tables.js";

/** Every table's DDL, grouped by the domain that owns it. All statements are idempotent. */
export const SCHEMA: readonly string[] = [...TIC_TABLES, ...REFERENCE_TABLES, ...PROVIDER_TABLES];

/** Creates any missing table, sequence or index. */
export async function ensureSchema(connection: DuckDBConnection): Promise<void> {
  for (const statement of SCHEMA) await connection.run(statement);
}
