import type { DuckDBConnection } from "@duckdb/node-api";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { AscendingRows } from "./ascending-rows.js";
import { ColumnAppender, type AppendColumn } from "./column-appender.js";
import { GroupListAppender } from "./group-list-appender.js";
import { sqlString } from "./sql-string.js";

/** The two big tables of a unit, written as Parquet parts. */
export const PART_TABLES = ["rate_prices", "rate_providers"] as const;
export type PartTable = (typeof PART_TABLES)[number];

/** Whether `table` is stored in parts (`rate_prices.part-00001.parquet`, …) in a unit. */
export function isPartedTable(table: string): boolean {
  return (PART_TABLES as readonly string[]).includes(table);
}

/**
 * A part's rows (DuckDB's row groups are 122,880: a part is about 8 of them). Two parts are in
 * memory at a time (one filling, one being written): 2 M rows put the 1 GB fan-out file's peak RSS
 * at 585–610 MB, 1 M at 490–535.
 */
const DEFAULT_PART_ROWS = 1_000_000;

const PRICE_KINDS = ["integer", "integer", "integer", "integer", "integer", "double"] as const;

const ORDER: Readonly<Record<PartTable, string>> = {
  rate_prices: "item_index, rate_index, price_index",
  rate_providers: "item_index, rate_index, group_key",
};

/**
 * How each part is written: a rate's groups are a list while the part fills (`GroupListAppender`).
 * Rows that came in order are written as they are (`AscendingRows`): the statement runs with
 * `preserve_insertion_order` on, so DuckDB writes the table's rows, and a list's groups, in order.
 */
const PART_SQL: Readonly<Record<PartTable, (table: string, sorted: boolean) => string>> = {
  rate_prices: (table, sorted) =>
    `SELECT * FROM ${table}${sorted ? "" : ` ORDER BY ${ORDER.rate_prices}`}`,
  rate_providers: (table, sorted) =>
    `SELECT file_id, item_index, rate_index, unnest(group_keys) AS group_key FROM ${table}${sorted ? "" : " ORDER BY item_index, rate_index"}`,
};

/** The appender that fills each table's parts. */
interface PartAppenders {
  rate_prices: ColumnAppender;
  rate_providers: GroupListAppender;
}

/** The file name of part `serial` of `table` (matched by `unitGlob`). */
export function partFileName(table: PartTable, serial: number): string {
  return `${table}.part-${String(serial).padStart(5, "0")}.parquet`;
}

interface OpenPart<T extends PartTable = PartTable> {
  readonly name: string;
  readonly appender: PartAppenders[T];
  readonly order: AscendingRows;
}

/**
 * The rate rows of one file of a store folder, written straight into its unit as Parquet parts of
 * about a million rows while the file streams in, instead of into the scratch database's tables
 * and then out again, sorted, at the end. Each part is filled in an in-memory table, then written
 * sorted (a small in-memory sort) in the background while the next part fills; parts follow the
 * file's order, so the unit is in item order as a whole (what lets a one-code query skip row
 * groups). Measured on the 1 GB fan-out file (34.5 M rate rows): the scratch tables cost their
 * compression twice (commit, then Parquet) and the final sort spilled under the scratch memory limit.
 *
 * `connection` is this writer's own (its appenders hold it); `background` runs statements, in order,
 * on another connection of the same database, so a part is written while the next one fills.
 */
