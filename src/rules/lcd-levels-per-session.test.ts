import { describe, expect, it } from "vitest";
import { lcdLevelsPerSession } from "./lcd-levels-per-session.js";
import { claim, line, runRule } from "../testing/rule-test-kit.js";

describe("lcdLevelsPerSession", () => {
  it("warns that Medicare does not cover 64492, or a third RF joint", () => {
    expect(
      runRule(
        lcdLevelsPerSession,
        claim({ lines: [line("64490-50"), line("64491-50"), line("64492-50")] }),
      ),
    ).toMatchObject([{ severity: "warning", path: "lines[2].code" }]);
    expect(
      runRule(lcdLevelsPerSession, claim({ lines: [line("64635"), line("64636", 2)] })),
    ).toHaveLength(1);
  });
  it("warns from the facts when three levels are listed", () => {
    const levels = ["L3-L4", "L4-L5", "L5-S1"].map((level) => ({ level, side: "left" as const }));
    expect(
      runRule(
        lcdLevelsPerSession,
        claim({ lines: [line("64493-LT"), line("64494-LT")], facts: { levels } }),
      ),
    ).toMatchObject([{ path: "facts.levels" }]);
  });
  it("accepts two levels, and does not run for commercial payers", () => {
    expect(
      runRule(lcdLevelsPerSession, claim({ lines: [line("64490-50"), line("64491-50")] })),
    ).toEqual([]);
    expect(
      runRule(
        lcdLevelsPerSession,
        claim({
          payer: "Side Payer",
          lines: [line("64490-50"), line("64491-50"), line("64492-50")],
        }),
      ),
    ).toEqual([]);
  });
});
