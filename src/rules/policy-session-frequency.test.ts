import { describe, expect, it } from "vitest";
import { policySessionFrequency } from "./policy-session-frequency.js";
import type { PayerPolicy } from "./policies/policy-types.js";
import { claim, line, runRule, testPolicies } from "../testing/rule-test-kit.js";

const evi: PayerPolicy = {
  payer: "evi",
  name: "Evi",
  aliases: ["evi"],
  versions: [
    {
      effective: "2020-01-01",
      source: { key: "EVI", title: "t", evidence: "secondary" },
      rules: [
        {
          id: "rfa",
          kind: "max-sessions-per-12-months",
          session: "radiofrequency",
          maxSessions: 2,
          minDaysBetween: 183,
        },
      ],
    },
  ],
};
const policies = testPolicies([evi]);
const rfa = (date: string) =>
  claim({ id: date, payer: "Evi", dateOfService: date, lines: [line("64635-50")] });

describe("policySessionFrequency", () => {
  it("flags a third RFA in 12 months and one under 183 days after the last", () => {
    const findings = runRule(policySessionFrequency, rfa("2025-03-10"), {
      policies,
      history: [rfa("2024-06-01"), rfa("2024-12-01")],
    });
    expect(findings.map((f) => f.message.includes("at least 183 days"))).toEqual([false, true]);
  });
  it("accepts a second RFA seven months after the first", () => {
    expect(
      runRule(policySessionFrequency, rfa("2025-03-10"), {
        policies,
        history: [rfa("2024-08-01")],
      }),
    ).toEqual([]);
  });
});
