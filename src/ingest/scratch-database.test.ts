import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ScratchDatabase } from "./scratch-database.js";

async function count(scratch: ScratchDatabase, sql: string): Promise<number> {
  return scratch.store.withConnection(async (connection) =>
    Number((await connection.runAndReadAll(sql)).getRowObjectsJson()[0]?.n),
  );
}

describe("ScratchDatabase", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "ratelens-scratch-"));
  });
  afterEach(async () => {
    // Whatever a test kept is taken and closed, so the next test starts without one.
    const left = await ScratchDatabase.open("64MB", 2, join(dir, "last"));
    await left.release(false);
    await rm(dir, { recursive: true, force: true });
  });

  it("is kept after a clean file and comes back empty, the last file's rate parts gone", async () => {
    const first = await ScratchDatabase.open("64MB", 2, join(dir, "a"));
    await first.store.withConnection(async (connection) => {
      await connection.run(
        "INSERT INTO rate_items VALUES (1, 0, 'CPT', NULL, '64490', 'ffs'), (1, 1, 'CPT', NULL, '64491', 'ffs')",
      );
      await connection.run("ATTACH ':memory:' AS rate_parts");
      await connection.run("CREATE TABLE rate_parts.rate_prices_0 (x INTEGER)");
    });
    await first.release(true);
    const second = await ScratchDatabase.open("64MB", 2, join(dir, "b"));
    expect(second).toBe(first);
    expect(await count(second, "SELECT count(*) AS n FROM rate_items")).toBe(0);
    expect(
      await count(
        second,
        "SELECT count(*) AS n FROM duckdb_databases() WHERE database_name = 'rate_parts'",
      ),
    ).toBe(0);
    // The schema is whole again: the rates view reads the new tables.
    expect(await count(second, "SELECT count(*) AS n FROM rates")).toBe(0);
    await second.release(false);
  });

  it("is closed, not kept, after a failure, with other settings, or once it spilled", async () => {
    const failed = await ScratchDatabase.open("64MB", 2, join(dir, "a"));
    await failed.release(false);
    const other = await ScratchDatabase.open("64MB", 2, join(dir, "b"));
    expect(other).not.toBe(failed);
    await other.release(true);
    const oneThread = await ScratchDatabase.open("64MB", 1, join(dir, "c1"));
    expect(oneThread).not.toBe(other);
    await oneThread.release(true);
    const bigger = await ScratchDatabase.open("128MB", 2, join(dir, "c"));
    expect(bigger).not.toBe(oneThread);
    // More than the limit in one sort: DuckDB writes into the temporary directory, which it cannot
    // move to the next file's staging folder afterwards.
    await bigger.store.withConnection((connection) =>
      connection.run(
        "CREATE TABLE spilled AS SELECT i, md5(i::VARCHAR) AS s FROM range(3000000) r(i) ORDER BY s",
      ),
    );
    await bigger.release(true);
    const next = await ScratchDatabase.open("128MB", 2, join(dir, "d"));
    expect(next).not.toBe(bigger);
    await next.release(false);
  });
});
