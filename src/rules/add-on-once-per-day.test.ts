import { describe, expect, it } from "vitest";
import { addOnOncePerDay } from "./add-on-once-per-day.js";
import { claim, line, runRule } from "../testing/rule-test-kit.js";

describe("addOnOncePerDay", () => {
  it("flags 64495 with two units and 64492 on two lines", () => {
    expect(
      runRule(addOnOncePerDay, claim({ lines: [line("64493"), line("64494"), line("64495", 2)] })),
    ).toMatchObject([{ severity: "error", path: "lines[2].units" }]);
    expect(
      runRule(
        addOnOncePerDay,
        claim({ lines: [line("64490-50"), line("64491-50"), line("64492-50"), line("64492-50")] }),
      ),
    ).toHaveLength(1);
  });
  it("accepts one 64495, and 64492-RT + 64492-LT for an RT/LT payer", () => {
    expect(
      runRule(addOnOncePerDay, claim({ lines: [line("64493"), line("64494"), line("64495")] })),
    ).toEqual([]);
    const sides = claim({
      payer: "Side Payer",
      lines: [
        line("64490-RT"),
        line("64490-LT"),
        line("64491-RT"),
        line("64491-LT"),
        line("64492-RT"),
        line("64492-LT"),
      ],
    });
    expect(runRule(addOnOncePerDay, sides)).toEqual([]);
  });
});
