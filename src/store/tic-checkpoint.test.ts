import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Store } from "./store.js";
import { loadWithoutVacuum } from "./tic-checkpoint.js";

async function vacuumTasks(store: Store): Promise<number> {
  return store.withConnection(async (connection) =>
    Number(
      (
        await connection.runAndReadAll("SELECT current_setting('max_vacuum_tasks')::INTEGER AS t")
      ).getRowObjectsJson()[0]?.t,
    ),
  );
}

describe("loadWithoutVacuum", () => {
  it("turns the vacuum off during the load and restores it afterwards, also after a failure", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ratelens-checkpoint-"));
    const store = await Store.open(join(dir, "store.duckdb"));
    try {
      const before = await vacuumTasks(store);
      expect(before).toBeGreaterThan(0);
      expect(await loadWithoutVacuum(store, () => vacuumTasks(store))).toBe(0);
      expect(await vacuumTasks(store)).toBe(before);
      await expect(
        loadWithoutVacuum(store, () => Promise.reject(new Error("load failed"))),
      ).rejects.toThrow("load failed");
      expect(await vacuumTasks(store)).toBe(before);
    } finally {
      store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("leaves an in-memory database (a scratch database) as it is: there is nothing to checkpoint", async () => {
    const store = await Store.memory();
    try {
      const before = await vacuumTasks(store);
      expect(await loadWithoutVacuum(store, () => vacuumTasks(store))).toBe(before);
    } finally {
      store.close();
    }
  });
});
