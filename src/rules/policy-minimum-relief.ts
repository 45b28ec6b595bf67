import type { Rule } from "./rule.js";
import type { Finding } from "./finding.js";
import { policyCitation, rulesOfKind } from "./policies/policy-book.js";
import { makeFinding } from "./rule-helpers.js";

/**
 * A payer's relief prerequisites from the procedure facts: a second diagnostic block only after
 * the first gave at least N% relief (Aetna 80%); RF ablation only after two diagnostic blocks
 * with at least N% relief (eviCore 80%).
 */
export const policyMinimumRelief: Rule = {
  id: "policy-minimum-relief",
  title: "Prior blocks do not show the relief the payer's policy requires",
  source: { key: "PAYER-POLICY", title: "The payer's policy file in data/policies (per version)" },
  appliesTo: (context) => rulesOfKind(context.policy, "minimum-relief").length > 0,
  check(context) {
    const findings: Finding[] = [];
    const facts = context.claim.facts;
    const diagnostic = (facts?.priorBlocks ?? []).filter((block) => block.kind === "diagnostic");
    const isRfa = context.lines.some((ref) => ref.info?.family === "facet-rfa");
    const isSecondDiagnostic =
      facts?.purpose === "diagnostic" &&
      diagnostic.length >= 1 &&
      context.lines.some((ref) => ref.info?.family === "facet-injection");
    const payer = context.payerPolicy?.name ?? context.claim.payer;
    for (const rule of rulesOfKind(context.policy, "minimum-relief")) {
      if (
        (rule.before === "radiofrequency" && !isRfa) ||
        (rule.before === "second-diagnostic" && !isSecondDiagnostic)
      ) {
        continue;
      }
      const qualifying = diagnostic.filter((block) => block.reliefPercent >= rule.reliefPercent);
      if (qualifying.length >= rule.priorBlocks) continue;
      const shown =
        diagnostic.length > 0
          ? diagnostic.map((b) => `${b.date}: ${b.reliefPercent}%`).join(", ")
          : "no prior diagnostic blocks";
      findings.push(
        makeFinding(
          this,
          "warning",
          "facts.priorBlocks",
          `${payer} requires ${rule.priorBlocks} prior diagnostic block(s) with at least ${rule.reliefPercent}% relief before ${rule.before === "radiofrequency" ? "radiofrequency ablation" : "a second diagnostic block"}; the claim shows ${shown}.`,
          "Document the qualifying blocks and their relief, or do not proceed under this policy.",
          policyCitation(context.policy!),
        ),
      );
    }
    return findings;
  },
};
