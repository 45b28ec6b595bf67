import { describe, expect, it } from "vitest";
import { bilateralNotApplicable } from "./bilateral-not-applicable.js";
import { claim, line, runRule } from "../testing/rule-test-kit.js";

describe("bilateralNotApplicable", () => {
  it("flags 77003-50 (bilateral indicator 0)", () => {
    expect(runRule(bilateralNotApplicable, claim({ lines: [line("77003-50")] }))).toMatchObject([
      { severity: "warning" },
    ]);
  });
  it("accepts 64490-50 (bilateral indicator 1)", () => {
    expect(runRule(bilateralNotApplicable, claim({ lines: [line("64490-50")] }))).toEqual([]);
  });
});
