import { describe, expect, it } from "vitest";
import { checkClaim, linesWithFindings } from "./check-claim.js";
import { claim, line, testPolicies, testReference } from "../testing/rule-test-kit.js";

describe("checkClaim(ref, claim, options)", () => {
  const ref = testReference();
  const policies = testPolicies();

  it("counts findings by severity, numbers lines from 1 and names the policy version used", () => {
    const result = checkClaim(
      ref,
      claim({ lines: [line("64490-RT"), line("64490-LT"), line("77003")] }),
      { policies },
    );
    expect(result.counts.error).toBeGreaterThanOrEqual(2);
    expect(result.counts.warning).toBeGreaterThanOrEqual(1);
    expect(result.policy).toEqual({
      payer: "medicare",
      effective: "2023-07-01",
      sourceKey: "TEST-MEDICARE",
    });
    expect(result.findings.find((f) => f.ruleId === "image-guidance-bundled")!.line).toBe(3);
    expect(linesWithFindings(result, "error").get(2)).toBe("image-guidance-bundled");
  });

  it("uses only the same patient's earlier claims as history", () => {
    const rfa = (date: string, patientId: string) =>
      claim({
        id: `${patientId}-${date}`,
        patientId,
        dateOfService: date,
        lines: [line("64635-50")],
      });
    const history = [
      rfa("2024-06-01", "A"),
      rfa("2024-12-01", "A"),
      rfa("2024-07-01", "B"),
      rfa("2024-08-01", "B"),
      rfa("2025-06-01", "A"),
    ];
    const frequency = (patientId: string) =>
      checkClaim(ref, rfa("2025-03-10", patientId), { history, policies }).findings.filter(
        (f) => f.ruleId === "lcd-frequency",
      );
    expect(frequency("A")).toHaveLength(1);
    expect(frequency("B")).toHaveLength(1);
    expect(frequency("C")).toHaveLength(0);
  });

  it("treats a payer with no policy file as commercial with no policy, and Medicare without a book as Medicare", () => {
    const unknown = checkClaim(
      ref,
      claim({
        payer: "Humble Health",
        lines: [line("64490-50"), line("64491-50"), line("64492-50")],
      }),
      { policies },
    );
    expect(unknown.policy).toBeNull();
    expect(unknown.rulesRun).not.toContain("lcd-levels-per-session");
    const bare = checkClaim(
      ref,
      claim({ lines: [line("64490-50"), line("64491-50"), line("64492-50")] }),
    );
    expect(bare.findings.map((f) => f.ruleId)).toContain("lcd-levels-per-session");
  });
});
