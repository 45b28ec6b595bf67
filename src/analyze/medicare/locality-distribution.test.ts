import { beforeAll, describe, expect, it } from "vitest";
import { loadBundledReferenceData } from "../reference/load-reference-data.js";
import type { ReferenceData } from "../reference/reference-types.js";
import {
  describe as describeValues,
  localitiesForState,
  localityDistribution,
} from "./locality-distribution.js";
import { medicareAmount } from "./medicare-amount.js";

let ref: ReferenceData;
beforeAll(async () => {
  ref = await loadBundledReferenceData();
});

describe("localityDistribution", () => {
  it("prices 64490 in all 109 localities of 2025, consistent with medicareAmount", () => {
    const d = localityDistribution(ref, { code: "64490", year: 2025, setting: "nonfacility" })!;
    expect(d.national).toBe(186.32);
    expect(d.stats.count).toBe(109);
    expect(d.byLocality).toHaveLength(109);
    const { min, p25, median, p75, max } = d.stats;
    expect([min, p25, median, p75, max]).toEqual(
      [...[min, p25, median, p75, max]].sort((a, b) => a - b),
    );
    for (const l of d.byLocality) {
      expect(l.amount).toBe(
        medicareAmount(ref, {
          code: "64490",
          year: 2025,
          setting: "nonfacility",
          locality: l.macLocality,
        }).amount,
      );
    }
    expect(d.byLocality.find((l) => l.macLocality === "13202-01")?.amount).toBe(213.99);
    expect(d.stats.min).toBe(d.byLocality[0]!.amount);
    expect(d.source).toContain("GPCI2025.csv");
  });

  it("returns null for a year without GPCIs", () => {
    expect(
      localityDistribution(ref, { code: "64490", year: 2026, setting: "nonfacility" }),
    ).toBeNull();
  });

  it("computes quartiles by linear interpolation", () => {
    expect(describeValues([1, 2, 3, 4])).toEqual({
      count: 4,
      min: 1,
      p25: 1.75,
      median: 2.5,
      p75: 3.25,
      max: 4,
      mean: 2.5,
    });
  });

  it("lists a state's localities", () => {
    expect(localitiesForState(ref, "ny")).toEqual(
      expect.arrayContaining(["13202-01", "13202-02", "13292-04"]),
    );
    expect(localitiesForState(ref, "AL")).toEqual(["10112-00"]);
    expect(localitiesForState(ref, "ZZ")).toEqual([]);
  });
});
