import { describe, expect, it } from "vitest";
import { loadBundledReferenceData } from "../analyze/reference/load-reference-data.js";
import { expectedMedicareAmount } from "./expected-medicare-amount.js";
import { claim, line } from "../testing/rule-test-kit.js";

describe("expectedMedicareAmount(ref, claim, options)", () => {
  it("prices 64490-50 + 64491-50 in the office at $421.65 (2025 national, reference.md §2.5)", async () => {
    const ref = await loadBundledReferenceData();
    const result = expectedMedicareAmount(
      ref,
      claim({ lines: [line("64490-50"), line("64491-50")] }),
    );
    expect("total" in result && result.total).toBe(421.65);
  });
  it("uses the facility rate in an ASC, leaves out denied lines and says why a year cannot be priced", async () => {
    const ref = await loadBundledReferenceData();
    const asc = expectedMedicareAmount(
      ref,
      claim({ placeOfService: "24", lines: [line("64493-50"), line("77003")] }),
      { excludeLines: new Map([[1, "image-guidance-bundled"]]) },
    );
    expect(asc).toMatchObject({
      setting: "facility",
      notes: ["line 2 (77003) left out: expected to be denied (image-guidance-bundled)"],
    });
    expect(
      expectedMedicareAmount(ref, claim({ dateOfService: "2019-05-01", lines: [line("64490")] })),
    ).toMatchObject({
      unavailable: expect.stringContaining("no 2019 Medicare fee schedule") as unknown,
    });
  });
});