export class RateParts {
  private readonly open = new Map<PartTable, OpenPart>();
  private readonly serials: Record<PartTable, number> = { rate_prices: 0, rate_providers: 0 };
  private readonly written: Record<PartTable, string[]> = { rate_prices: [], rate_providers: [] };
  private writing: Promise<void> = Promise.resolve();
  private tables = 0;

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly background: (statements: readonly string[]) => Promise<void>,
    /** The unit being written. */
    readonly dir: string,
    private readonly fileId: number,
    private readonly partRows: number,
  ) {}

  /** A writer into `dir` (the unit being written) for the rows of file `fileId`. */
  static async create(
    connection: DuckDBConnection,
    background: (statements: readonly string[]) => Promise<void>,
    dir: string,
    fileId: number,
    partRows = DEFAULT_PART_ROWS,
  ): Promise<RateParts> {
    await connection.run("ATTACH IF NOT EXISTS ':memory:' AS rate_parts");
    return new RateParts(connection, background, dir, fileId, partRows);
  }

  /** Appends price rows (`rate_prices` without `file_id`). */
  async appendPrices(columns: readonly AppendColumn[], length: number): Promise<void> {
    if (length === 0) return;
    const part = await this.part("rate_prices");
    part.appender.append([{ constant: this.fileId }, ...columns], length);
    const [item, rate, price] = columns;
    if (item instanceof Int32Array && rate instanceof Int32Array && price instanceof Int32Array) {
      part.order.note(item, rate, price, length);
    } else {
      part.order.unknown();
    }
  }

  /** Appends provider rows (`rate_providers` without `file_id`); a rate's rows come one after another. */
  async appendProviders(
    itemIndex: Int32Array,
    rateIndex: Int32Array,
    groupKey: Int32Array,
    length: number,
  ): Promise<void> {
    if (length === 0) return;
    const part = await this.part("rate_providers");
    part.appender.append(itemIndex, rateIndex, groupKey, length);
    part.order.note(itemIndex, rateIndex, undefined, length);
  }

  /** Starts writing the parts that are full (call between batches: a part never splits an item). */
  async rotateFull(): Promise<void> {
    for (const [table, part] of this.open) {
      if (part.appender.rowCount >= this.partRows) await this.rotate(table, part);
    }
  }

  /** Writes the last parts and waits for every write. */
  async finish(): Promise<void> {
    for (const [table, part] of [...this.open]) await this.rotate(table, part);
    await this.writing;
  }

  /**
   * After `finish`: drops the provider rows of `groupKeys` (groups an NPI filter rejected once they
   * were known, after rows naming them were written) and the prices no group is left for, by
   * rewriting the parts. Rare (an NPI filter on a file whose references follow its rates).
   */
  async dropUnwanted(groupKeys: readonly number[]): Promise<void> {
    if (groupKeys.length === 0 || this.written.rate_providers.length === 0) return;
    await this.connection.run("CREATE OR REPLACE TABLE rate_parts.rejected (group_key INTEGER)");
    for (let at = 0; at < groupKeys.length; at += 10_000) {
      // Our own integer keys: safe to write into the statement.
      const values = groupKeys
        .slice(at, at + 10_000)
        .map((key) => `(${Math.trunc(key)})`)
        .join(", ");
      await this.connection.run(`INSERT INTO rate_parts.rejected VALUES ${values}`);
    }
    const providers = this.partList("rate_providers");
    const keptProviders = join(this.dir, "rate_providers.kept.parquet");
    await this.connection.run(
      `COPY (SELECT * FROM read_parquet(${providers}) WHERE group_key NOT IN (SELECT group_key FROM rate_parts.rejected)
        ORDER BY ${ORDER.rate_providers}) TO ${sqlString(keptProviders)} (FORMAT parquet, COMPRESSION zstd)`,
    );
    for (const file of this.written.rate_providers) await rm(file, { force: true });
    this.written.rate_providers = [keptProviders];
    // Rates without prices name groups too: there may be provider parts and no price part.
    if (this.written.rate_prices.length === 0) return;
    const keptPrices = join(this.dir, "rate_prices.kept.parquet");
    await this.connection.run(
      `COPY (SELECT * FROM read_parquet(${this.partList("rate_prices")}) p WHERE EXISTS (SELECT 1 FROM read_parquet(${sqlString(keptProviders)}) v
        WHERE v.item_index = p.item_index AND v.rate_index = p.rate_index)
        ORDER BY ${ORDER.rate_prices}) TO ${sqlString(keptPrices)} (FORMAT parquet, COMPRESSION zstd)`,
    );
    for (const file of this.written.rate_prices) await rm(file, { force: true });
    this.written.rate_prices = [keptPrices];
  }

  /** After a failure: closes what is open and waits for writes in flight (their files are left to the caller's cleanup). */
  async abandon(): Promise<void> {
    for (const part of this.open.values()) {
      try {
        part.appender.close();
      } catch {
        // The in-memory table goes with the scratch database.
      }
    }
    this.open.clear();
    await this.writing.catch(() => undefined);
  }

  /** The part of `table` being filled, started when there is none. */
  private async part<T extends PartTable>(table: T): Promise<OpenPart<T>> {
    // The map holds each table's own part (what `OpenPart<T>` says); TypeScript cannot tie the two.
    const open = this.open.get(table) as OpenPart<T> | undefined;
    if (open !== undefined) return open;
    const name = `${table}_${this.tables++}`;
    let part: OpenPart;
    if (table === "rate_prices") {
      await this.connection.run(
        `CREATE TABLE rate_parts.${name} AS SELECT * FROM main.rate_prices LIMIT 0`,
      );
      const appender = await ColumnAppender.create(
        this.connection,
        name,
        PRICE_KINDS,
        "rate_parts",
      );
      part = { name, appender, order: new AscendingRows() };
    } else {
      await this.connection.run(
        `CREATE TABLE rate_parts.${name} (file_id INTEGER, item_index INTEGER, rate_index INTEGER, group_keys INTEGER[])`,
      );
      const appender = await GroupListAppender.create(
        this.connection,
        name,
        "rate_parts",
        this.fileId,
      );
      part = { name, appender, order: new AscendingRows() };
    }
    this.open.set(table, part);
    return part as OpenPart<T>;
  }

  private async rotate(table: PartTable, part: OpenPart): Promise<void> {
    this.open.delete(table);
    part.appender.close();
    // One part written at a time: memory holds at most the part being written and the one filling.
    await this.writing;
    const path = join(this.dir, partFileName(table, ++this.serials[table]));
    this.written[table].push(path);
    const statement = `COPY (${PART_SQL[table](`rate_parts.${part.name}`, part.order.inOrder)})
      TO ${sqlString(path)} (FORMAT parquet, COMPRESSION zstd)`;
    this.writing = this.background([
      // The connection may be one a loader turned it off on (`TicLoader.prepare`).
      "SET SESSION preserve_insertion_order = true",
      statement,
      `DROP TABLE rate_parts.${part.name}`,
    ]);
    // Surfaced at the next rotation or at `finish`; never an unhandled rejection meanwhile.
    this.writing.catch(() => undefined);
  }

  private partList(table: PartTable): string {
    return `[${this.written[table].map((file) => sqlString(file)).join(", ")}]`;
  }
}
