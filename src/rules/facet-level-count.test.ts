import { describe, expect, it } from "vitest";
import { facetLevelCount } from "./facet-level-count.js";
import { claim, line, runRule } from "../testing/rule-test-kit.js";

describe("facetLevelCount", () => {
  it("flags two codes for one bilateral level (sides counted as levels)", () => {
    const subject = claim({
      lines: [line("64490-50"), line("64491-50")],
      facts: { levels: [{ level: "C4-C5", side: "bilateral" }] },
    });
    const findings = runRule(facetLevelCount, subject);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.fix).toContain("64490");
  });
  it("flags one code for two levels", () => {
    const subject = claim({
      lines: [line("64493-LT")],
      facts: {
        levels: [
          { level: "L4-L5", side: "left" },
          { level: "L5-S1", side: "left" },
        ],
      },
    });
    expect(runRule(facetLevelCount, subject)).toHaveLength(1);
  });
  it("accepts matching codes, 64492 for four levels, and T12-L1 + L1-L2 as 64490 + 64494", () => {
    expect(
      runRule(
        facetLevelCount,
        claim({
          lines: [line("64490-50"), line("64491-50")],
          facts: {
            levels: [
              { level: "C4-C5", side: "bilateral" },
              { level: "C5-C6", side: "bilateral" },
            ],
          },
        }),
      ),
    ).toEqual([]);
    const four = ["C3-C4", "C4-C5", "C5-C6", "C6-C7"].map((level) => ({
      level,
      side: "right" as const,
    }));
    expect(
      runRule(
        facetLevelCount,
        claim({
          lines: [line("64490-RT"), line("64491-RT"), line("64492-RT")],
          facts: { levels: four },
        }),
      ),
    ).toEqual([]);
    expect(
      runRule(
        facetLevelCount,
        claim({
          lines: [line("64490-RT"), line("64494-RT")],
          facts: {
            levels: [
              { level: "T12-L1", side: "right" },
              { level: "L1-L2", side: "right" },
            ],
          },
        }),
      ),
    ).toEqual([]);
  });
  it("does not run without levels in the facts", () => {
    expect(
      runRule(facetLevelCount, claim({ lines: [line("64490-50"), line("64491-50")] })),
    ).toEqual([]);
  });
});
