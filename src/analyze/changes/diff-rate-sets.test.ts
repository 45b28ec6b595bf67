import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Store } from "../../store/store.js";
import {
  appendProviderGroups,
  appendRates,
  insertFixtureSourceFile,
  type RateRow,
} from "../../testing/tic-row-writer.js";
import { diffRateSets, readRateChanges, summarizeRateChanges } from "./diff-rate-sets.js";

type Rate = Omit<
  RateRow,
  "fileId" | "itemIndex" | "priceIndex" | "billingCode" | "providerGroupId" | "billingClass"
> & { code?: string };

describe("diffRateSets: keys with several rates, reordered lists, unresolved groups", () => {
  let store: Store;
  beforeEach(async () => {
    store = await Store.memory();
  });
  afterEach(() => {
    store.close();
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
      const unresolved = await diffRateSets(connection, [a], [b], null);
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
});
