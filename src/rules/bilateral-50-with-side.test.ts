import { describe, expect, it } from "vitest";
import { bilateral50WithSide } from "./bilateral-50-with-side.js";
import { claim, line, runRule } from "../testing/rule-test-kit.js";

describe("bilateral50WithSide", () => {
  it("flags 50 with RT on one line", () => {
    expect(runRule(bilateral50WithSide, claim({ lines: [line("64493-50-RT")] }))).toMatchObject([
      { severity: "error", path: "lines[0].modifiers" },
    ]);
  });
  it("accepts 50 alone and RT alone", () => {
    expect(
      runRule(bilateral50WithSide, claim({ lines: [line("64493-50"), line("64494-RT")] })),
    ).toEqual([]);
  });
});
