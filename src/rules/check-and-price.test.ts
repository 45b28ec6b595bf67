import { beforeAll, describe, expect, it } from "vitest";
import { loadBundledReferenceData } from "../analyze/reference/load-reference-data.js";
import type { ReferenceData } from "../analyze/reference/reference-types.js";
import { checkAndPrice } from "./check-and-price.js";
import { claim, line } from "../testing/rule-test-kit.js";

let ref: ReferenceData;
beforeAll(async () => {
  ref = await loadBundledReferenceData();
});

describe("checkAndPrice: the findings and the expected Medicare amount, for the CLI, the web checker and the API", () => {
  it("prices the clean lines (64490-50 + 64491-50, 2025 national office = $421.65)", () => {
    const report = checkAndPrice(
      ref,
      claim({ diagnoses: ["M47.812"], lines: [line("64490-50"), line("64491-50")] }),
    );
    expect("total" in report.expectedMedicare && report.expectedMedicare.total).toBe(421.65);
  });

  it("says why an institutional or unreadable claim has no PFS amount", () => {
    expect(
      checkAndPrice(ref, claim({ kind: "institutional", lines: [line("64493")] })).expectedMedicare,
    ).toEqual({
      unavailable: "institutional claims are paid under OPPS, not the physician fee schedule",
    });
    expect(checkAndPrice(ref, claim({ unreadable: true, lines: [] })).expectedMedicare).toEqual({
      unavailable: "the claim could not be read",
    });
  });
});
