import type { DuckDBConnection } from "@duckdb/node-api";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ingestFileUnit } from "../ingest/ingest-file-unit.js";
import { ConnectionPool } from "./connection-pool.js";
import { Store } from "./store.js";

const fixture = (name: string): string =>
  join(import.meta.dirname, "../sources/tic/fixtures", name);

async function count(store: Store, sql: string): Promise<number> {
  return store.withConnection(async (connection) => {
    const rows = (await connection.runAndReadAll(sql)).getRows();
    return Number(rows[0]?.[0]);
  });
}

describe("Store readers share a pool of DuckDB connections", () => {
  let store: Store;
  beforeEach(async () => {
    store = await Store.memory();
  });
  afterEach(() => {
    store.close();
  });

  it("hands the same connection to consecutive readers instead of connecting again", async () => {
    const seen: DuckDBConnection[] = [];
    const before = store.poolStats;
    for (let i = 0; i < 5; i++) {
      await store.withConnection(async (connection) => {
        seen.push(connection);
        await connection.run("SELECT 1");
      });
    }
    expect(new Set(seen).size).toBe(1);
    const after = store.poolStats;
    expect(after.created - before.created).toBeLessThanOrEqual(1);
    expect(after.reused - before.reused).toBeGreaterThanOrEqual(4);
    expect(after).toMatchObject({ leased: 0, idle: 1 });
  });

  it("keeps at most one idle connection per core; a burst beyond that gets extra ones, closed after", async () => {
    const burst = availableParallelism() + 3;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const leases = Array.from({ length: burst }, () =>
      store.withConnection(async (connection) => {
        await gate;
        return connection;
      }),
    );
    // Every caller holds its connection until the gate opens: no caller waits for another.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(store.poolStats.leased).toBe(burst);
    release();
    const connections = await Promise.all(leases);
    expect(new Set(connections).size).toBe(burst);
    expect(store.poolStats).toMatchObject({ leased: 0, idle: availableParallelism() });
  });

  it("takes back the connection of a failing query, usable by the next reader", async () => {
    let failed: DuckDBConnection | undefined;
    await expect(
      store.withConnection(async (connection) => {
        failed = connection;
        await connection.run("SELECT * FROM no_such_table");
      }),
    ).rejects.toThrow(/no_such_table/);
    expect(store.poolStats).toMatchObject({ leased: 0, idle: 1 });
    const next = await store.withConnection(async (connection) => {
      expect(connection).toBe(failed);
      return Number((await connection.runAndReadAll("SELECT 41 + 1")).getRows()[0]?.[0]);
    });
    expect(next).toBe(42);
  });

  it("rolls back a transaction its caller left open by failing, before lending the connection again", async () => {
    await expect(
      store.withConnection(async (connection) => {
        await connection.run("BEGIN TRANSACTION");
        await connection.run("CREATE TABLE half_done (n INTEGER)");
        await connection.run("SELECT * FROM no_such_table");
      }),
    ).rejects.toThrow(/no_such_table/);
    expect(
      await count(store, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'half_done'"),
    ).toBe(0);
    // The reused connection is in autocommit again: its writes are seen by other connections.
    await store.withConnection((connection) => connection.run("CREATE TABLE done (n INTEGER)"));
    expect(
      await count(store, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'done'"),
    ).toBe(1);
  });

  it("drops a reader's temporary tables and views when it returns the connection", async () => {
    await store.withConnection(async (connection) => {
      await connection.run("CREATE TEMP TABLE scratch AS SELECT range AS n FROM range(1000)");
      await connection.run("CREATE TEMP VIEW scratch_view AS SELECT 1 AS n");
    });
    await store.withConnection(async (connection) => {
      const prepared = await connection.prepare(
        "CREATE TEMPORARY TABLE prepared_scratch AS SELECT $1::INTEGER AS n",
      );
      prepared.bindInteger(1, 7);
      await prepared.run();
    });
    expect(
      await count(
        store,
        "SELECT (SELECT count(*) FROM duckdb_tables() WHERE temporary) + (SELECT count(*) FROM duckdb_views() WHERE temporary AND NOT internal)",
      ),
    ).toBe(0);
    expect(store.poolStats.reused).toBeGreaterThan(0);
  });

  it("starts afresh after a committed transaction (the store changed)", async () => {
    const first = await store.withConnection((connection) => Promise.resolve(connection));
    const generation = store.poolStats.generation;
    await store.transaction((connection) => connection.run("CREATE TABLE t (n INTEGER)"));
    expect(store.poolStats.generation).toBe(generation + 1);
    const second = await store.withConnection((connection) => Promise.resolve(connection));
    expect(second).not.toBe(first);
  });
});

describe("a store folder's reader pool", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ratelens-pool-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("is refreshed when a unit is published, and the readers see the new rates", async () => {
    const root = join(dir, "test.store");
    const reader = await Store.open(root);
    try {
      expect(await count(reader, "SELECT count(*) FROM rates")).toBe(0);
      const before = reader.poolStats;
      const kept = await reader.withConnection((connection) => Promise.resolve(connection));
      expect(reader.poolStats.generation).toBe(before.generation);

      await ingestFileUnit(root, fixture("pretty-printed-crlf.json"), {
        offline: true,
        cacheDir: join(dir, "cache"),
        workers: 0,
      });

      const fresh = await reader.withConnection((connection) => Promise.resolve(connection));
      expect(fresh).not.toBe(kept);
      expect(reader.poolStats.generation).toBe(before.generation + 1);
      expect(await count(reader, "SELECT count(*) FROM rates")).toBe(4);
      // Unchanged since: the same generation, the connection reused.
      const again = await reader.withConnection((connection) => Promise.resolve(connection));
      expect(again).toBe(fresh);
    } finally {
      reader.close();
    }
  });
});

describe("ConnectionPool", () => {
  it("refuses a pool of no connections", () => {
    expect(() => new ConnectionPool(() => Promise.reject(new Error("unused")), 0)).toThrow(
      RangeError,
    );
  });

  it("does not count a lease whose connect failed", async () => {
    const pool = new ConnectionPool(() => Promise.reject(new Error("cannot connect")), 2);
    await expect(pool.use(() => Promise.resolve(1))).rejects.toThrow("cannot connect");
    expect(pool.stats).toMatchObject({ leased: 0, idle: 0, created: 0 });
  });

  it("disconnects a connection released after a refresh instead of keeping it", async () => {
    const store = await Store.memory();
    try {
      let during: DuckDBConnection | undefined;
      const before = store.poolStats;
      await store.withConnection(async (connection) => {
        during = connection;
        await store.transaction((c) => c.run("CREATE TABLE u (n INTEGER)"));
      });
      expect(store.poolStats.discarded).toBeGreaterThan(before.discarded);
      const after = await store.withConnection((connection) => Promise.resolve(connection));
      expect(after).not.toBe(during);
    } finally {
      store.close();
    }
  });
});
