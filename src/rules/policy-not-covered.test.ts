import { describe, expect, it } from "vitest";
import { policyNotCovered } from "./policy-not-covered.js";
import type { PayerPolicy } from "./policies/policy-types.js";
import { claim, line, runRule, testPolicies } from "../testing/rule-test-kit.js";

const strict: PayerPolicy = {
  payer: "strict",
  name: "Strict",
  aliases: ["strict"],
  versions: [
    {
      effective: "2017-03-01",
      source: { key: "STRICT", title: "t", evidence: "secondary" },
      rules: [
        { id: "t", kind: "not-covered", service: "therapeutic-facet" },
        { id: "u", kind: "not-covered", service: "ultrasound-guidance" },
        { id: "r", kind: "not-covered", service: "non-thermal-radiofrequency" },
      ],
    },
  ],
};
const policies = testPolicies([strict]);

describe("policyNotCovered", () => {
  it("flags therapeutic facet injections, ultrasound guidance and cooled RF", () => {
    expect(
      runRule(
        policyNotCovered,
        claim({ payer: "Strict", lines: [line("64493")], facts: { purpose: "therapeutic" } }),
        { policies },
      ),
    ).toMatchObject([{ severity: "warning", source: { key: "STRICT" } }]);
    expect(
      runRule(policyNotCovered, claim({ payer: "Strict", lines: [line("64493"), line("76942")] }), {
        policies,
      }),
    ).toHaveLength(1);
    expect(
      runRule(
        policyNotCovered,
        claim({ payer: "Strict", lines: [line("64635")], facts: { ablationTechnique: "cooled" } }),
        { policies },
      ),
    ).toHaveLength(1);
  });
  it("accepts a diagnostic block under fluoroscopy and thermal RF", () => {
    expect(
      runRule(
        policyNotCovered,
        claim({
          payer: "Strict",
          lines: [line("64493")],
          facts: { purpose: "diagnostic", guidance: "fluoroscopy" },
        }),
        { policies },
      ),
    ).toEqual([]);
    expect(
      runRule(
        policyNotCovered,
        claim({ payer: "Strict", lines: [line("64635")], facts: { ablationTechnique: "thermal" } }),
        { policies },
      ),
    ).toEqual([]);
  });
});
