import type { DuckDBConnection } from "@duckdb/node-api";
import { existsSync } from "node:fs";
import { sqlString } from "../store/sql-string.js";
import { UNIT_TABLES } from "../store/store-folder.js";
import { Store } from "../store/store.js";
import { TIC_TABLES } from "../store/tic-tables.js";

/**
 * The in-memory DuckDB database one file of a store folder is loaded into before it is written out
 * as a unit, kept from one file to the next by the process that loads them (a worker process takes
 * file after file of an index). Opening one and creating the schema cost ~25 ms of CPU and closing
 * it ~6 ms: a fifth of a small file's whole load. Between two files the TiC tables are dropped and
 * created again (dropping frees their memory at once; `DELETE` took 50 ms per 3 M rows and kept it).
 *
 * The database spills into the current file's staging folder. DuckDB cannot move its temporary
 * directory once it has written there, so a database whose file spilled is closed, not kept.
 */
export class ScratchDatabase {
  private static idle: ScratchDatabase | undefined;

  private constructor(
    readonly store: Store,
    private readonly memoryLimit: string,
    private readonly threads: number,
    private spill: string,
  ) {}

  /** The kept database if there is one with these settings, else a new one; spilling into `spill`. */
  static async open(memoryLimit: string, threads: number, spill: string): Promise<ScratchDatabase> {
    const idle = ScratchDatabase.idle;
    ScratchDatabase.idle = undefined;
    if (idle !== undefined && idle.memoryLimit === memoryLimit && idle.threads === threads) {
      // A worker process's files spill into the same work folder (`work-folders.ts`): as it is.
      if (idle.spill === spill) return idle;
      const moved = await idle.store
        .withConnection((connection) => connection.run(`SET temp_directory = ${sqlString(spill)}`))
        .then(
          () => true,
          () => false, // a new database below instead
        );
      if (moved) {
        idle.spill = spill;
        return idle;
      }
    }
    idle?.store.close();
    const store = await Store.open(":memory:", { memoryLimit, threads, tempDirectory: spill });
    return new ScratchDatabase(store, memoryLimit, threads, spill);
  }

  /**
   * Ends the file: after a clean load (`clean`) into a database that did not spill, empties it and
   * keeps it for the next `open`; otherwise (a failure, a spill, one kept already) closes it.
   * `tables`: the only tables that took rows, when the caller knows (a store folder's unit writes
   * most tables without them); emptying all ten cost ~6 ms per file, a small file's tenth.
   */
  async release(clean: boolean, tables?: readonly string[]): Promise<void> {
    if (clean && ScratchDatabase.idle === undefined && !existsSync(this.spill)) {
      try {
        await this.store.withConnection((connection) => emptyTicTables(connection, tables));
        ScratchDatabase.idle = this;
        return;
      } catch {
        // Not reusable: closed below, and the next file opens a new one.
      }
    }
    this.store.close();
  }
}

/**
 * Drops the rows of the last file: the unit tables (`tables`, or all) and, with all, the rate parts
 * (`RateParts`; each part's table is dropped once written, so a clean file leaves none).
 */
async function emptyTicTables(
  connection: DuckDBConnection,
  tables?: readonly string[],
): Promise<void> {
  if (tables?.length === 0) return;
  const dropped = tables ?? UNIT_TABLES;
  const created = TIC_TABLES.filter(
    (statement) =>
      tables === undefined ||
      tables.some((table) => statement.includes(`TABLE IF NOT EXISTS ${table} (`)),
  );
  // One string of statements: a quarter less than running them one by one.
  await connection.run(
    [
      ...(tables === undefined ? ["DETACH DATABASE IF EXISTS rate_parts"] : []),
      ...dropped.map((table) => `DROP TABLE IF EXISTS ${table}`),
      ...created,
    ].join(";\n"),
  );
}
