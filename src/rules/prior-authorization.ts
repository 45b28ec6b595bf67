import type { Rule } from "./rule.js";
import type { Finding } from "./finding.js";
import { rulesOfKind } from "./policies/policy-book.js";
import { lineLabel, linePath, makeFinding } from "./rule-helpers.js";

/**
 * Prior authorization required by the payer's policy in force on the date of service (by code,
 * and for Medicare only in hospital outpatient places of service 19 and 22). A claim without a
 * prior authorization number (837P REF*G1, `priorAuthorization`) is flagged.
 */
export const priorAuthorization: Rule = {
  id: "prior-authorization",
  title: "Prior authorization required and none on the claim",
  source: { key: "PAYER-POLICY", title: "The payer's policy file in data/policies (per version)" },
  appliesTo: (context) =>
    rulesOfKind(context.policy, "prior-authorization").length > 0 &&
    context.claim.priorAuthorization === undefined,
  check(context) {
    const findings: Finding[] = [];
    const version = context.policy!;
    for (const rule of rulesOfKind(version, "prior-authorization")) {
      if (rule.placesOfService && !rule.placesOfService.includes(context.claim.placeOfService)) {
        continue;
      }
      const lines = context.lines.filter((ref) => rule.codes.includes(ref.line.code));
      const first = lines[0];
      if (!first) continue;
      const where = rule.placesOfService
        ? ` in place of service ${context.claim.placeOfService}`
        : "";
      findings.push(
        makeFinding(
          this,
          "warning",
          linePath(first, "code"),
          `${context.payerPolicy?.name ?? context.claim.payer} requires prior authorization for ${lines.map(lineLabel).join(", ")}${where} on ${context.claim.dateOfService}, and the claim carries no authorization number. ${rule.note ?? ""}`.trim(),
          "Enter the prior authorization number (837P REF*G1); if none was obtained, the claim will be denied as a condition of payment.",
          {
            key: version.source.key,
            title: version.source.title,
            ...(version.source.url ? { url: version.source.url } : {}),
            ...(version.effective ? { effective: version.effective } : {}),
          },
        ),
      );
    }
    return findings;
  },
};
