import { describe, expect, it } from "vitest";
import { facetUnitsNotLevels } from "./facet-units-not-levels.js";
import { claim, line, runRule } from "../testing/rule-test-kit.js";

describe("facetUnitsNotLevels", () => {
  it("flags 64493 with 4 units (nerves counted) and 64490-50 with 2 units", () => {
    expect(runRule(facetUnitsNotLevels, claim({ lines: [line("64493", 4)] }))).toMatchObject([
      { severity: "error", path: "lines[0].units" },
    ]);
    expect(runRule(facetUnitsNotLevels, claim({ lines: [line("64490-50", 2)] }))).toHaveLength(1);
  });
  it("accepts one unit, and leaves 2 unsided units to bilateral-two-units", () => {
    expect(
      runRule(facetUnitsNotLevels, claim({ lines: [line("64490-50"), line("64491-50")] })),
    ).toEqual([]);
    expect(runRule(facetUnitsNotLevels, claim({ lines: [line("64490", 2)] }))).toEqual([]);
  });
  it("does not apply to RF add-ons, which count joints in units", () => {
    expect(
      runRule(facetUnitsNotLevels, claim({ lines: [line("64635"), line("64636", 2)] })),
    ).toEqual([]);
  });
});
