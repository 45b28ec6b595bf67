import { describe, expect, it } from "vitest";
import { lcdSedation } from "./lcd-sedation.js";
import { claim, line, runRule } from "../testing/rule-test-kit.js";

describe("lcdSedation", () => {
  it("warns on moderate sedation with facet blocks and on general anesthesia", () => {
    expect(runRule(lcdSedation, claim({ lines: [line("64493-50"), line("99152")] }))).toMatchObject(
      [{ severity: "warning", path: "lines[1].code" }],
    );
    expect(
      runRule(lcdSedation, claim({ lines: [line("64493-50")], facts: { sedation: "general" } })),
    ).toMatchObject([{ path: "facts.sedation" }]);
  });
  it("only notes sedation with RF ablation, and ignores claims without facet codes", () => {
    expect(runRule(lcdSedation, claim({ lines: [line("64635"), line("99152")] }))).toMatchObject([
      { severity: "info" },
    ]);
    expect(runRule(lcdSedation, claim({ lines: [line("64483"), line("99152")] }))).toEqual([]);
  });
});
