/**
 * A small pool of DuckDB connections for the store's readers. Connecting costs a round trip into
 * DuckDB and a fresh client context per request; a server answering many requests reuses a few
 * connections instead. Idle connections are kept up to `size` (the cores: DuckDB already spreads
 * one query over them, so more idle connections buy nothing). More callers than that at once get an
 * extra connection, disconnected when released: a hard cap would deadlock a caller that holds one
 * connection and asks for another (bounding concurrent work is `requestLimiter`'s job in the server).
 *
 * A connection goes back clean: a failed caller's open transaction is rolled back, and temporary
 * tables and views are dropped when the caller's SQL named any (benchmarks and diffs write TEMP
 * tables, which would otherwise hold memory while the connection idles). Callers get the pooled
 * connection behind a proxy that notices such SQL: listing the temporary objects after every
 * caller cost more CPU than connecting afresh (0.6 ms against 0.2 ms), so it runs only then.
 * `refresh()` starts a new generation when the store changes: idle connections of the old one are
 * disconnected at once, leased ones when they come back.
 */
import type { DuckDBConnection } from "@duckdb/node-api";

/** Counters for tests and diagnostics. */
export interface PoolStats {
  /** Connections opened so far. */
  created: number;
  /** Leases served by an idle connection. */
  reused: number;
  /** Connections disconnected (overflow, stale generation, failed cleanup, close). */
  discarded: number;
  idle: number;
  leased: number;
  generation: number;
}

interface Pooled {
  /** What callers get: the connection behind a proxy that sets `temporary` (see `watched`). */
  connection: DuckDBConnection;
  raw: DuckDBConnection;
  generation: number;
  /** The caller's SQL mentioned TEMP / TEMPORARY: list and drop temporary objects on return. */
  temporary: boolean;
}

const TEMPORARY_SQL = /\btemp(orary)?\b/i;

/**
 * The connection as callers see it: every method works as on the connection itself, and any SQL
 * text passed to one (run, prepare, stream …) that mentions TEMP marks the lease for cleaning.
 */
function watched(raw: DuckDBConnection, lease: { temporary: boolean }): DuckDBConnection {
  return new Proxy(raw, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== "function") return value;
      return (...args: unknown[]): unknown => {
        if (typeof args[0] === "string" && TEMPORARY_SQL.test(args[0])) lease.temporary = true;
        return (value as (...values: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** Temporary tables and views of the connection that asks (the temp catalog is per connection). */
const TEMP_OBJECTS_SQL = `
SELECT 'TABLE' AS kind, table_name AS name FROM duckdb_tables() WHERE temporary
UNION ALL
SELECT 'VIEW', view_name FROM duckdb_views() WHERE temporary AND NOT internal`;

export class ConnectionPool {
  private readonly idle: Pooled[] = [];
  private generation = 0;
  private leased = 0;
  private created = 0;
  private reused = 0;
  private discarded = 0;
  private closed = false;

  constructor(
    private readonly connect: () => Promise<DuckDBConnection>,
    /** Idle connections kept (at least 1). */
    readonly size: number,
  ) {
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(`a connection pool keeps at least one connection, got ${size}`);
    }
  }

  get stats(): PoolStats {
    return {
      created: this.created,
      reused: this.reused,
      discarded: this.discarded,
      idle: this.idle.length,
      leased: this.leased,
      generation: this.generation,
    };
  }

  /** Runs `work` on a pooled connection and returns the connection in `finally`, cleaned. */
  async use<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const lease = await this.acquire();
    let failed = false;
    try {
      return await work(lease.connection);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      await this.release(lease, failed);
    }
  }

  /** Drops every idle connection and marks leased ones to be dropped when they come back. */
  refresh(): void {
    this.generation++;
    for (const pooled of this.idle.splice(0)) this.disconnect(pooled);
  }

  /** Disconnects the idle connections; leased ones are disconnected as they are released. */
  close(): void {
    this.closed = true;
    this.refresh();
  }

  private async acquire(): Promise<Pooled> {
    if (this.closed) throw new Error("the store is closed");
    this.leased++;
    const pooled = this.idle.pop();
    if (pooled !== undefined) {
      this.reused++;
      return pooled;
    }
    try {
      const raw = await this.connect();
      this.created++;
      const pooled: Pooled = {
        connection: raw,
        raw,
        generation: this.generation,
        temporary: false,
      };
      pooled.connection = watched(raw, pooled);
      return pooled;
    } catch (error) {
      this.leased--;
      throw error;
    }
  }

  private async release(pooled: Pooled, failed: boolean): Promise<void> {
    this.leased--;
    if (!this.keeps(pooled)) {
      this.disconnect(pooled);
      return;
    }
    try {
      await clean(pooled.raw, failed, pooled.temporary);
      pooled.temporary = false;
    } catch {
      // A connection that cannot be cleaned is not handed to anyone else.
      this.disconnect(pooled);
      return;
    }
    // Checked again: a refresh or close may have happened while cleaning.
    if (!this.keeps(pooled)) {
      this.disconnect(pooled);
      return;
    }
    this.idle.push(pooled);
  }

  /** True when a returned connection goes back to the idle list (current generation, room left). */
  private keeps(pooled: Pooled): boolean {
    return !this.closed && pooled.generation === this.generation && this.idle.length < this.size;
  }

  private disconnect(pooled: Pooled): void {
    this.discarded++;
    pooled.raw.disconnectSync();
  }
}

/** Leaves a connection as a new one would be: no open transaction, no temporary objects. */
async function clean(
  connection: DuckDBConnection,
  failed: boolean,
  temporary: boolean,
): Promise<void> {
  if (failed) {
    // The caller may have failed inside its own BEGIN … COMMIT; without a transaction open this
    // statement fails harmlessly ("no transaction is active").
    await connection.run("ROLLBACK").catch(() => undefined);
  }
  if (!temporary) return;
  const temp = (await connection.runAndReadAll(TEMP_OBJECTS_SQL)).getRows();
  for (const [kind, name] of temp) {
    await connection.run(
      `DROP ${String(kind)} IF EXISTS temp.main."${String(name).replaceAll('"', '""')}"`,
    );
  }
}
