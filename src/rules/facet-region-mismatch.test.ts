import { describe, expect, it } from "vitest";
import { facetRegionMismatch } from "./facet-region-mismatch.js";
import { claim, line, runRule } from "../testing/rule-test-kit.js";

describe("facetRegionMismatch", () => {
  it("flags a third lumbar level coded 64492", () => {
    const findings = runRule(
      facetRegionMismatch,
      claim({ lines: [line("64493-50"), line("64494-50"), line("64492-50")] }),
    );
    expect(findings).toMatchObject([{ severity: "error", path: "lines[2].code" }]);
    expect(findings[0]!.fix).toContain("64495");
  });
  it("flags a cervical code for lumbar levels in the facts", () => {
    const subject = claim({
      lines: [line("64490-RT")],
      facts: { levels: [{ level: "L4-L5", side: "right" }] },
    });
    expect(runRule(facetRegionMismatch, subject)).toHaveLength(1);
  });
  it("accepts 64494 after 64490 (T12-L1 + L1-L2) and matching regions", () => {
    expect(
      runRule(
        facetRegionMismatch,
        claim({
          lines: [line("64490-RT"), line("64494-RT")],
          facts: {
            levels: [
              { level: "T12-L1", side: "right" },
              { level: "L1-L2", side: "right" },
            ],
          },
        }),
      ),
    ).toEqual([]);
    expect(
      runRule(
        facetRegionMismatch,
        claim({ lines: [line("64493-50"), line("64494-50"), line("64495-50")] }),
      ),
    ).toEqual([]);
  });
});
