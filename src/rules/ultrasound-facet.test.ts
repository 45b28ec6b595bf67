import { describe, expect, it } from "vitest";
import { ultrasoundFacet } from "./ultrasound-facet.js";
import { claim, line, runRule } from "../testing/rule-test-kit.js";

describe("ultrasoundFacet", () => {
  it("flags 64490 under ultrasound (facts) and 64493 beside 76942", () => {
    expect(
      runRule(
        ultrasoundFacet,
        claim({ lines: [line("64490")], facts: { guidance: "ultrasound" } }),
      ),
    ).toMatchObject([{ severity: "error" }]);
    expect(runRule(ultrasoundFacet, claim({ lines: [line("64493"), line("76942")] }))).toHaveLength(
      1,
    );
  });
  it("warns for 0213T to Medicare and for unguided facet injections", () => {
    expect(runRule(ultrasoundFacet, claim({ lines: [line("0213T")] }))).toMatchObject([
      { severity: "warning" },
    ]);
    expect(
      runRule(ultrasoundFacet, claim({ lines: [line("64490")], facts: { guidance: "none" } })),
    ).toMatchObject([{ severity: "warning" }]);
  });
  it("accepts fluoroscopy and CT", () => {
    expect(
      runRule(
        ultrasoundFacet,
        claim({ lines: [line("64490")], facts: { guidance: "fluoroscopy" } }),
      ),
    ).toEqual([]);
    expect(
      runRule(ultrasoundFacet, claim({ lines: [line("64493")], facts: { guidance: "ct" } })),
    ).toEqual([]);
  });
});
