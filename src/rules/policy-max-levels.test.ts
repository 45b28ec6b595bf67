import { describe, expect, it } from "vitest";
import { policyMaxLevels } from "./policy-max-levels.js";
import type { PayerPolicy } from "./policies/policy-types.js";
import { claim, line, runRule, testPolicies } from "../testing/rule-test-kit.js";

const limited: PayerPolicy = {
  payer: "limited",
  name: "Limited Health",
  aliases: ["limited health"],
  versions: [
    {
      effective: "2020-01-01",
      source: { key: "LIM-1", title: "old", evidence: "primary" },
      rules: [
        {
          id: "levels",
          kind: "max-levels-per-session",
          procedure: "facet-injection",
          maxLevels: 3,
          per: "side",
        },
      ],
    },
    {
      effective: "2023-04-09",
      source: { key: "LIM-2", title: "new", evidence: "primary" },
      rules: [
        {
          id: "levels",
          kind: "max-levels-per-session",
          procedure: "facet-injection",
          maxLevels: 2,
          per: "side",
        },
      ],
    },
  ],
};
const policies = testPolicies([limited]);
const threeLeft = {
  levels: ["L3-L4", "L4-L5", "L5-S1"].map((level) => ({ level, side: "left" as const })),
};

describe("policyMaxLevels", () => {
  it("flags three unilateral levels under the version in force on the date of service", () => {
    const findings = runRule(
      policyMaxLevels,
      claim({
        payer: "Limited Health",
        dateOfService: "2024-01-05",
        lines: [line("64493-LT"), line("64494-LT"), line("64495-LT")],
        facts: threeLeft,
      }),
      { policies },
    );
    expect(findings).toMatchObject([
      { severity: "warning", source: { key: "LIM-2", effective: "2023-04-09" } },
    ]);
  });
  it("counts codes when no facts are given", () => {
    expect(
      runRule(
        policyMaxLevels,
        claim({
          payer: "Limited Health",
          lines: [line("64493-LT"), line("64494-LT"), line("64495-LT")],
        }),
        { policies },
      ),
    ).toHaveLength(1);
  });
  it("counts RT + LT lines of one level as one level", () => {
    expect(
      runRule(
        policyMaxLevels,
        claim({
          payer: "Limited Health",
          lines: [line("64493-RT"), line("64493-LT"), line("64494-RT"), line("64494-LT")],
        }),
        { policies },
      ),
    ).toEqual([]);
    expect(
      runRule(
        policyMaxLevels,
        claim({
          payer: "Limited Health",
          lines: [line("64493-RT"), line("64494-RT"), line("64495-RT"), line("64493-LT")],
        }),
        { policies },
      ),
    ).toHaveLength(1);
  });
  it("accepts the same claim under the older version, and two bilateral levels (two per side)", () => {
    expect(
      runRule(
        policyMaxLevels,
        claim({
          payer: "Limited Health",
          dateOfService: "2022-06-01",
          lines: [line("64493-LT"), line("64494-LT"), line("64495-LT")],
          facts: threeLeft,
        }),
        { policies },
      ),
    ).toEqual([]);
    const bilateral = {
      levels: ["L4-L5", "L5-S1"].map((level) => ({ level, side: "bilateral" as const })),
    };
    expect(
      runRule(
        policyMaxLevels,
        claim({
          payer: "Limited Health",
          lines: [line("64493-50"), line("64494-50")],
          facts: bilateral,
        }),
        { policies },
      ),
    ).toEqual([]);
  });
});
