import type { DuckDBConnection } from "@duckdb/node-api";
import { DuckDBInstance } from "./duckdb-api.js";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { StoreBusyError } from "../errors.js";
import { ConnectionPool, type PoolStats } from "./connection-pool.js";
import {
  attachReference,
  defineFolderViews,
  defineUnitViews,
  ensureStoreFolder,
} from "./folder-views.js";
import { readMergedLayout } from "./merged-units.js";
import { fileStamp, folderPaths, folderVersion, isFolderStore } from "./store-folder.js";
import { ensureSchema } from "./schema.js";

export { defaultStorePath } from "./default-store-path.js";

/**
 * An open store: a store folder (`store-folder.ts`: immutable units read through views, many readers
 * and writers at once), or a single DuckDB file or `:memory:` (tests, scratch databases, stores of
 * earlier releases). Readers' connections come from a pool (`connection-pool.ts`) through
 * `withConnection`, returned in `finally`; the pool starts afresh when the store changes (a unit
 * published, the reference database replaced, a transaction committed). `close` releases the
 * instance.
 */
export class Store {
  private referenceStamp: string | undefined;
  private refreshing: Promise<void> | undefined;
  private version: string | undefined;
  /** The merged-unit layout the views were made from (`merged-units.ts`). */
  private layoutKey: string | undefined;
  private redefining: Promise<void> = Promise.resolve();
  private readonly pool: ConnectionPool;

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    /** The store folder, when this is one (its TiC tables are then read-only views). */
    readonly folder?: string,
  ) {
    this.pool = new ConnectionPool(() => instance.connect(), availableParallelism());
  }

  /** Opens (creating if needed) the store at `path` and brings its schema up to date. */
  static async open(
    path: string,
    options: { threads?: number; memoryLimit?: string; tempDirectory?: string } = {},
  ): Promise<Store> {
    if (isFolderStore(path)) return Store.openFolder(path, options);
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, {
        threads: String(options.threads ?? 2),
        memory_limit: options.memoryLimit ?? "4GB",
        ...(options.tempDirectory === undefined ? {} : { temp_directory: options.tempDirectory }),
      });
    } catch (error) {
      throw storeBusy(path, error) ?? error;
    }
    const store = new Store(path, instance);
    try {
      await store.withConnection(ensureSchema);
    } catch (error) {
      instance.closeSync();
      throw error;
    }
    return store;
  }

  /** Opens a store folder for reading (and for `ingestFiles`, which writes units beside it). */
  private static async openFolder(
    path: string,
    options: { threads?: number; memoryLimit?: string },
  ): Promise<Store> {
    await ensureStoreFolder(path);
    const instance = await DuckDBInstance.create(":memory:", {
      threads: String(options.threads ?? 2),
      memory_limit: options.memoryLimit ?? "4GB",
    });
    const store = new Store(path, instance, resolve(path));
    try {
      store.referenceStamp = await fileStamp(folderPaths(path).reference);
      store.version = await folderVersion(path);
      const layout = await readMergedLayout(path);
      store.layoutKey = layout.key;
      await store.withConnection((connection) => defineFolderViews(connection, path, layout));
    } catch (error) {
      instance.closeSync();
      throw storeBusy(path, error) ?? error;
    }
    return store;
  }

  /** A fresh in-memory store; every test gets its own. */
  static async memory(): Promise<Store> {
    return Store.open(":memory:");
  }

  /**
   * Runs `work` on a pooled connection and returns it to the pool afterwards, failed or not. `work`
   * must not keep session state it needs later: temporary objects are dropped on return.
   */
  async withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.folder !== undefined) await this.refreshFolder();
    return this.pool.use(work);
  }

  /** The reader pool's counters (tests, diagnostics). */
  get poolStats(): PoolStats {
    return this.pool.stats;
  }

  /**
   * Runs `work` inside one transaction on a connection of its own (not pooled: a load holds it for
   * minutes and sets session options): committed if it resolves, rolled back if it throws, so a
   * failed load leaves nothing of itself behind. A commit changes the store: the pool starts afresh.
   */
  async transaction<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.folder !== undefined) await this.refreshFolder();
    const connection = await this.instance.connect();
    try {
      await connection.run("BEGIN TRANSACTION");
      let result: T;
      try {
        result = await work(connection);
        await connection.run("COMMIT");
      } catch (error) {
        await connection.run("ROLLBACK");
        throw error;
      }
      this.pool.refresh();
      return result;
    } finally {
      connection.disconnectSync();
    }
  }

  /**
   * A store folder changes under a running reader when a unit is published, units are merged or the
   * reference database is replaced: re-attach the reference database if it changed, make the
   * tables' views again if the merged units changed, and start the pool afresh.
   */
  private async refreshFolder(): Promise<void> {
    const folder = this.folder;
    if (folder === undefined) return;
    await this.refreshReference();
    const version = await folderVersion(folder);
    if (version === this.version) return;
    this.version = version;
    await this.refreshViews(folder);
    this.pool.refresh();
  }

  /** Makes the TiC views again when the merged units (or the units they replace) changed. */
  private refreshViews(folder: string): Promise<void> {
    // One at a time: two queries noticing the same change must not redefine the views together.
    this.redefining = this.redefining
      .catch(() => undefined)
      .then(async () => {
        const layout = await readMergedLayout(folder);
        if (layout.key === this.layoutKey) return;
        const connection = await this.instance.connect();
        try {
          await defineUnitViews(connection, folder, layout);
          this.layoutKey = layout.key;
        } finally {
          connection.disconnectSync();
        }
      });
    return this.redefining;
  }

  /**
   * A store folder's reference database is replaced whole by each import (copy, then rename): when
   * it has changed since it was attached, attach the new one, so a running server sees the import.
   */
  private async refreshReference(): Promise<void> {
    const folder = this.folder;
    if (folder === undefined) return;
    if (this.refreshing !== undefined) return this.refreshing;
    const stamp = await fileStamp(folderPaths(folder).reference);
    if (stamp === this.referenceStamp) return;
    this.refreshing = (async () => {
      const connection = await this.instance.connect();
      try {
        await attachReference(connection, folder);
        this.referenceStamp = stamp;
      } finally {
        connection.disconnectSync();
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  /** Releases the database; the file is checkpointed by DuckDB on close. */
  close(): void {
    this.pool.close();
    this.instance.closeSync();
  }
}

/**
 * DuckDB's lock conflict ("Could not set lock on file … Conflicting lock is held in … (PID n)") as a
 * `StoreBusyError` that names the holder and says what to do; undefined for any other error.
 */
export function storeBusy(path: string, error: unknown): StoreBusyError | undefined {
  const message = error instanceof Error ? error.message : String(error);
  if (!/Could not set lock on file/i.test(message)) return undefined;
  const holder = /held in (.+?) \(PID (\d+)\)/.exec(message);
  const who = holder === null ? "another process" : `process ${holder[2]} (${holder[1]})`;
  return new StoreBusyError(
    `the store ${path} is in use by ${who}: a store file takes one writer at a time. ` +
      "Stop that process (a running `ratelens serve` or ingest), wait for it to finish, or use a store folder " +
      "(`--db DIR`, the default), which readers and ingests share",
    { cause: error },
  );
}
