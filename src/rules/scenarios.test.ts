/**
 * The scenario suite: one claim per JSON file under `scenarios/`, named for what it carries, with
 * the rule ids that must fire (exactly) and some that must not. Runs on the REAL bundled reference
 * data (NCCI 2024-Q3, PFS 2025/2026, ICD-10-CM FY2025) and the bundled payer policies. The same
 * claims written as X12 837P must parse back to the same claim and give the same findings.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadBundledReferenceData } from "../analyze/reference/load-reference-data.js";
import type { ReferenceData } from "../analyze/reference/reference-types.js";
import type { Claim, ClaimLine } from "../sources/claims/claim.js";
import { claimFromJson } from "../sources/claims/claim-from-json.js";
import { parseClaims } from "../sources/claims/parse-claims.js";
import { writeX12837p } from "../testing/write-x12-837p.js";
import { checkClaim } from "./check-claim.js";
import { loadPolicyBook } from "./policies/load-policy-book.js";
import type { PolicyBook } from "./policies/policy-types.js";
import { RULES } from "./registry.js";

/** A line without its `origin` (where it was read from differs between formats). */
function withoutOrigin(line: ClaimLine): ClaimLine {
  const copy = { ...line };
  delete copy.origin;
  return copy;
}

interface Scenario {
  name: string;
  description: string;
  claim: Claim;
  history: Claim[];
  fires: string[];
  notFires: string[];
  severities: Record<string, string>;
}

const dir = fileURLToPath(new URL("./scenarios/", import.meta.url));
const scenarios: Scenario[] = readdirSync(dir)
  .filter((name) => name.endsWith(".json"))
  .sort()
  .map((name) => {
    const file = join(dir, name);
    const doc = JSON.parse(readFileSync(file, "utf8")) as {
      description: string;
      claim: unknown;
      history?: unknown[];
      fires: string[];
      notFires: string[];
      severities?: Record<string, string>;
    };
    return {
      name: name.replace(/\.json$/, ""),
      description: doc.description,
      claim: claimFromJson(doc.claim, file, { path: "$.claim" }),
      history: (doc.history ?? []).map((h, i) =>
        claimFromJson(h, file, { path: `$.history[${i}]` }),
      ),
      fires: doc.fires,
      notFires: doc.notFires,
      severities: doc.severities ?? {},
    };
  });

let ref: ReferenceData;
let policies: PolicyBook;
beforeAll(async () => {
  [ref, policies] = await Promise.all([loadBundledReferenceData(), loadPolicyBook()]);
});

const fired = (claim: Claim, history: Claim[]): string[] =>
  [...new Set(checkClaim(ref, claim, { history, policies }).findings.map((f) => f.ruleId))].sort();

describe("claim scenarios (real bundled NCCI/PFS data)", () => {
  it("has at least 60 scenarios, and every rule fires in one and is shown not to fire in another", () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(60);
    for (const rule of RULES) {
      expect(
        scenarios.some((s) => s.fires.includes(rule.id)),
        `${rule.id} fires somewhere`,
      ).toBe(true);
      expect(
        scenarios.some((s) => s.notFires.includes(rule.id)),
        `${rule.id} is shown not to fire somewhere`,
      ).toBe(true);
    }
  });

  it.each(scenarios.map((s) => [s.name, s] as const))("%s", (_name, scenario) => {
    const result = checkClaim(ref, scenario.claim, { history: scenario.history, policies });
    const ids = [...new Set(result.findings.map((f) => f.ruleId))].sort();
    // Once `ids` equals `fires`, "not fired" holds for any id outside `fires`: what can still be
    // wrong is the scenario itself, an id no rule has (a typo) or one listed both ways.
    const ruleIds = new Set(RULES.map((rule) => rule.id));
    for (const id of scenario.notFires) {
      expect(ruleIds.has(id), `notFires names "${id}", which is no rule`).toBe(true);
      expect(scenario.fires, `"${id}" is listed in both fires and notFires`).not.toContain(id);
    }
    expect(ids, scenario.description).toEqual([...scenario.fires].sort());
    for (const [id, severity] of Object.entries(scenario.severities)) {
      expect(result.findings.filter((f) => f.ruleId === id).map((f) => f.severity)).toContain(
        severity,
      );
    }
    for (const finding of result.findings) {
      expect(finding.source.key.length).toBeGreaterThan(0);
      expect(finding.message.length).toBeGreaterThan(20);
    }
  });
});

describe("the same claims as X12 837P", () => {
  it("parse back to the same claims and give the same findings", () => {
    const text = writeX12837p(scenarios.map((s) => s.claim));
    const parsed = parseClaims(text, "scenarios.837p");
    expect(parsed).toHaveLength(scenarios.length);
    parsed.forEach((claim, i) => {
      const scenario = scenarios[i]!;
      const original = scenario.claim;
      expect({
        id: claim.id,
        payer: claim.payer,
        dateOfService: claim.dateOfService,
        placeOfService: claim.placeOfService,
        diagnoses: claim.diagnoses,
        lines: claim.lines.map(withoutOrigin),
        priorAuthorization: claim.priorAuthorization,
        patientId: claim.patientId,
        renderingNpi: claim.renderingNpi,
      }).toEqual({
        id: original.id,
        payer: original.payer,
        dateOfService: original.dateOfService,
        placeOfService: original.placeOfService,
        diagnoses: original.diagnoses,
        lines: original.lines,
        priorAuthorization: original.priorAuthorization,
        patientId: original.patientId,
        renderingNpi: original.renderingNpi,
      });
      // 837P has no place for procedure facts (levels, relief): they travel beside the file.
      if (original.facts) claim.facts = original.facts;
      expect(fired(claim, scenario.history), scenario.name).toEqual(
        fired(original, scenario.history),
      );
      expect(checkClaim(ref, claim, { history: scenario.history, policies }).findings).toEqual(
        checkClaim(ref, original, { history: scenario.history, policies }).findings,
      );
    });
  });
});
