import { describe, expect, it } from "vitest";
import { coveredForFacet, lcdCoveredDiagnosis } from "./lcd-covered-diagnosis.js";
import { claim, line, runRule } from "../testing/rule-test-kit.js";

describe("lcdCoveredDiagnosis", () => {
  it("warns on cervicalgia (M54.2) and on a cervical diagnosis for a lumbar code", () => {
    const findings = runRule(
      lcdCoveredDiagnosis,
      claim({ diagnoses: ["M54.2"], lines: [line("64490-50")] }),
    );
    expect(findings[0]!.message).toContain("M54.2");
    expect(
      runRule(lcdCoveredDiagnosis, claim({ diagnoses: ["M47.812"], lines: [line("64493-50")] })),
    ).toHaveLength(1);
  });
  it("cervicalgia-warns-on-add-on-too: 64491 with 64490 on M54.2 warns on both lines, as the primary", () => {
    const findings = runRule(
      lcdCoveredDiagnosis,
      claim({ diagnoses: ["M54.2"], lines: [line("64490-50"), line("64491-50")] }),
    );
    expect(findings.map((f) => f.path)).toEqual([
      "lines[0].diagnosisPointers",
      "lines[1].diagnosisPointers",
    ]);
    expect(findings[1]!.message).toContain("M54.2");
  });
  it("accepts region-matching spondylosis codes", () => {
    expect(
      runRule(
        lcdCoveredDiagnosis,
        claim({ diagnoses: ["M47.816"], lines: [line("64493-50"), line("64494-50")] }),
      ),
    ).toEqual([]);
    expect(
      coveredForFacet("M47.815", "cervical-thoracic") &&
        coveredForFacet("M47.815", "lumbar-sacral"),
    ).toBe(true);
    expect(coveredForFacet("M53.87", "lumbar-sacral")).toBe(true);
    expect(coveredForFacet("M47.818", "lumbar-sacral")).toBe(false);
  });
});
