import { describe, expect, it } from "vitest";
import type { GroupBenchmark } from "../../analyze/benchmark/benchmark-types.js";
import { commercialLines } from "./benchmark-text.js";

/** The pooled row of issue #16: mean $146.89 against national $94.78, locality-matched 161 %. */
function pooled(): GroupBenchmark {
  return {
    group: "All commercial",
    billingCode: "64491",
    billingClass: "professional",
    facilityClass: "nonfacility",
    modifiers: "",
    synthetic: false,
    providerTins: 3,
    providerNpis: 4,
    providerGroupRefs: 0,
    stats: {
      count: 20,
      mean: 146.89,
      median: 140,
      p10: 100,
      p25: 120,
      p75: 160,
      p90: 190,
      min: 90,
      max: 210,
      iqr: 40,
      cv: 0.2,
    },
    percentOfMedicare: { mean: 161.2, median: 150.4, p10: 120, p25: 140, p75: 170, p90: 190 },
    medicareNational: 94.78,
    meanMinusMedicare: 52.11,
  };
}

describe("commercialLines(group): the CLI's pooled commercial sentence", () => {
  it("does not mix the national and locality-matched Medicare baselines in one sentence", () => {
    const [national, locality, ...rest] = commercialLines(pooled());
    expect(rest).toEqual([]);
    expect(national).toContain("Medicare national 94.78");
    expect(national).not.toMatch(/locality|matched/);
    expect(locality).toContain("each provider's locality Medicare amount");
    expect(locality).toContain("mean 161%, median 150%");
    expect(locality).not.toContain("94.78");
  });

  it("prints a percentage of the national amount equal to the ratio of the two numbers shown", () => {
    const [national] = commercialLines(pooled());
    const match = /mean ([\d.]+) vs Medicare national ([\d.]+): \+([\d.]+) \((\d+)% of/.exec(
      national ?? "",
    );
    expect(match).not.toBeNull();
    const [, mean, medicare, gap, percent] = match!.map(Number);
    expect(percent).toBe(Math.round((mean! / medicare!) * 100));
    expect(percent).toBe(155);
    expect(gap).toBeCloseTo(mean! - medicare!, 2);
  });

  it("says nothing about the national amount when none matches, and keeps the matched one", () => {
    const lines = commercialLines({ ...pooled(), medicareNational: null, meanMinusMedicare: null });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("locality Medicare amount");
  });
});
