import { describe, expect, it } from "vitest";
import { imageGuidanceBundled } from "./image-guidance-bundled.js";
import { claim, line, runRule } from "../testing/rule-test-kit.js";

describe("imageGuidanceBundled", () => {
  it("flags 77003 billed with 64490, and 77012 with 64635", () => {
    expect(
      runRule(imageGuidanceBundled, claim({ lines: [line("64490"), line("77003")] })),
    ).toMatchObject([{ severity: "error", path: "lines[1].code" }]);
    expect(
      runRule(imageGuidanceBundled, claim({ lines: [line("64635"), line("77012")] })),
    ).toHaveLength(1);
  });
  it("downgrades to a warning with a distinct-service modifier", () => {
    expect(
      runRule(imageGuidanceBundled, claim({ lines: [line("64490"), line("77002-XS")] })),
    ).toMatchObject([{ severity: "warning" }]);
  });
  it("accepts imaging without a procedure that includes it", () => {
    expect(runRule(imageGuidanceBundled, claim({ lines: [line("77003")] }))).toEqual([]);
    expect(runRule(imageGuidanceBundled, claim({ lines: [line("64490")] }))).toEqual([]);
  });
});
