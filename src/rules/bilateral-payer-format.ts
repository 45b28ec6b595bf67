import type { Rule } from "./rule.js";
import type { Finding } from "./finding.js";
import { isMedicare, lineLabel, linePath, makeFinding } from "./rule-helpers.js";
import { SOURCES } from "./sources.js";

/**
 * The payer's bilateral format (policy data): Medicare and the payers that follow it want one
 * line with modifier 50 and 1 unit; some want two lines, RT and LT. A claim in the other format
 * is flagged with the payer's policy as the source.
 */
export const bilateralPayerFormat: Rule = {
  id: "bilateral-payer-format",
  title: "Bilateral format differs from the payer's preference (modifier 50 vs RT/LT)",
  source: SOURCES.bilateralManual,
  appliesTo: (context) => context.bilateralFormat !== undefined,
  check(context) {
    // Medicare's bilateral format is its claims manual's rule (IOM 100-04 ch.12 §40.7), whatever
    // notice the policy book cites for the MAC's other requirements.
    const source = isMedicare(context)
      ? this.source
      : context.policy
        ? {
            key: context.policy.source.key,
            title: context.policy.source.title,
            ...(context.policy.source.url ? { url: context.policy.source.url } : {}),
            ...(context.policy.effective ? { effective: context.policy.effective } : {}),
          }
        : this.source;
    const payer = context.payerPolicy?.name ?? context.claim.payer;
    const findings: Finding[] = [];
    for (const [, refs] of context.days) {
      if (context.bilateralFormat === "modifier-50") {
        const seen = new Set<string>();
        for (const ref of refs) {
          if (ref.side !== "left" || seen.has(ref.line.code)) continue;
          const right = refs.find(
            (other) => other.line.code === ref.line.code && other.side === "right",
          );
          if (!right) continue;
          seen.add(ref.line.code);
          findings.push(
            makeFinding(
              this,
              "warning",
              linePath(right),
              `${lineLabel(right)} and ${lineLabel(ref)} report one bilateral procedure as two lines; ${payer} wants one line with modifier 50 and 1 unit.`,
              `Replace both lines with ${ref.line.code}-50, 1 unit.`,
              source,
            ),
          );
        }
      } else {
        for (const ref of refs) {
          if (ref.side !== "bilateral" || !ref.info) continue;
          findings.push(
            makeFinding(
              this,
              "warning",
              linePath(ref, "modifiers"),
              `${lineLabel(ref)} uses modifier 50; ${payer} wants a bilateral procedure on two lines, RT and LT.`,
              `Bill ${ref.line.code}-RT and ${ref.line.code}-LT, 1 unit each.`,
              source,
            ),
          );
        }
      }
    }
    return findings;
  },
};
