import type { DuckDBConnection } from "@duckdb/node-api";
import { closeSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { ALLOWED_CSV_COLUMNS } from "../normalize/tic/allowed-amount-item.js";
import { RATE_ITEM_CSV_COLUMNS } from "../normalize/tic/in-network-item.js";
import { GROUP_CSV_COLUMNS } from "../normalize/tic/provider-groups.js";
import type { PriceColumns } from "../normalize/tic/rate-columns.js";
import { RATE_TERM_CSV_COLUMNS } from "../normalize/tic/rate-terms.js";
import { AscendingLines } from "./ascending-lines.js";
import { ColumnAppender } from "./column-appender.js";
import type { RateParts } from "./rate-parts.js";
import { sqlString } from "./sql-string.js";
import { UNIT_ORDER } from "./store-folder.js";

/** Staging file kinds; each is loaded by its own SQL. */
type StageKind = "items" | "terms" | "groups" | "keys" | "allowed";

/** `group_refs` lines: one per referenced group key. */
const KEY_COLUMNS = {
  group_key: "INTEGER",
  provider_group_id: "VARCHAR",
  resolved: "BOOLEAN",
} as const;

const COLUMNS: Readonly<Record<StageKind, Readonly<Record<string, string>>>> = {
  items: RATE_ITEM_CSV_COLUMNS,
  terms: RATE_TERM_CSV_COLUMNS,
  groups: GROUP_CSV_COLUMNS,
  keys: KEY_COLUMNS,
  allowed: ALLOWED_CSV_COLUMNS,
};

const LOAD_ORDER: readonly StageKind[] = ["keys", "groups", "items", "terms", "allowed"];

/** The table each kind loads into. */
const TABLES = {
  keys: "group_refs",
  groups: "provider_groups",
  items: "rate_items",
  terms: "rate_terms",
  allowed: "allowed_amounts",
} as const satisfies Readonly<Record<StageKind, string>>;

/** Staged as JSON text, stored as lists. */
const LIST_COLUMNS: ReadonlySet<string> = new Set([
  "network_names",
  "service_codes",
  "billing_code_modifiers",
]);

const FLUSH_BYTES = 24 << 20;

/**
 * Kinds whose unit order (`UNIT_ORDER`) is their first CSV field (groups, group references, terms):
 * written unsorted when staged in it. Derived, so a changed order cannot leave a stale list here.
 */
const FIRST_FIELD_ORDER: ReadonlySet<StageKind> = new Set(
  (Object.keys(TABLES) as StageKind[]).filter(
    (kind) => UNIT_ORDER[TABLES[kind]] === Object.keys(COLUMNS[kind])[0],
  ),
);

function readCsv(path: string, columns: Readonly<Record<string, string>>): string {
  const spec = Object.entries(columns)
    .map(([name, type]) => `${sqlString(name)}: ${sqlString(type)}`)
    .join(", ");
  return `read_csv(${sqlString(path)}, columns = {${spec}}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', allow_quoted_nulls = false, parallel = true)`;
}

/**
 * Bulk loader for one TiC file, inside the caller's transaction. The big numeric tables
 * (`rate_prices`, `rate_providers`) are appended from typed columns (`ColumnAppender`); the small
 * string-bearing ones (items, terms, provider groups, group references, allowed amounts) arrive as
 * CSV bytes built in the parse workers, are written to staging files in a private temp folder and
 * loaded by DuckDB's CSV reader with `INSERT … SELECT`, a load running while the next file fills.
 *
 * With `parts` (a store folder's unit), `finish` writes these tables into the unit as Parquet: the
 * last staged file of each kind straight from CSV, with the rows loaded before it. A small file's
 * tables so never enter the scratch database: an `INSERT` and a `COPY` out of the table cost ~40 %
 * more than one `COPY` from the CSV, and emptying the table for the next file costs again.
 */
export class TicLoader {
  private readonly fds = new Map<StageKind, { fd: number; path: string; bytes: number }>();
  private serial = 0;
  private inflight: Promise<void> = Promise.resolve();
  private prices: ColumnAppender | undefined;
  private providers: ColumnAppender | undefined;
  /** Kinds loaded into their tables while the file streamed (the rest is in the staged files). */
  private readonly loaded = new Set<StageKind>();
  private groupsParquet: string | undefined;
  /** The unit's provider groups were written as staged (`AscendingLines` counted their keys). */
  private groupsInOrder = false;
  /** Rows written into the unit per table (`writeUnitTables`). */
  private readonly unitRows = new Map<string, number>();
  /** Per kind ordered by its first field: whether its lines were staged in that order. */
  private readonly order = new Map<StageKind, AscendingLines>();

  /** `parts`: a store folder's unit writer, which takes the rate rows instead of this connection's tables. */
  constructor(
    private readonly connection: DuckDBConnection,
    private readonly fileId: number,
    private readonly directory: string,
    private readonly parts?: RateParts,
    private readonly flushBytes = FLUSH_BYTES,
  ) {}

  /** Creates the appenders. */
  async prepare(): Promise<void> {
    // Row order carries no meaning (every row has its positions); not preserving it lets the CSV
    // loads stream within a small memory limit. Session-scoped: this connection only.
    await this.connection.run("SET SESSION preserve_insertion_order = false");
    if (this.parts !== undefined) return;
    this.prices = await ColumnAppender.create(this.connection, "rate_prices", [
      "integer",
      "integer",
      "integer",
      "integer",
      "integer",
      "double",
    ]);
    this.providers = await ColumnAppender.create(this.connection, "rate_providers", [
      "integer",
      "integer",
      "integer",
      "integer",
    ]);
  }

  /** Appends price rows. */
  async appendPrices(prices: PriceColumns): Promise<void> {
    const { itemIndex, rateIndex, priceIndex, termId, negotiatedRate } = prices;
    if (this.parts !== undefined) {
      await this.parts.appendPrices(
        [itemIndex, rateIndex, priceIndex, termId, negotiatedRate],
        itemIndex.length,
      );
      return;
    }
    this.appenders().prices.append(
      [{ constant: this.fileId }, itemIndex, rateIndex, priceIndex, termId, negotiatedRate],
      itemIndex.length,
    );
  }

  /** Appends the first `length` provider rows (group keys already resolved to the file's keys). */
  async appendProviders(
    itemIndex: Int32Array,
    rateIndex: Int32Array,
    groupKey: Int32Array,
    length: number,
  ): Promise<void> {
    if (this.parts !== undefined) {
      await this.parts.appendProviders(itemIndex, rateIndex, groupKey, length);
      return;
    }
    this.appenders().providers.append(
      [{ constant: this.fileId }, itemIndex, rateIndex, groupKey],
      length,
    );
  }

  private appenders(): { prices: ColumnAppender; providers: ColumnAppender } {
    if (this.prices === undefined || this.providers === undefined) {
      throw new Error("TicLoader.prepare() was not called");
    }
    return { prices: this.prices, providers: this.providers };
  }

  /** Queues CSV text (or its UTF-8 bytes) of one kind; starts a load when enough has accumulated. */
  async add(kind: StageKind, csv: string | Uint8Array): Promise<void> {
    if (csv.length === 0) return;
    // Only a unit's last staged file can skip the sort (`writeUnitTables`): nothing to note after a load.
    if (this.parts !== undefined && FIRST_FIELD_ORDER.has(kind) && !this.loaded.has(kind)) {
      let order = this.order.get(kind);
      if (order === undefined) this.order.set(kind, (order = new AscendingLines()));
      order.note(csv);
    }
    let file = this.fds.get(kind);
    if (file === undefined) {
      const path = join(this.directory, `${kind}-${this.serial++}.csv`);
      file = { fd: openSync(path, "w"), path, bytes: 0 };
      this.fds.set(kind, file);
    }
    file.bytes += typeof csv === "string" ? writeSync(file.fd, csv) : writeSync(file.fd, csv);
    if (file.bytes >= this.flushBytes) await this.flush();
  }

  /** Loads every staged file (waits for the previous load first; does not wait for this one). */
  async flush(): Promise<void> {
    await this.inflight;
    const files = LOAD_ORDER.flatMap((kind) => {
      const file = this.fds.get(kind);
      if (file === undefined) return [];
      closeSync(file.fd);
      this.fds.delete(kind);
      return [{ kind, path: file.path }];
    });
    if (files.length === 0) return;
    for (const { kind } of files) this.loaded.add(kind);
    this.inflight = (async () => {
      for (const { kind, path } of files) await this.connection.run(this.loadSql(kind, path));
    })();
    // Surface a failure at the next await, and never leave a rejection unhandled meanwhile.
    this.inflight.catch(() => undefined);
  }

  /** Between two batches: starts writing the rate parts that are full (store folder only). */
  async batchDone(): Promise<void> {
    await this.parts?.rotateFull();
  }

  /**
   * Loads everything and closes the appenders (their rows enter the transaction); with `parts`,
   * writes the unit's tables of the staged kinds and its rate parts instead.
   */
  async finish(): Promise<void> {
    if (this.parts === undefined) await this.flush();
    await this.inflight;
    if (this.parts !== undefined) {
      await this.writeUnitTables(this.parts.dir);
      await this.parts.finish();
    }
    this.prices?.close();
    this.providers?.close();
    this.prices = undefined;
    this.providers = undefined;
  }

  /** The scratch tables that hold rows of this file (to empty before the next). */
  get tablesWithRows(): string[] {
    return [...this.loaded].map((kind) => TABLES[kind]);
  }

  /** After `finish` with `parts`: the rows of `table` written into the unit; undefined without. */
  unitRowCount(table: (typeof TABLES)[StageKind]): number | undefined {
    if (this.parts === undefined) return undefined;
    return this.unitRows.get(table) ?? 0;
  }

  /**
   * After `finish` with `parts`: the distinct provider groups written into the unit. Undefined
   * without `parts` (they are in the table then).
   */
  async unitProviderGroups(): Promise<number | undefined> {
    if (this.parts === undefined) return undefined;
    if (this.groupsParquet === undefined) return 0;
    // Written as staged, in key order: its keys were counted on the way (a query less per file).
    if (this.groupsInOrder) return this.order.get("groups")?.distinct ?? 0;
    const rows = (
      await this.connection.runAndReadAll(
        `SELECT count(DISTINCT group_key)::INTEGER AS n FROM read_parquet(${sqlString(this.groupsParquet)})`,
      )
    ).getRowObjectsJson();
    return Number(rows[0]?.n ?? 0);
  }

  /** Writes each staged kind's table into the unit: its rows loaded so far and its last staged file. */
  private async writeUnitTables(dir: string): Promise<void> {
    let preserving = false;
    for (const kind of LOAD_ORDER) {
      const file = this.fds.get(kind);
      if (file !== undefined) {
        closeSync(file.fd);
        this.fds.delete(kind);
      }
      if (file === undefined && !this.loaded.has(kind)) continue;
      const table = TABLES[kind];
      // The (scratch) table first, by name: its column order and types, whatever the CSV's.
      const staged =
        file === undefined
          ? ""
          : ` UNION ALL BY NAME ${this.selectSql(kind, readCsv(file.path, COLUMNS[kind]))}`;
      const path = join(dir, `${table}.parquet`);
      // Staged in the unit's order, with nothing loaded before: as it is.
      const inOrder =
        file !== undefined && !this.loaded.has(kind) && this.order.get(kind)?.inOrder === true;
      if (inOrder && !preserving) {
        // Written as staged, so in that order (`prepare` turned it off for the loads).
        await this.connection.run("SET SESSION preserve_insertion_order = true");
        preserving = true;
      }
      const orderBy = inOrder ? "" : ` ORDER BY ${UNIT_ORDER[table]}`;
      const written = await this.connection.runAndReadAll(
        `COPY (SELECT * FROM (SELECT * FROM ${table}${staged})${orderBy})
          TO ${sqlString(path)} (FORMAT parquet, COMPRESSION zstd)`,
      );
      this.unitRows.set(table, Number(written.getRowObjectsJson()[0]?.Count ?? 0));
      if (kind === "groups") {
        this.groupsParquet = path;
        this.groupsInOrder = inOrder;
      }
    }
  }

  /**
   * NPI filter, after loading: drops the provider rows of the groups it rejected that were only known
   * at the end (references after `in_network`), then the prices no group is left for.
   */
  async dropUnwanted(groupKeys: readonly number[]): Promise<void> {
    if (this.parts !== undefined) {
      await this.parts.dropUnwanted(groupKeys);
      return;
    }
    // Our own integer keys: safe to write into the statement, in slices of a readable size.
    for (let at = 0; at < groupKeys.length; at += 10_000) {
      const slice = groupKeys.slice(at, at + 10_000).map((key) => Math.trunc(key));
      await this.connection.run(
        `DELETE FROM rate_providers WHERE file_id = ${this.fileId} AND group_key IN (${slice.join(", ")})`,
      );
    }
    await this.connection.run(
      `DELETE FROM rate_prices p WHERE p.file_id = ${this.fileId} AND NOT EXISTS (
         SELECT 1 FROM rate_providers v WHERE v.file_id = p.file_id AND v.item_index = p.item_index AND v.rate_index = p.rate_index)`,
    );
  }

  /** Closes open staging files and appenders after a failure (the transaction rollback discards the rows). */
  async abandon(): Promise<void> {
    for (const file of this.fds.values()) closeSync(file.fd);
    this.fds.clear();
    await this.inflight.catch(() => undefined);
    await this.parts?.abandon();
    for (const appender of [this.prices, this.providers]) {
      try {
        appender?.close();
      } catch {
        // The rollback that follows discards whatever the appender held.
      }
    }
    this.prices = undefined;
    this.providers = undefined;
  }

  private loadSql(kind: StageKind, path: string): string {
    return `INSERT INTO ${TABLES[kind]} BY NAME ${this.selectSql(kind, readCsv(path, COLUMNS[kind]))}`;
  }

  /**
   * The rows of a staged file as the table's columns (lists parsed from their JSON text; a
   * provider's NPIs unnested, one row each).
   */
  private selectSql(kind: StageKind, source: string): string {
    // NPIs are written as `[digits,…]` or `[null]` only: DuckDB's list cast reads them the same as
    // from_json, with ~20 % less CPU for the whole load (1 M NPI rows: 196 → 153 ms).
    const columns = Object.keys(COLUMNS[kind]).map((name) =>
      name === "npis"
        ? "unnest(npis::BIGINT[]) AS npi"
        : LIST_COLUMNS.has(name)
          ? `from_json(${name}, '["VARCHAR"]') AS ${name}`
          : name,
    );
    return `SELECT ${this.fileId} AS file_id, ${columns.join(", ")} FROM ${source}`;
  }
}
