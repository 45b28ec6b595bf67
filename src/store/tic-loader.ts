import type { DuckDBConnection } from "@duckdb/node-api";
import { closeSync, openSync, writeSync, writevSync } from "node:fs";
import { join } from "node:path";
import { ALLOWED_CSV_COLUMNS } from "../normalize/tic/allowed-amount-item.js";
import { RATE_CSV_COLUMNS } from "../normalize/tic/in-network-item.js";
import { splitListSql } from "../normalize/tic/csv-fields.js";
import { GROUP_CSV_COLUMNS } from "../normalize/tic/provider-groups.js";
import { jsonRatesInsert, jsonStageLine, JsonFastPathError, sqlString } from "./tic-json-load.js";

/** Staging file kinds; each is loaded by its own SQL. */
type StageKind = "rates" | "pending" | "groups" | "bases" | "refs" | "allowed";

const REF_COLUMNS = { ref_id: "VARCHAR", written_id: "VARCHAR", group_key: "INTEGER", keep: "BOOLEAN" } as const;
const BASE_COLUMNS = { batch_seq: "INTEGER", base: "INTEGER" } as const;

const COLUMNS: Readonly<Record<StageKind, Readonly<Record<string, string>>>> = {
  rates: RATE_CSV_COLUMNS,
  pending: RATE_CSV_COLUMNS,
  groups: GROUP_CSV_COLUMNS,
  bases: BASE_COLUMNS,
  refs: REF_COLUMNS,
  allowed: ALLOWED_CSV_COLUMNS,
};

/** Loads of the small tables go first: the rates and groups loads join on them. */
const LOAD_ORDER: readonly StageKind[] = ["bases", "refs", "groups", "pending", "rates", "allowed"];

const FLUSH_BYTES = 24 << 20;
const JSON_CHUNK_BYTES = 16 << 20;

function readCsv(path: string, columns: Readonly<Record<string, string>>): string {
  const spec = Object.entries(columns)
    .map(([name, type]) => `${sqlString(name)}: ${sqlString(type)}`)
    .join(", ");
  return `read_csv(${sqlString(path)}, columns = {${spec}}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', allow_quoted_nulls = false, parallel = true)`;
}

const RATE_TABLE_COLUMNS = `file_id, item_index, rate_index, price_index, billing_code_type, billing_code_type_version, billing_code,
  negotiation_arrangement, group_key, provider_group_id, negotiated_type, rate_unit, negotiated_rate, billing_class, setting,
  service_codes, billing_code_modifiers, expiration_date, additional_information`;

/**
 * The SELECT that turns staged price lines (CSV or the pending table) into `rates` rows: one per
 * price × provider group, the inline group (NULL element) first, then each referenced id.
 */
function ratesSelect(fileId: number, source: string): string {
  return `SELECT ${fileId}, s.item_index, s.rate_index, s.price_index, s.billing_code_type, s.billing_code_type_version,
      s.billing_code, s.negotiation_arrangement,
      CASE WHEN s.ref_id IS NULL THEN s.inline_key + b.base ELSE m.group_key END,
      CASE WHEN s.ref_id IS NULL THEN NULL ELSE coalesce(m.written_id, s.ref_id) END,
      s.negotiated_type, s.rate_unit, s.negotiated_rate, s.billing_class, s.setting,
      ${splitListSql("s.service_codes")}, ${splitListSql("s.billing_code_modifiers")},
      s.expiration_date, s.additional_information
    FROM (
      SELECT *, unnest(CASE WHEN inline_key IS NULL THEN string_split(ref_ids, ' ')
                            ELSE list_prepend(NULL::VARCHAR, coalesce(string_split(ref_ids, ' '), [])) END) AS ref_id
      FROM ${source}
    ) s
    LEFT JOIN tic_batch_bases b ON b.batch_seq = s.batch_seq
    LEFT JOIN tic_ref_map m ON m.ref_id = s.ref_id
    WHERE s.ref_id IS NULL OR m.keep`;
}

/**
 * Bulk loader for one TiC file, inside the caller's transaction. Normalised rows arrive as CSV bytes
 * (built in the parse workers); they are written to staging files in a private temp folder and
 * loaded by DuckDB's parallel CSV reader with `INSERT … SELECT`, which also resolves provider-group
 * keys by joining the small reference map. A load runs while the next staging file fills.
 *
 * Rates whose references are not yet known (references after `in_network`) go to a temporary
 * `tic_pending` table and are resolved by `finish()`.
 */
export class TicLoader {
  private readonly fds = new Map<StageKind, { fd: number; path: string; bytes: number }>();
  private serial = 0;
  private inflight: Promise<void> = Promise.resolve();
  private hasPending = false;
  private json: { fd: number; path: string; bytes: number } | undefined;
  private readonly heldJson: string[] = [];
  private jsonReady = false;
  /** Set when a JSON staging file is full: the caller should `flush()` at its next await. */
  jsonFull = false;

  constructor(
    private readonly connection: DuckDBConnection,
    private readonly fileId: number,
    private readonly directory: string,
  ) {}

