import { describe, expect, it } from "vitest";
import { ncciAddOnPrimary } from "./ncci-add-on-primary.js";
import { claim, line, runRule } from "../testing/rule-test-kit.js";

describe("ncciAddOnPrimary", () => {
  it("flags 64491 billed alone", () => {
    const findings = runRule(ncciAddOnPrimary, claim({ lines: [line("64491-50")] }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: "error",
      path: "lines[0].code",
      source: { effective: "2024-06-03" },
    });
    expect(findings[0]!.message).toContain("64490");
  });
  it("accepts 64491 with 64490 the same day, and 64494 after 64490 (T12-L1 + L1-L2)", () => {
    expect(
      runRule(ncciAddOnPrimary, claim({ lines: [line("64490-50"), line("64491-50")] })),
    ).toEqual([]);
    expect(
      runRule(ncciAddOnPrimary, claim({ lines: [line("64490-RT"), line("64494-RT")] })),
    ).toEqual([]);
  });
  it("flags an add-on whose primary is on another date", () => {
    const second = { ...line("64491"), dateOfService: "2025-03-11" };
    expect(runRule(ncciAddOnPrimary, claim({ lines: [line("64490"), second] }))).toHaveLength(1);
  });
  it("leaves imaging add-ons beside a facet code to image-guidance-bundled", () => {
    expect(runRule(ncciAddOnPrimary, claim({ lines: [line("64490"), line("77003")] }))).toEqual([]);
    expect(runRule(ncciAddOnPrimary, claim({ lines: [line("77003")] }))).toHaveLength(1);
  });
});
