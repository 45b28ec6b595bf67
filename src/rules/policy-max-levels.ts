import type { Rule } from "./rule.js";
import type { Finding } from "./finding.js";
import { policyCitation, rulesOfKind } from "./policies/policy-book.js";
import { factLevels, makeFinding } from "./rule-helpers.js";

const FAMILY = {
  "facet-injection": "facet-injection",
  radiofrequency: "facet-rfa",
  "transforaminal-epidural": "transforaminal-epidural",
} as const;

/**
 * A payer's maximum levels per session (per session, or per side), from its policy in force on
 * the date of service. Levels come from the procedure facts when given, else from the codes
 * (first level + add-on units; a third-and-beyond add-on counts as one more level at least).
 */
export const policyMaxLevels: Rule = {
  id: "policy-max-levels",
  title: "More levels per session than the payer's policy allows",
  source: { key: "PAYER-POLICY", title: "The payer's policy file in data/policies (per version)" },
  appliesTo: (context) => rulesOfKind(context.policy, "max-levels-per-session").length > 0,
  check(context) {
    const findings: Finding[] = [];
    const facts = factLevels(context.claim);
    for (const rule of rulesOfKind(context.policy, "max-levels-per-session")) {
      const family = FAMILY[rule.procedure];
      const lines = context.lines.filter((ref) => ref.info?.family === family);
      if (lines.length === 0) continue;
      let count: number;
      let basis: string;
      if (facts.length > 0) {
        const sides = rule.per === "side" ? ["left", "right"] : ["any"];
        count = Math.max(
          ...sides.map(
            (side) =>
              new Set(
                facts
                  .filter((f) => side === "any" || f.side === side || f.side === "bilateral")
                  .map((f) => f.level.name),
              ).size,
          ),
        );
        basis = `the procedure facts list ${facts.map((f) => `${f.level.name} ${f.side}`).join(", ")}`;
      } else {
        // Per region and side: first level + add-on units, a -50 or unsided line counting on each
        // side, so RT + LT lines of one level are one level, as a bilateral line is.
        const levelsOn = (region: string, side: "left" | "right"): number => {
          let sum = 0;
          for (const ref of lines) {
            if (ref.info?.region !== region) continue;
            if (ref.side === side || ref.side === "bilateral" || ref.side === undefined) {
              sum += ref.info.role === "add-on" ? ref.line.units : 1;
            }
          }
          return sum;
        };
        count = Math.max(
          levelsOn("cervical-thoracic", "left"),
          levelsOn("cervical-thoracic", "right"),
          levelsOn("lumbar-sacral", "left"),
          levelsOn("lumbar-sacral", "right"),
        );
        basis = `the claim codes ${count} level(s)`;
      }
      if (count <= rule.maxLevels) continue;
      findings.push(
        makeFinding(
          this,
          "warning",
          facts.length > 0 ? "facts.levels" : "lines",
          `${context.payerPolicy?.name ?? context.claim.payer} allows at most ${rule.maxLevels} ${rule.procedure} level(s) per ${rule.per === "side" ? "side per session" : "session"}; ${basis} (${count}). ${rule.note ?? ""}`.trim(),
          "Limit the session to the payer's maximum or request an exception with the prior authorization.",
          policyCitation(context.policy!),
        ),
      );
    }
    return findings;
  },
};
