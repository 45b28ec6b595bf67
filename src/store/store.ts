import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { resolve } from "node:path";
import { StoreBusyError } from "../errors.js";
import { attachReference, defineFolderViews, ensureStoreFolder } from "./folder-views.js";
import { fileStamp, folderPaths, isFolderStore } from "./store-folder.js";
import { ensureSchema } from "./schema.js";

export { defaultStorePath } from "./default-store-path.js";

/**
 * An open store: a store folder (`store-folder.ts`: immutable units read through views, many readers
 * and writers at once), or a single DuckDB file or `:memory:` (tests, scratch databases, stores of
 * earlier releases). Connections are handed out by `withConnection` and released in `finally`;
 * `close` releases the instance.
 */
export class Store {
  private referenceStamp: string | undefined;
  private refreshing: Promise<void> | undefined;

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    /** The store folder, when this is one (its TiC tables are then read-only views). */
    readonly folder?: string,
  ) {}

  /** Opens (creating if needed) the store at `path` and brings its schema up to date. */
  static async open(
    path: string,
    options: { threads?: number; memoryLimit?: string } = {},
  ): Promise<Store> {
    if (isFolderStore(path)) return Store.openFolder(path, options);
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, {
        threads: String(options.threads ?? 2),
        memory_limit: options.memoryLimit ?? "4GB",
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
      await store.withConnection((connection) => defineFolderViews(connection, path));
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

  /** Runs `work` on a new connection and always disconnects it afterwards. */
  async withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.folder !== undefined) await this.refreshReference();
    const connection = await this.instance.connect();
    try {
      return await work(connection);
    } finally {
      connection.disconnectSync();
    }
  }

  /**
   * Runs `work` inside one transaction: committed if it resolves, rolled back if it throws, so a
   * failed load leaves nothing of itself behind.
   */
  async transaction<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.withConnection(async (connection) => {
      await connection.run("BEGIN TRANSACTION");
      try {
        const result = await work(connection);
        await connection.run("COMMIT");
        return result;
      } catch (error) {
        await connection.run("ROLLBACK");
        throw error;
      }
    });
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