  /** Creates the temporary tables (per connection, so per file). */
  async prepare(): Promise<void> {
    // Row order carries no meaning (every row has its positions); not preserving it lets the JSON and
    // CSV loads stream within a small memory limit. Session-scoped: this connection only.
    await this.connection.run("SET SESSION preserve_insertion_order = false");
    const columns = (spec: Readonly<Record<string, string>>): string =>
      Object.entries(spec)
        .map(([name, type]) => `${name} ${type}`)
        .join(", ");
    await this.connection.run(`CREATE OR REPLACE TEMP TABLE tic_ref_map (${columns(REF_COLUMNS)})`);
    await this.connection.run(`CREATE OR REPLACE TEMP TABLE tic_batch_bases (${columns(BASE_COLUMNS)})`);
    await this.connection.run(`CREATE OR REPLACE TEMP TABLE tic_pending (${columns(RATE_CSV_COLUMNS)})`);
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
    if (kind === "pending") this.hasPending = true;
    if (file.bytes >= FLUSH_BYTES) await this.flush();
  }

  /** Stages one raw in-network item for DuckDB's JSON reader (the fast path). Synchronous. */
  addJsonItem(itemIndex: number, bytes: Buffer): void {
    if (this.json === undefined) {
      const path = join(this.directory, `items-${this.serial++}.ndjson`);
      this.json = { fd: openSync(path, "w"), path, bytes: 0 };
    }
    this.json.bytes += writevSync(this.json.fd, jsonStageLine(itemIndex, bytes));
    if (this.json.bytes >= JSON_CHUNK_BYTES) {
      this.closeJson();
      this.jsonFull = this.jsonReady;
    }
  }

  /** The reference map is complete: staged JSON items may now be loaded. */
  setJsonReady(): void {
    this.jsonReady = true;
    this.jsonFull = this.heldJson.length > 0;
  }

  private closeJson(): void {
    if (this.json === undefined) return;
    closeSync(this.json.fd);
    this.heldJson.push(this.json.path);
    this.json = undefined;
  }

  /** Loads every staged file (waits for the previous load first; does not wait for this one). */
  async flush(): Promise<void> {
    this.jsonFull = false;
    await this.inflight;
    const files = LOAD_ORDER.flatMap((kind) => {
      const file = this.fds.get(kind);
      if (file === undefined) return [];
      closeSync(file.fd);
      this.fds.delete(kind);
      return [{ kind, path: file.path }];
    });
    const jsonFiles = this.jsonReady ? this.heldJson.splice(0) : [];
    if (files.length === 0 && jsonFiles.length === 0) return;
    this.inflight = (async () => {
      for (const { kind, path } of files) await this.connection.run(this.loadSql(kind, path));
      for (const path of jsonFiles) {
        try {
          await this.connection.run(jsonRatesInsert(this.fileId, path, RATE_TABLE_COLUMNS));
        } catch (error) {
          throw new JsonFastPathError(error instanceof Error ? error.message : String(error), { cause: error });
        }
      }
    })();
    // Surface a failure at the next await, and never leave a rejection unhandled meanwhile.
    this.inflight.catch(() => undefined);
  }

  /** Loads everything, then resolves the pending rates against the (now complete) reference map. */
  async finish(): Promise<void> {
    this.closeJson();
    this.jsonReady = true;
    await this.flush();
    await this.inflight;
    if (this.hasPending) {
      await this.connection.run(`INSERT INTO rates (${RATE_TABLE_COLUMNS}) ${ratesSelect(this.fileId, "tic_pending")}`);
      await this.connection.run("DELETE FROM tic_pending");
      this.hasPending = false;
    }
  }

  /**
   * Reference ids used by loaded rates but absent from the reference map (no root entry at all):
   * the JSON fast path does not see ids before loading, so they are found here.
   */
  async unlistedReferences(): Promise<string[]> {
    const rows = (
      await this.connection.runAndReadAll(
        `SELECT DISTINCT r.provider_group_id AS id FROM rates r WHERE r.file_id = ${this.fileId} AND r.group_key IS NULL
           AND r.provider_group_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM tic_ref_map m WHERE m.ref_id = r.provider_group_id OR m.written_id = r.provider_group_id)
         ORDER BY 1`,
      )
    ).getRowObjectsJson();
    return rows.map((row) => (typeof row.id === "string" ? row.id : JSON.stringify(row.id)));
  }

  /** Closes open staging files after a failure (the transaction rollback discards the rows). */
  async abandon(): Promise<void> {
    for (const file of this.fds.values()) closeSync(file.fd);
    this.fds.clear();
    if (this.json !== undefined) closeSync(this.json.fd);
    this.json = undefined;
    await this.inflight.catch(() => undefined);
  }

  private loadSql(kind: StageKind, path: string): string {
    const source = readCsv(path, COLUMNS[kind]);
    switch (kind) {
      case "bases":
        return `INSERT INTO tic_batch_bases SELECT * FROM ${source}`;
      case "refs":
        return `INSERT INTO tic_ref_map SELECT * FROM ${source}`;
      case "pending":
        return `INSERT INTO tic_pending SELECT * FROM ${source}`;
      case "groups":
        return `INSERT INTO provider_groups (file_id, group_key, provider_group_id, npi, tin_type, tin_value, network_names) SELECT ${this.fileId}, coalesce(g.group_key, g.inline_key + b.base), g.provider_group_id, g.npi,
            g.tin_type, g.tin_value, from_json(g.network_names, '["VARCHAR"]')
          FROM ${source} g LEFT JOIN tic_batch_bases b ON b.batch_seq = g.batch_seq`;
      case "rates":
        return `INSERT INTO rates (${RATE_TABLE_COLUMNS}) ${ratesSelect(this.fileId, source)}`;
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
