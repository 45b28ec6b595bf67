import type { DuckDBAppender, DuckDBConnection } from "@duckdb/node-api";
import { DOUBLE, DuckDBDataChunk, INTEGER, duckdbBindings as duckdb } from "./duckdb-api.js";

/** A column to append: a constant (e.g. the file id) or one value per row. */
export type AppendColumn = { readonly constant: number } | Int32Array | Float64Array;

/** DuckDB's vector size: a data chunk holds at most this many rows. */
const CHUNK_ROWS = duckdb.vector_size();

/**
 * Appends typed-array columns to one table through DuckDB's appender, a data chunk at a time, each
 * column copied into its vector with one memory copy. Written by hand because the appender's
 * row-by-row methods (and the data-chunk helpers that set values one by one) cost one native call or
 * one checked JavaScript write per value, which at tens of millions of values per gigabyte of input
 * was most of an unfiltered ingest. Only INTEGER and DOUBLE columns without NULLs: that is what the
 * big rate tables are made of. Rows join the connection's open transaction.
 */
export class ColumnAppender {
  private readonly chunk: DuckDBDataChunk;
  private readonly constants = new Map<number, Int32Array>();
  private rows = 0;

  private constructor(
    private readonly appender: DuckDBAppender,
    private readonly kinds: readonly ("integer" | "double")[],
  ) {
    this.chunk = DuckDBDataChunk.create(
      kinds.map((kind) => (kind === "integer" ? INTEGER : DOUBLE)),
    );
  }

  /** An appender for `table` (of database `catalog`), whose columns are, in order, of the given kinds. */
  static async create(
    connection: DuckDBConnection,
    table: string,
    kinds: readonly ("integer" | "double")[],
    catalog?: string,
  ): Promise<ColumnAppender> {
    return new ColumnAppender(await connection.createAppender(table, null, catalog ?? null), kinds);
  }

  /** Rows appended so far. */
  get rowCount(): number {
    return this.rows;
  }

  /** Appends `length` rows; every per-row column must hold at least `length` values. */
  append(columns: readonly AppendColumn[], length: number): void {
    if (columns.length !== this.kinds.length) {
      throw new Error(`expected ${this.kinds.length} columns, got ${columns.length}`);
    }
    for (let at = 0; at < length; at += CHUNK_ROWS) {
      const count = Math.min(CHUNK_ROWS, length - at);
      this.chunk.reset();
      for (let c = 0; c < columns.length; c++) {
        const column = columns[c]!;
        const values = "constant" in column ? this.constantColumn(column.constant) : column;
        const offset = "constant" in column ? 0 : at;
        if (
          this.kinds[c] === "integer"
            ? !(values instanceof Int32Array)
            : !(values instanceof Float64Array)
        ) {
          throw new Error(`column ${c} is not of type ${this.kinds[c]}`);
        }
        if (values.length < offset + count) {
          throw new Error(`column ${c} has ${values.length} values, ${offset + count} needed`);
        }
        const vector = duckdb.data_chunk_get_vector(this.chunk.chunk, c);
        const width = values.BYTES_PER_ELEMENT;
        duckdb.copy_data_to_vector(
          vector,
          0,
          values.buffer as ArrayBuffer,
          values.byteOffset + offset * width,
          count * width,
        );
      }
      duckdb.data_chunk_set_size(this.chunk.chunk, count);
      this.appender.appendDataChunk(this.chunk);
      this.rows += count;
    }
  }

  /** Flushes buffered rows into the table and releases the appender. */
  close(): void {
    this.appender.flushSync();
    this.appender.closeSync();
  }

  private constantColumn(value: number): Int32Array {
    let column = this.constants.get(value);
    if (column === undefined) {
      column = new Int32Array(CHUNK_ROWS).fill(value);
      this.constants.set(value, column);
    }
    return column;
  }
}
