import { describe, expect, it } from "vitest";
import { bilateralTwoUnits } from "./bilateral-two-units.js";
import { claim, line, runRule } from "../testing/rule-test-kit.js";

describe("bilateralTwoUnits", () => {
  it("flags 64490 x2 without side modifiers, with the payer's format in the fix", () => {
    expect(runRule(bilateralTwoUnits, claim({ lines: [line("64490", 2)] }))[0]!.fix).toContain(
      "64490-50",
    );
    expect(
      runRule(bilateralTwoUnits, claim({ payer: "Side Payer", lines: [line("64490", 2)] }))[0]!.fix,
    ).toContain("64490-RT");
  });
  it("accepts -50 x1, RF add-on units, and imaging (bilateral indicator 0)", () => {
    expect(runRule(bilateralTwoUnits, claim({ lines: [line("64490-50")] }))).toEqual([]);
    expect(runRule(bilateralTwoUnits, claim({ lines: [line("64635"), line("64636", 2)] }))).toEqual(
      [],
    );
    expect(runRule(bilateralTwoUnits, claim({ lines: [line("77003", 2)] }))).toEqual([]);
  });
});
