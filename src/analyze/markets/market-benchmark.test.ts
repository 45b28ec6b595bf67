import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Store } from "../../store/store.js";
import { buildBenchmarkFixture, loadBenchmarkFixture } from "../../testing/benchmark-fixture.js";
import { benchmarkCode } from "../benchmark/benchmark-code.js";
import { fixtureReferenceData } from "../../testing/fixture-reference.js";
import { formatBenchmarkText } from "../../present/text/benchmark-text.js";
import type { ReferenceData } from "../reference/reference-types.js";

/** The fixture reference plus a ZIP → locality table: AL 35203 and Los Angeles 90012. */
function refWithZips(): ReferenceData {
  return {
    ...fixtureReferenceData(),
    zipLocalities: new Map([
      ["35203", "10112-00"],
      ["90012", "01182-18"],
    ]),
  };
}

/** 64491 non-facility, CY2025, at a locality: (RVU × GPCI) summed × CF, to the cent (PPRRVU2025, GPCI2025). */
function medicare64491(work: number, pe: number, mp: number): number {
  return Math.round((1.16 * work + 1.64 * pe + 0.13 * mp) * 32.3465 * 100) / 100;
}

describe("benchmark with a market and ZIP-matched Medicare", () => {
  let store: Store;
  beforeEach(async () => {
    store = await Store.memory();
    await loadBenchmarkFixture(store, buildBenchmarkFixture(), { withDirectory: true });
  });
  afterEach(() => {
    store.close();
  });

  it("keeps only providers whose practice ZIP is in the market and prices them at their ZIP's locality", async () => {
    const result = await benchmarkCode(
      store,
      refWithZips(),
      { codes: ["64491"], market: "zip:90012", payers: ["uhc"] },
      { year: 2025 },
    );
    const row = result.payers.find((p) => p.facilityClass === "nonfacility");
    // Providers 20–23 practise at 90012; the newer UHC file pays them 160 + 5i.
    const rates = [20, 21, 22, 23].map((i) => 160 + 5 * i);
    expect(row?.stats.count).toBe(4);
    expect(row?.stats.median).toBeCloseTo((rates[1]! + rates[2]!) / 2, 9);
    expect(row?.medicareBasis).toBe("locality");
    const la = medicare64491(1.042, 1.194, 0.69); // 01182-18 Los Angeles
    expect(row?.percentOfMedicare?.median).toBeCloseTo((267.5 / la) * 100, 6);
    const unknown = result.cleaning.find((s) => s.ruleId === "market-unknown-location");
    const outside = result.cleaning.find((s) => s.ruleId === "filter-market");
    expect(unknown?.removed).toBeGreaterThan(0); // the TIN-only group and the NPI missing from the directory
    expect(outside?.parameters).toMatchObject({ market: "zip:90012", zips: 1 });
  });

  it("prices a California provider at its ZIP's locality without a market too", async () => {
    const ca = await benchmarkCode(
      store,
      refWithZips(),
      { codes: ["64491"], states: ["CA"], payers: ["uhc"] },
      { year: 2025 },
    );
    const row = ca.payers.find((p) => p.facilityClass === "nonfacility");
    expect(row?.medicareBasis).toBe("locality");
    expect(row?.percentOfMedicare?.mean).toBeCloseTo(
      ([260, 265, 270, 275].reduce((a, b) => a + b, 0) / 4 / medicare64491(1.042, 1.194, 0.69)) *
        100,
      6,
    );
  });
});

describe("benchmark text with a market", () => {
  it("names the market at the top", async () => {
    const store = await Store.memory();
    try {
      await loadBenchmarkFixture(store, buildBenchmarkFixture(), { withDirectory: true });
      const result = await benchmarkCode(
        store,
        refWithZips(),
        { codes: ["64491"], market: "zip:90012,35203" },
        { year: 2025 },
      );
      expect(result.market).toMatchObject({ spec: "zip:90012,35203", zips: 2 });
      expect(formatBenchmarkText(result)).toContain(
        "Market: ZIP 90012; ZIP 35203 (zip:90012,35203, 2 ZIPs)",
      );
    } finally {
      store.close();
    }
  });
});
