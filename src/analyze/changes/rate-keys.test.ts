import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Store } from "../../store/store.js";
import {
  appendProviderGroups,
  appendRates,
  insertFixtureSourceFile,
} from "../../testing/tic-row-writer.js";
import { forgetRateKeys, rateKeysOf } from "./rate-keys.js";

describe("rateKeysOf on a DuckDB-file store", () => {
  let dir: string;
  let store: Store;
  let fileId: number;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "ratelens-rate-keys-"));
    store = await Store.open(join(dir, "keys.duckdb"));
    fileId = await store.withConnection(async (connection) => {
      const id = await insertFixtureSourceFile(connection, {
        location: "keys.json",
        sha256: "keys",
        reportingEntityName: "Test Payer (SYNTHETIC)",
        lastUpdatedOn: "2026-01-01",
      });
      await appendProviderGroups(
        connection,
        [1, 2, 3].map((groupKey) => ({
          fileId: id,
          groupKey,
          providerGroupId: String(groupKey),
          npi: 1000000000 + groupKey,
          tinType: "ein",
          tinValue: `00000000${String(groupKey)}`,
        })),
      );
      // Group 1 has two rates of one key (100 and 140: median 120), groups 2 and 3 one each;
      // one rate's group is unresolved (no key, counted apart).
      const rates = [
        [1, 100],
        [1, 140],
        [2, 200],
        [3, 300],
        [null, 999],
      ] as const;
      await appendRates(
        connection,
        rates.map(([groupKey, rate], i) => ({
          fileId: id,
          itemIndex: i,
          rateIndex: 0,
          priceIndex: 0,
          billingCode: "99213",
          groupKey,
          providerGroupId: groupKey === null ? "404" : String(groupKey),
          negotiatedType: "negotiated",
          rate,
          billingClass: "professional",
          serviceCodes: ["11"],
          modifiers: null,
        })),
      );
      return id;
    });
  });
  afterEach(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function keyRows(): Promise<[string | null, number, number | null][]> {
    return store.withConnection(async (connection) => {
      const keys = await rateKeysOf(connection, [fileId], undefined);
      const rows = await connection.runAndReadAll(
        `SELECT npi, n, amount FROM ${keys} ORDER BY npi NULLS LAST`,
      );
      return rows
        .getRowObjectsJson()
        .map((row) => [
          typeof row.npi === "string" ? row.npi : null,
          Number(row.n),
          row.amount === null ? null : Number(row.amount),
        ]);
    });
  }

  it("keeps one row per key: its rate count and median, unresolved rates counted apart", async () => {
    expect(await keyRows()).toEqual([
      ["1000000001", 2, 120],
      ["1000000002", 1, 200],
      ["1000000003", 1, 300],
      [null, 1, null],
    ]);
  });

  it("keys a file once when two connections ask for it at the same time", async () => {
    await Promise.all(
      [0, 1].map(() =>
        store.withConnection((connection) => rateKeysOf(connection, [fileId], undefined)),
      ),
    );
    expect(await keyRows()).toHaveLength(4);
    // Forgotten keys are computed again, once.
    await store.withConnection((connection) => forgetRateKeys(connection, [fileId]));
    expect(await keyRows()).toHaveLength(4);
  });

  it("removes the kept keys of the earlier definition (v2) when it first keeps its own", async () => {
    const v2Folder = join(dir, "folder", "derived", "rate-keys-v2");
    await mkdir(v2Folder, { recursive: true });
    await writeFile(join(v2Folder, `file-${String(fileId)}.parquet`), "old");
    const tables = await store.withConnection(async (connection) => {
      await connection.run("CREATE TABLE rate_keys_v2 (file_id INTEGER)");
      await connection.run("CREATE TABLE rate_keys_files_v2 (file_id INTEGER)");
      await rateKeysOf(connection, [fileId], undefined);
      await rateKeysOf(connection, [fileId], join(dir, "folder"));
      return (
        await connection.runAndReadAll(
          "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'rate_keys%' ORDER BY 1",
        )
      )
        .getRowObjectsJson()
        .map((row) => row.table_name);
    });
    expect(tables).toEqual(["rate_keys_files_v3", "rate_keys_v3"]);
    expect(await readdir(join(dir, "folder", "derived"))).toEqual(["rate-keys-v3"]);
  });
});
