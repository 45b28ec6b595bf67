import type { Rule } from "./rule.js";
import type { Finding } from "./finding.js";
import { policyCitation, rulesOfKind } from "./policies/policy-book.js";
import { lineLabel, linePath, makeFinding } from "./rule-helpers.js";

/**
 * Services a payer's policy in force on the date of service calls experimental, unproven or not
 * medically necessary: therapeutic facet injections, ultrasound guidance, non-thermal RF.
 */
export const policyNotCovered: Rule = {
  id: "policy-not-covered",
  title: "Service the payer's policy does not cover",
  source: { key: "PAYER-POLICY", title: "The payer's policy file in data/policies (per version)" },
  appliesTo: (context) => rulesOfKind(context.policy, "not-covered").length > 0,
  check(context) {
    const findings: Finding[] = [];
    const facts = context.claim.facts;
    const payer = context.payerPolicy?.name ?? context.claim.payer;
    for (const rule of rulesOfKind(context.policy, "not-covered")) {
      let hit: { path: string; what: string } | undefined;
      if (rule.service === "therapeutic-facet" && facts?.purpose === "therapeutic") {
        const line = context.lines.find((ref) => ref.info?.family === "facet-injection");
        if (line) {
          hit = {
            path: linePath(line, "code"),
            what: `${lineLabel(line)} is a therapeutic facet injection`,
          };
        }
      } else if (rule.service === "ultrasound-guidance") {
        const line = context.lines.find(
          (ref) => ref.line.code === "76942" || ref.info?.family === "ultrasound-facet",
        );
        if (line) {
          hit = {
            path: linePath(line, "code"),
            what: `${lineLabel(line)} reports ultrasound guidance`,
          };
        } else if (
          facts?.guidance === "ultrasound" &&
          context.lines.some(
            (ref) =>
              ref.info?.family === "facet-injection" ||
              ref.info?.family === "transforaminal-epidural",
          )
        ) {
          hit = { path: "facts.guidance", what: "the injection was guided by ultrasound" };
        }
      } else if (
        rule.service === "non-thermal-radiofrequency" &&
        facts?.ablationTechnique !== undefined &&
        facts.ablationTechnique !== "thermal"
      ) {
        const line = context.lines.find((ref) => ref.info?.family === "facet-rfa");
        if (line) {
          hit = {
            path: "facts.ablationTechnique",
            what: `${lineLabel(line)} is ${facts.ablationTechnique} ablation`,
          };
        }
      }
      if (!hit) continue;
      findings.push(
        makeFinding(
          this,
          "warning",
          hit.path,
          `${hit.what}, which ${payer}'s policy does not cover. ${rule.note ?? ""}`.trim(),
          "Confirm the plan's benefit before the service and get the patient's written agreement to pay, or do not bill it as covered.",
          policyCitation(context.policy!),
        ),
      );
    }
    return findings;
  },
};
