import { describe, expect, it } from "vitest";
import { facetDuplicateLevel } from "./facet-duplicate-level.js";
import { claim, line, runRule } from "../testing/rule-test-kit.js";

describe("facetDuplicateLevel", () => {
  it("flags the same code twice for the same side", () => {
    expect(
      runRule(facetDuplicateLevel, claim({ lines: [line("64493-LT"), line("64493-LT")] })),
    ).toMatchObject([{ severity: "error", path: "lines[1]" }]);
  });
  it("flags a level listed twice in the facts", () => {
    const subject = claim({
      lines: [line("64490-50")],
      facts: {
        levels: [
          { level: "C4-C5", side: "left" },
          { level: "C4-C5", side: "right" },
        ],
      },
    });
    expect(runRule(facetDuplicateLevel, subject)).toMatchObject([{ path: "facts.levels" }]);
  });
  it("accepts an RT and LT pair, and repeated RF add-on lines", () => {
    expect(
      runRule(facetDuplicateLevel, claim({ lines: [line("64493-RT"), line("64493-LT")] })),
    ).toEqual([]);
    expect(
      runRule(
        facetDuplicateLevel,
        claim({ lines: [line("64635-50"), line("64636-50"), line("64636-50")] }),
      ),
    ).toEqual([]);
  });
});
