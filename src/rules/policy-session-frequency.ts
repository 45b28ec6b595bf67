import type { Rule } from "./rule.js";
import type { Finding } from "./finding.js";
import { policyCitation, rulesOfKind } from "./policies/policy-book.js";
import { daysBetween, makeFinding, sessionKinds, withinTwelveMonths } from "./rule-helpers.js";

/**
 * A payer's limit on sessions per rolling 12 months (and minimum spacing), from its policy in
 * force on the date of service, counted over this claim and the patient's history with the
 * same payer.
 */
export const policySessionFrequency: Rule = {
  id: "policy-session-frequency",
  title: "More sessions per 12 months than the payer's policy allows",
  source: { key: "PAYER-POLICY", title: "The payer's policy file in data/policies (per version)" },
  appliesTo: (context) => rulesOfKind(context.policy, "max-sessions-per-12-months").length > 0,
  check(context) {
    const findings: Finding[] = [];
    const kinds = new Set(sessionKinds(context.claim).values());
    const samePayer = context.history.filter((claim) => claim.payer === context.claim.payer);
    const earlier = withinTwelveMonths(samePayer, context.claim.dateOfService);
    for (const rule of rulesOfKind(context.policy, "max-sessions-per-12-months")) {
      if (!kinds.has(rule.session as never)) continue;
      const dates = [
        ...new Set(
          earlier
            .filter((claim) => [...sessionKinds(claim).values()].includes(rule.session as never))
            .map((claim) => claim.dateOfService),
        ),
      ].sort();
      const payer = context.payerPolicy?.name ?? context.claim.payer;
      if (dates.length + 1 > rule.maxSessions) {
        findings.push(
          makeFinding(
            this,
            "warning",
            "dateOfService",
            `${payer} allows at most ${rule.maxSessions} ${rule.session} session(s) per rolling 12 months; with earlier sessions on ${dates.join(", ")} this is number ${dates.length + 1}.`,
            "Check the 12-month window before scheduling, or request an exception with the prior authorization.",
            policyCitation(context.policy!),
          ),
        );
      }
      const last = dates.at(-1);
      if (
        rule.minDaysBetween !== undefined &&
        last !== undefined &&
        daysBetween(last, context.claim.dateOfService) < rule.minDaysBetween
      ) {
        findings.push(
          makeFinding(
            this,
            "warning",
            "dateOfService",
            `${payer} wants at least ${rule.minDaysBetween} days between ${rule.session} sessions; the last was on ${last}, ${daysBetween(last, context.claim.dateOfService)} days before this one.`,
            "Reschedule after the minimum interval.",
            policyCitation(context.policy!),
          ),
        );
      }
    }
    return findings;
  },
};
