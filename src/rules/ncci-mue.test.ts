import { describe, expect, it } from "vitest";
import { ncciMue } from "./ncci-mue.js";
import { claim, line, runRule } from "../testing/rule-test-kit.js";

describe("ncciMue", () => {
  it("flags 64490-RT + 64490-LT for Medicare: MAI 2 cannot be split across lines", () => {
    const findings = runRule(ncciMue, claim({ lines: [line("64490-RT"), line("64490-LT")] }));
    expect(findings).toMatchObject([
      { severity: "error", path: "lines[1].units", source: { effective: "2024-07-01" } },
    ]);
    expect(findings[0]!.fix).toContain("64490-50");
  });
  it("mue-mai-3-units-over-limit-deny: an error (appealable, said so), not a warning; MAI 1 errors per line", () => {
    const mai3 = runRule(ncciMue, claim({ lines: [line("64635"), line("64636", 5)] }));
    expect(mai3).toMatchObject([{ severity: "error", path: "lines[1].units" }]);
    expect(mai3[0]!.message).toContain("can be appealed");
    expect(runRule(ncciMue, claim({ lines: [line("99213", 2)] }))).toMatchObject([
      { severity: "error" },
    ]);
  });
  it("accepts 64490-50 x1, and an RT/LT pair for a payer that wants RT/LT", () => {
    expect(runRule(ncciMue, claim({ lines: [line("64490-50")] }))).toEqual([]);
    expect(
      runRule(ncciMue, claim({ payer: "Side Payer", lines: [line("64490-RT"), line("64490-LT")] })),
    ).toEqual([]);
  });
});
