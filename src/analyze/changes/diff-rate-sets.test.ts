import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Store } from "../../store/store.js";
import {
  appendProviderGroups,
  appendRates,
  insertFixtureSourceFile,
  type RateRow,
} from "../../testing/tic-row-writer.js";
import {
  diffRateSets,
  dropRateChanges,
  readRateChanges,
  summarizeRateChanges,
  type DiffOptions,
} from "./diff-rate-sets.js";
import { rateKeyFolder } from "./rate-keys.js";

type Rate = Omit<
  RateRow,
  "fileId" | "itemIndex" | "priceIndex" | "billingCode" | "providerGroupId" | "billingClass"
> & { code?: string };

// Each file's key table is kept in a table of a DuckDB-file (here :memory:) store and as Parquet
// under a store folder's derived/ folder: both ways are compared the same.
describe.each(["table", "parquet"] as const)("diffRateSets, keys kept as a %s", (keptAs) => {
  let store: Store;
  let dir: string;
  let options: DiffOptions;
  beforeEach(async () => {
    store = await Store.memory();
    dir = await mkdtemp(join(tmpdir(), "ratelens-diff-"));
    options = keptAs === "parquet" ? { storeFolder: dir } : {};
  });
  afterEach(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function file(name: string, month: string, rates: Rate[]): Promise<number> {
    return store.withConnection(async (connection) => {
      const fileId = await insertFixtureSourceFile(connection, {
        location: name,
        sha256: name,
        reportingEntityName: "Test Payer (SYNTHETIC)",
        lastUpdatedOn: month,
      });
      await appendProviderGroups(connection, [
        {
          fileId,
          groupKey: 1,
          providerGroupId: "1",
          npi: 1111111111,
          tinType: "ein",
          tinValue: "111111111",
        },
        {
          fileId,
          groupKey: 2,
          providerGroupId: "2",
          npi: 2222222222,
          tinType: "ein",
          tinValue: "222222222",
        },
      ]);
      await appendRates(
        connection,
        rates.map((rate, i) => ({
          ...rate,
          fileId,
          itemIndex: i,
          priceIndex: 0,
          billingCode: rate.code ?? "64490",
          providerGroupId: String(rate.groupKey),
          billingClass: "professional",
        })),
      );
      return fileId;
    });
  }

  it("takes the median of a key's several rates, in the key's best unit, and matches reordered lists", async () => {
    const base = { rateIndex: 0, negotiatedType: "negotiated", modifiers: null } as const;
    const a = await file("a", "2026-01-01", [
      { ...base, groupKey: 1, rate: 100, serviceCodes: ["11", "22"] },
      { ...base, groupKey: 1, rate: 110, serviceCodes: ["22", "11"] },
      { ...base, groupKey: 1, rate: 120, serviceCodes: ["11", "22"] },
      { ...base, groupKey: 1, rate: 60, serviceCodes: ["11", "22"], negotiatedType: "percentage" },
      { ...base, groupKey: 2, rate: 200, serviceCodes: ["11"] },
      { ...base, groupKey: null, rate: 999, serviceCodes: ["11"] },
    ]);
    const b = await file("b", "2026-02-01", [
      { ...base, groupKey: 1, rate: 110, serviceCodes: ["22", "11"] },
      { ...base, groupKey: 2, rate: 190, serviceCodes: ["11"] },
      { ...base, groupKey: 2, rate: 230, serviceCodes: ["11"] },
    ]);
    await store.withConnection(async (connection) => {
      const unresolved = await diffRateSets(connection, [a], [b], null, options);
      expect(unresolved).toEqual({ unresolvedOld: 1, unresolvedNew: 0 });
      const { changes } = await readRateChanges(connection, null);
      // Group 1: median of 100, 110, 120 dollars (the percentage kept apart) = 110 → 110: unchanged.
      // Group 2: 200 → median(190, 230) = 210: changed +5 %.
      expect(
        changes.map((c) => [
          c.kind,
          c.npi,
          c.oldAmount,
          c.newAmount,
          c.changePercent,
          c.placesOfService,
          c.oldFileIds,
          c.newFileIds,
        ]),
      ).toEqual([["changed", 2222222222, 200, 210, 5, "11", [a], [b]]]);
      const [summary] = await summarizeRateChanges(connection);
      expect(summary).toMatchObject({
        billingCode: "64490",
        changed: 1,
        unchanged: 1,
        added: 0,
        dropped: 0,
      });
    });
  });

  it("takes the median of a key's rates over all the files of a release, not a median of medians", async () => {
    const base = { rateIndex: 0, negotiatedType: "negotiated", modifiers: null } as const;
    const pos = { serviceCodes: ["11"] };
    // Old release = two files. Group 1: 100 | 120, 130 → median 120 (medians of files: 112.5).
    // Group 2: 200, 200 | 260 → median 200 (medians of files: 230).
    const a1 = await file("a1", "2026-01-01", [
      { ...base, ...pos, groupKey: 1, rate: 100 },
      { ...base, ...pos, groupKey: 2, rate: 200 },
      { ...base, ...pos, groupKey: 2, rate: 200 },
    ]);
    const a2 = await file("a2", "2026-01-01", [
      { ...base, ...pos, groupKey: 1, rate: 120 },
      { ...base, ...pos, groupKey: 1, rate: 130 },
      { ...base, ...pos, groupKey: 2, rate: 260 },
    ]);
    const b = await file("b", "2026-02-01", [
      { ...base, ...pos, groupKey: 1, rate: 120 },
      { ...base, ...pos, groupKey: 2, rate: 230 },
    ]);
    await store.withConnection(async (connection) => {
      await diffRateSets(connection, [a1, a2], [b], null, options);
      const { changes } = await readRateChanges(connection, null);
      expect(
        changes.map((c) => [c.kind, c.npi, c.oldAmount, c.newAmount, c.oldFileIds, c.newFileIds]),
      ).toEqual([["changed", 2222222222, 200, 230, [a1, a2], [b]]]);
      const [summary] = await summarizeRateChanges(connection);
      expect(summary).toMatchObject({ changed: 1, unchanged: 1, oldMedianRate: 160 });
      await dropRateChanges(connection);
      // A second comparison reads the kept keys; the code filter applies to them.
      await diffRateSets(connection, [a1, a2], [b], ["99999"], options);
      expect(await summarizeRateChanges(connection)).toEqual([]);
    });
    if (keptAs === "parquet") {
      expect((await readdir(rateKeyFolder(dir))).sort()).toEqual(
        [a1, a2, b].map((id) => `file-${String(id)}.parquet`).sort(),
      );
    }
  });
});
