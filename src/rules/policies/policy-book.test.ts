import { describe, expect, it } from "vitest";
import { loadPolicyBook } from "./load-policy-book.js";
import { parsePayerPolicy, payerKeyFor, rulesOfKind, versionInForce } from "./policy-book.js";
import { describePolicyRule, diffPolicy } from "./diff-policy-versions.js";

describe("loadPolicyBook() — the bundled data/policies files", () => {
  it("loads every payer with dated, sourced versions", async () => {
    const book = await loadPolicyBook();
    expect([...book.keys()].sort()).toEqual([
      "aetna",
      "anthem",
      "bcbsnd",
      "cigna",
      "medicare",
      "unitedhealthcare",
    ]);
    for (const policy of book.values()) {
      for (const version of policy.versions) {
        expect(version.source.key.length).toBeGreaterThan(0);
        expect(version.rules.length).toBeGreaterThan(0);
        for (const rule of version.rules) {
          expect(describePolicyRule(rule).length).toBeGreaterThan(10);
        }
      }
    }
  });

  it("picks the version in force on a date and matches payer names", async () => {
    const book = await loadPolicyBook();
    const medicare = book.get("medicare")!;
    expect(versionInForce(medicare, "2023-06-30")).toBeUndefined();
    expect(
      rulesOfKind(versionInForce(medicare, "2024-01-02"), "prior-authorization")[0]!.codes,
    ).toContain("64492");
    expect(
      rulesOfKind(versionInForce(medicare, "2024-09-03"), "prior-authorization")[0]!.codes,
    ).not.toContain("64492");
    expect(payerKeyFor(book, "MEDICARE PART B")).toBe("medicare");
    expect(payerKeyFor(book, "UHC Choice Plus")).toBe("unitedhealthcare");
    expect(payerKeyFor(book, "Carelon / Anthem")).toBe("anthem");
    expect(payerKeyFor(book, "Humble Health Plan")).toBeUndefined();
  });

  it("diffs Anthem's 2023-04-09 update rule by rule", async () => {
    const anthem = (await loadPolicyBook()).get("anthem")!;
    const diff = diffPolicy(anthem, "2023-01-01", "2023-06-01");
    expect(diff.changes.map((c) => [c.change, c.ruleId])).toEqual([
      ["changed", "facet-levels-per-session"],
      ["changed", "diagnostic-sessions"],
    ]);
    expect(diffPolicy(anthem, "2024-01-01", "2025-01-01").changes).toEqual([]);
    const medicare = (await loadPolicyBook()).get("medicare")!;
    expect(diffPolicy(medicare, "2023-08-01", "2024-09-01").noVersionBefore).toBeNull();
  });

  it("does not report long-standing rules as added when no earlier version is recorded", async () => {
    const medicare = (await loadPolicyBook()).get("medicare")!;
    const diff = diffPolicy(medicare, "2023-01-01", "2023-08-01");
    expect(diff.noVersionBefore).toBe(medicare.versions[0]!.effective);
    expect(diff.changes.map((c) => c.change)).toEqual(["first-recorded", "first-recorded"]);
  });
});

describe("parsePayerPolicy(value, file)", () => {
  const version = (effective: string | null) => ({
    effective,
    source: { key: "K", title: "T", evidence: "primary" },
    rules: [{ id: "a", kind: "not-covered", service: "ultrasound-guidance" }],
  });
  it("rejects versions out of date order, an undated later version, and unknown rule kinds", () => {
    expect(() =>
      parsePayerPolicy(
        {
          payer: "x",
          name: "X",
          aliases: [],
          versions: [version("2024-01-01"), version("2023-01-01")],
        },
        "x.json",
      ),
    ).toThrow("x.json ($.versions[1].effective)");
    expect(() =>
      parsePayerPolicy(
        { payer: "x", name: "X", aliases: [], versions: [version("2024-01-01"), version(null)] },
        "x.json",
      ),
    ).toThrow("only the oldest");
    expect(() =>
      parsePayerPolicy(
        {
          payer: "x",
          name: "X",
          aliases: [],
          versions: [{ ...version("2024-01-01"), rules: [{ id: "a", kind: "max-cats" }] }],
        },
        "x.json",
      ),
    ).toThrow("$.versions[0].rules[0].kind");
  });
});
