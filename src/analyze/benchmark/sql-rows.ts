import type { DuckDBConnection, DuckDBValue, Json } from "@duckdb/node-api";

/** A result row as JSON values (numbers for DOUBLE/INTEGER, arrays for lists, null for NULL). */
export type SqlRow = Record<string, Json>;

/** Runs a query with bound parameters and returns its rows as JSON objects. */
export async function queryRows(
  connection: DuckDBConnection,
  sql: string,
  params: DuckDBValue[] = [],
): Promise<SqlRow[]> {
  const reader = await connection.runAndReadAll(sql, params);
  return reader.getRowObjectsJson();
}

/** A numeric column (NULL → null). Counts are CAST to INTEGER in SQL so they arrive as numbers. */
export function numberOrNull(row: SqlRow, key: string): number | null {
  const value = row[key];
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value))) {
    return Number(value);
  }
  throw new Error(`column ${key}: expected a number, got ${JSON.stringify(value)}`);
}

/** A numeric column that must be present. */
export function numberAt(row: SqlRow, key: string): number {
  const value = numberOrNull(row, key);
  if (value === null) throw new Error(`column ${key}: unexpected NULL`);
  return value;
}

/** A text column (NULL → null). */
export function stringOrNull(row: SqlRow, key: string): string | null {
  const value = row[key];
  if (value === null || value === undefined) return null;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** A text column that must be present. */
export function stringAt(row: SqlRow, key: string): string {
  const value = stringOrNull(row, key);
  if (value === null) throw new Error(`column ${key}: unexpected NULL`);
  return value;
}

/** A boolean column (NULL → false). */
export function booleanAt(row: SqlRow, key: string): boolean {
  return row[key] === true;
}

/** A list of numbers (e.g. `quantile_cont(x, [...])`); NULL → null. */
export function numberListOrNull(row: SqlRow, key: string): number[] | null {
  const value = row[key];
  if (value === null || value === undefined) return null;
  if (!Array.isArray(value)) throw new Error(`column ${key}: expected a list`);
  return value.map((item) => (typeof item === "number" ? item : Number(item)));
}
