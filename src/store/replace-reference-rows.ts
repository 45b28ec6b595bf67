import type { DuckDBAppender, DuckDBConnection } from "@duckdb/node-api";
import type { Store } from "./store.js";

/** A cell for a reference table row, in the table's column order. */
export type Cell = string | number | boolean | null;

/** The `ref_imports` record of one import. */
export interface ImportRecord {
  kind: string;
  edition: string;
  year: number | null;
  file: string;
  label: string;
  sha256: string;
  detail: Record<string, unknown>;
}

/** Which rows of the target table a re-import replaces. */
export interface ReplaceScope {
  column: "year" | "edition" | "state";
  value: string | number;
}

/**
 * Loads `rows` into `table`, replacing the rows of the same scope (year, edition or state), and
 * records the import, atomically: rows are first appended to a connection-local staging table
 * (fast appender, outside the transaction), then one transaction deletes the old scope, copies
 * the staged rows in and upserts `ref_imports`. A parse error while staging leaves the store
 * untouched; a failure in the transaction rolls it back.
 */
export async function replaceReferenceRows(
  store: Store,
  table: string,
  scope: ReplaceScope,
  rows: AsyncIterable<Cell[]> | Iterable<Cell[]>,
  record: ImportRecord,
  onRow?: (count: number) => void,
): Promise<number> {
  return store.withConnection(async (c) => {
    const types = await columnTypes(c, table);
    const stage = `stage_${table}`;
    await c.run(`CREATE OR REPLACE TEMP TABLE ${stage} AS SELECT * FROM ${table} LIMIT 0`);
    const appender = await c.createAppender(stage, "main", "temp");
    let count = 0;
    try {
      for await (const row of rows) {
        appendRow(appender, types, row);
        count++;
        if (onRow !== undefined && count % 10_000 === 0) onRow(count);
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    await c.run("BEGIN TRANSACTION");
    try {
      await c.run(`DELETE FROM ${table} WHERE ${scope.column} = $1`, [scope.value]);
      await c.run(`INSERT INTO ${table} SELECT * FROM ${stage}`);
      if (record.year !== null && scope.column === "year") {
        await c.run("DELETE FROM ref_imports WHERE kind = $1 AND year = $2", [
          record.kind,
          record.year,
        ]);
      }
      await c.run("DELETE FROM ref_imports WHERE kind = $1 AND edition = $2", [
        record.kind,
        record.edition,
      ]);
      await c.run(
        "INSERT INTO ref_imports (kind, edition, year, file, label, sha256, row_count, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::JSON)",
        [
          record.kind,
          record.edition,
          record.year ?? null,
          record.file,
          record.label,
          record.sha256,
          count,
          JSON.stringify(record.detail),
        ],
      );
      await c.run("COMMIT");
    } catch (error) {
      await c.run("ROLLBACK");
      throw error;
    } finally {
      await c.run(`DROP TABLE IF EXISTS ${stage}`);
    }
    return count;
  });
}

async function columnTypes(c: DuckDBConnection, table: string): Promise<string[]> {
  const reader = await c.runAndReadAll(
    "SELECT data_type FROM information_schema.columns WHERE table_name = $1 AND table_schema = 'main' ORDER BY ordinal_position",
    [table],
  );
  return reader
    .getRowObjectsJson()
    .map((r) => (typeof r.data_type === "string" ? r.data_type : ""));
}

function appendRow(appender: DuckDBAppender, types: readonly string[], row: readonly Cell[]): void {
  if (row.length !== types.length) {
    throw new Error(`internal: ${row.length} cells for ${types.length} columns`);
  }
  types.forEach((type, i) => {
    const value = row[i] ?? null;
    if (value === null) appender.appendNull();
    else if (type === "DOUBLE") appender.appendDouble(Number(value));
    else if (type === "INTEGER") appender.appendInteger(Number(value));
    else if (type === "BIGINT") appender.appendBigInt(BigInt(value));
    else if (type === "BOOLEAN") appender.appendBoolean(value === true);
    else appender.appendVarchar(String(value));
  });
  appender.endRow();
}
