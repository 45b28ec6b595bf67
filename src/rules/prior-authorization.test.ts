import { describe, expect, it } from "vitest";
import { priorAuthorization } from "./prior-authorization.js";
import { claim, line, runRule } from "../testing/rule-test-kit.js";

describe("priorAuthorization", () => {
  it("flags a Medicare hospital outpatient (POS 22) facet claim without an authorization number", () => {
    expect(
      runRule(priorAuthorization, claim({ placeOfService: "22", lines: [line("64490-50")] })),
    ).toMatchObject([{ severity: "warning", source: { key: "TEST-MEDICARE" } }]);
  });
  it("accepts the office (POS 11), a claim with an authorization number, and dates before the policy", () => {
    expect(runRule(priorAuthorization, claim({ lines: [line("64490-50")] }))).toEqual([]);
    expect(
      runRule(
        priorAuthorization,
        claim({ placeOfService: "22", priorAuthorization: "PA123", lines: [line("64490-50")] }),
      ),
    ).toEqual([]);
    expect(
      runRule(
        priorAuthorization,
        claim({ placeOfService: "22", dateOfService: "2023-06-30", lines: [line("64490-50")] }),
      ),
    ).toEqual([]);
  });
});
