import { describe, expect, it } from "vitest";
import { claimDiagnosisValid } from "./claim-diagnosis-valid.js";
import { claim, line, runRule } from "../testing/rule-test-kit.js";

describe("claimDiagnosisValid", () => {
  it("flags an unknown code, a category heading, and a line without a pointer", () => {
    expect(
      runRule(claimDiagnosisValid, claim({ diagnoses: ["M99.999"], lines: [line("64490")] })),
    ).toMatchObject([{ severity: "error", path: "diagnoses[0]" }]);
    expect(
      runRule(claimDiagnosisValid, claim({ diagnoses: ["M47.81"], lines: [line("64490")] }))[0]!
        .message,
    ).toContain("category heading");
    expect(runRule(claimDiagnosisValid, claim({ lines: [line("64490", 1, [])] }))).toMatchObject([
      { severity: "warning" },
    ]);
  });
  it("accepts billable codes pointed to by each line", () => {
    expect(
      runRule(
        claimDiagnosisValid,
        claim({
          diagnoses: ["M47.812", "M47.816"],
          lines: [line("64490", 1, [1]), line("64493", 1, [2])],
        }),
      ),
    ).toEqual([]);
  });
});
