import { describe, expect, it } from "vitest";
import { lcdRfaPrerequisites } from "./lcd-rfa-prerequisites.js";
import { claim, line, runRule } from "../testing/rule-test-kit.js";

describe("lcdRfaPrerequisites", () => {
  it("warns when only one diagnostic block reached 80% and on pulsed RF", () => {
    const facts = {
      priorBlocks: [
        { date: "2025-01-10", kind: "diagnostic" as const, reliefPercent: 90 },
        { date: "2025-02-01", kind: "diagnostic" as const, reliefPercent: 60 },
      ],
      ablationTechnique: "pulsed" as const,
    };
    const findings = runRule(lcdRfaPrerequisites, claim({ lines: [line("64635-50")], facts }));
    expect(findings.map((f) => f.path)).toEqual(["facts.priorBlocks", "facts.ablationTechnique"]);
  });
  it("warns on a repeat RFA whose last one lasted under 6 months", () => {
    const facts = {
      priorBlocks: [
        {
          date: "2024-09-01",
          kind: "radiofrequency" as const,
          reliefPercent: 70,
          durationWeeks: 12,
        },
      ],
    };
    expect(runRule(lcdRfaPrerequisites, claim({ lines: [line("64635")], facts }))).toHaveLength(1);
  });
  it("accepts two qualifying blocks with thermal RF", () => {
    const facts = {
      ablationTechnique: "thermal" as const,
      priorBlocks: [
        { date: "2025-01-10", kind: "diagnostic" as const, reliefPercent: 85 },
        { date: "2025-02-01", kind: "diagnostic" as const, reliefPercent: 90 },
      ],
    };
    expect(runRule(lcdRfaPrerequisites, claim({ lines: [line("64635-50")], facts }))).toEqual([]);
  });
  it("rfa-history-relief-counts: two earlier history claims with 85 % and 90 % relief satisfy the prerequisite", () => {
    const block = (date: string, reliefPercent?: number): ReturnType<typeof claim> =>
      claim({
        id: `H-${date}`,
        dateOfService: date,
        lines: [line("64493-50")],
        diagnoses: ["M47.816"],
        ...(reliefPercent === undefined ? {} : { facts: { reliefPercent } }),
      });
    const rfa = claim({
      lines: [line("64635-50")],
      diagnoses: ["M47.816"],
      facts: { ablationTechnique: "thermal" },
    });
    expect(
      runRule(lcdRfaPrerequisites, rfa, {
        history: [block("2025-01-10", 85), block("2025-02-01", 90)],
      }),
    ).toEqual([]);
    const [unknown] = runRule(lcdRfaPrerequisites, rfa, {
      history: [block("2025-01-10"), block("2025-02-01")],
    });
    expect(unknown!.message).toContain(
      "The history shows diagnostic block(s) on 2025-01-10, 2025-02-01 without a relief figure",
    );
    expect(unknown!.message).not.toContain("no prior diagnostic blocks");
  });
});
