import type { DuckDBConnection } from "@duckdb/node-api";
import { closeSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { ALLOWED_CSV_COLUMNS } from "../normalize/tic/allowed-amount-item.js";
import { RATE_ITEM_CSV_COLUMNS } from "../normalize/tic/in-network-item.js";
import { GROUP_CSV_COLUMNS } from "../normalize/tic/provider-groups.js";
import type { PriceColumns } from "../normalize/tic/rate-columns.js";
import { RATE_TERM_CSV_COLUMNS } from "../normalize/tic/rate-terms.js";
import { ColumnAppender } from "./column-appender.js";
import type { RateParts } from "./rate-parts.js";
import { sqlString } from "./sql-string.js";

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

const FLUSH_BYTES = 24 << 20;

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
 */
export class TicLoader {
  private readonly fds = new Map<StageKind, { fd: number; path: string; bytes: number }>();
  private serial = 0;
  private inflight: Promise<void> = Promise.resolve();
  private prices: ColumnAppender | undefined;
  private providers: ColumnAppender | undefined;

  /** `parts`: a store folder's unit writer, which takes the rate rows instead of this connection's tables. */
  constructor(
    private readonly connection: DuckDBConnection,
    private readonly fileId: number,
    private readonly directory: string,
    private readonly parts?: RateParts,
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
    let file = this.fds.get(kind);
    if (file === undefined) {
      const path = join(this.directory, `${kind}-${this.serial++}.csv`);
      file = { fd: openSync(path, "w"), path, bytes: 0 };
      this.fds.set(kind, file);
    }
    file.bytes += typeof csv === "string" ? writeSync(file.fd, csv) : writeSync(file.fd, csv);
    if (file.bytes >= FLUSH_BYTES) await this.flush();
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

  /** Loads everything and closes the appenders (their rows enter the transaction). */
  async finish(): Promise<void> {
    await this.flush();
    await this.inflight;
    await this.parts?.finish();
    this.prices?.close();
    this.providers?.close();
    this.prices = undefined;
    this.providers = undefined;
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
    const source = readCsv(path, COLUMNS[kind]);
    switch (kind) {
      case "keys":
        return `INSERT INTO group_refs (file_id, group_key, provider_group_id, resolved) SELECT ${this.fileId}, * FROM ${source}`;
      case "items":
        return `INSERT INTO rate_items (file_id, item_index, billing_code_type, billing_code_type_version, billing_code, negotiation_arrangement)
          SELECT ${this.fileId}, * FROM ${source}`;
      case "terms":
        return `INSERT INTO rate_terms (file_id, term_id, negotiated_type, rate_unit, billing_class, setting, service_codes, billing_code_modifiers,
            expiration_date, additional_information)
          SELECT ${this.fileId}, t.term_id, t.negotiated_type, t.rate_unit, t.billing_class, t.setting, from_json(t.service_codes, '["VARCHAR"]'),
            from_json(t.billing_code_modifiers, '["VARCHAR"]'), t.expiration_date, t.additional_information
          FROM ${source} t`;
      case "groups":
        return `INSERT INTO provider_groups (file_id, group_key, provider_group_id, npi, tin_type, tin_value, network_names) SELECT ${this.fileId}, g.group_key, g.provider_group_id, g.npi,
            g.tin_type, g.tin_value, from_json(g.network_names, '["VARCHAR"]')
          FROM ${source} g`;
      case "allowed":
        return `INSERT INTO allowed_amounts (file_id, item_index, amount_index, payment_index, provider_index, billing_code_type,
            billing_code_type_version, billing_code, tin_type, tin_value, service_codes, billing_class, setting, allowed_amount,
            billing_code_modifiers, npi, billed_charge)
          SELECT ${this.fileId}, a.item_index, a.amount_index, a.payment_index, a.provider_index, a.billing_code_type,
            a.billing_code_type_version, a.billing_code, a.tin_type, a.tin_value, from_json(a.service_codes, '["VARCHAR"]'),
            a.billing_class, a.setting, a.allowed_amount, from_json(a.billing_code_modifiers, '["VARCHAR"]'), a.npi, a.billed_charge
          FROM ${source} a`;
    }
  }
}
