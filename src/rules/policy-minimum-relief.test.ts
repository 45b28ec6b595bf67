import { describe, expect, it } from "vitest";
import { policyMinimumRelief } from "./policy-minimum-relief.js";
import type { PayerPolicy } from "./policies/policy-types.js";
import { claim, line, runRule, testPolicies } from "../testing/rule-test-kit.js";

const relief: PayerPolicy = {
  payer: "relief",
  name: "Relief",
  aliases: ["relief"],
  versions: [
    {
      effective: "2020-01-01",
      source: { key: "REL", title: "t", evidence: "secondary" },
      rules: [
        {
          id: "second",
          kind: "minimum-relief",
          before: "second-diagnostic",
          priorBlocks: 1,
          reliefPercent: 80,
        },
        {
          id: "rfa",
          kind: "minimum-relief",
          before: "radiofrequency",
          priorBlocks: 2,
          reliefPercent: 80,
        },
      ],
    },
  ],
};
const policies = testPolicies([relief]);

describe("policyMinimumRelief", () => {
  it("flags a second diagnostic block after 50% relief, and RF after one qualifying block", () => {
    expect(
      runRule(
        policyMinimumRelief,
        claim({
          payer: "Relief",
          lines: [line("64493-50")],
          facts: {
            purpose: "diagnostic",
            priorBlocks: [{ date: "2025-01-01", kind: "diagnostic", reliefPercent: 50 }],
          },
        }),
        { policies },
      ),
    ).toHaveLength(1);
    expect(
      runRule(
        policyMinimumRelief,
        claim({
          payer: "Relief",
          lines: [line("64635-50")],
          facts: { priorBlocks: [{ date: "2025-01-01", kind: "diagnostic", reliefPercent: 90 }] },
        }),
        { policies },
      ),
    ).toMatchObject([{ source: { key: "REL" } }]);
  });
  it("accepts a first diagnostic block and RF after two qualifying blocks", () => {
    expect(
      runRule(
        policyMinimumRelief,
        claim({ payer: "Relief", lines: [line("64493-50")], facts: { purpose: "diagnostic" } }),
        { policies },
      ),
    ).toEqual([]);
    const blocks = [
      { date: "2025-01-01", kind: "diagnostic" as const, reliefPercent: 90 },
      { date: "2025-01-20", kind: "diagnostic" as const, reliefPercent: 85 },
    ];
    expect(
      runRule(
        policyMinimumRelief,
        claim({ payer: "Relief", lines: [line("64635-50")], facts: { priorBlocks: blocks } }),
        { policies },
      ),
    ).toEqual([]);
  });
});
