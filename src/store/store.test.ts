import { DuckDBInstance } from "@duckdb/node-api";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { UsageError } from "../errors.js";
import { Store } from "./store.js";

describe("Store", () => {
  it("creates the schema in a fresh in-memory database", async () => {
    const store = await Store.memory();
    try {
      const tables = await store.withConnection(async (c) =>
        (
          await c.runAndReadAll("SELECT table_name FROM information_schema.tables ORDER BY 1")
        ).getRowObjectsJson(),
      );
      const names = tables.map((row) => row.table_name);
      expect(names).toEqual(
        expect.arrayContaining([
          "source_files",
          "rates",
          "provider_groups",
          "plans",
          "allowed_amounts",
        ]),
      );
    } finally {
      store.close();
    }
  });

  it("rolls a failed transaction back completely", async () => {
    const store = await Store.memory();
    try {
      await expect(
        store.transaction(async (c) => {
          await c.run("INSERT INTO plans (file_id, plan_name) VALUES (1, 'x')");
          throw new Error("midway failure");
        }),
      ).rejects.toThrow("midway failure");
      const count = await store.withConnection(async (c) =>
        (await c.runAndReadAll("SELECT count(*)::INTEGER AS n FROM plans")).getRowObjectsJson(),
      );
      expect(count[0]?.n).toBe(0);
    } finally {
      store.close();
    }
  });

  it("refuses, with a clear message, a store whose rates are one wide table (first development builds)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ratelens-store-"));
    onTestFinished(() => {
      rmSync(dir, { recursive: true, force: true });
    });
    const path = join(dir, "old.duckdb");
    const old = await DuckDBInstance.create(path);
    const connection = await old.connect();
    await connection.run(
      "CREATE TABLE rates (file_id INTEGER, billing_code VARCHAR, negotiated_rate DOUBLE)",
    );
    connection.disconnectSync();
    old.closeSync();
    await expect(Store.open(path)).rejects.toBeInstanceOf(UsageError);
    await expect(Store.open(path)).rejects.toThrow(/ingest the files again into a new store/);
  });
});
