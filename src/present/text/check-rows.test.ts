import { describe, expect, it } from "vitest";
import type { ClaimCheckResult } from "../../rules/check-claim.js";
import { claimJsonl, claimRows, jsonlRow } from "./check-rows.js";

const source = {
  key: "NCCI-PTP",
  title: 'NCCI "PTP" edits, practitioner',
  effective: "2024-07-01",
};

function result(findings: ClaimCheckResult["findings"]): ClaimCheckResult {
  return {
    claimId: 'C-1 "quoted"',
    origin: { file: "dir/claims\\837.x12", location: "segment 17 (CLM), line 17" },
    payer: "Aetna\tPPO – ünïcode",
    policy: null,
    findings,
    counts: { error: 0, warning: 0, info: 0 },
    rulesRun: [],
  };
}

describe("claimJsonl(result)", () => {
  it("writes the same JSON Lines as jsonlRow over claimRows, key order and escaping included", () => {
    const checked = result([
      {
        ruleId: "ncci-ptp",
        severity: "error",
        message: 'a\nb "c" \u0001 ✓',
        path: "lines[1].code",
        line: 2,
        fix: "Remove it.\r\n",
        source,
      },
      {
        ruleId: "x12-syntax",
        severity: "warning",
        message: "no line, no fix",
        path: "segment 3 (NM1)",
        source,
      },
      {
        ruleId: "claim-not-checked",
        severity: "info",
        message: "fix only",
        path: "",
        fix: "",
        source: { key: "RATELENS", title: "checker" },
      },
      {
        ruleId: "lcd-frequency",
        severity: "info",
        message: "line only",
        path: "lines[0]",
        line: 1,
        source,
      },
    ]);
    const expected = claimRows(checked).map(jsonlRow).join("");
    expect(claimJsonl(checked)).toBe(expected);
    // Twice: the citation's JSON is memoised and must not change the text.
    expect(claimJsonl(checked)).toBe(expected);
    expect(expected.split("\n")).toHaveLength(5);
  });

  it("writes nothing for a claim without findings", () => {
    expect(claimJsonl(result([]))).toBe("");
  });
});
