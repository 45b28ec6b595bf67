import type { Rule } from "./rule.js";
import { isMedicare, lineLabel, linePath, makeFinding } from "./rule-helpers.js";
import { SOURCES } from "./sources.js";

/**
 * Medicare facet LCDs: every diagnostic facet block line carries modifier KX; without it the
 * block counts toward the therapeutic-session limit. KX on a therapeutic block is misuse that
 * triggers review.
 */
export const lcdKxDiagnostic: Rule = {
  id: "lcd-kx-diagnostic",
  title: "KX modifier on diagnostic facet blocks (Medicare LCD)",
  source: SOURCES.lcdNoridianQa,
  appliesTo: (context) => isMedicare(context) && context.claim.facts?.purpose !== undefined,
  check(context) {
    const purpose = context.claim.facts?.purpose;
    const findings = [];
    for (const ref of context.lines) {
      if (ref.info?.family !== "facet-injection") continue;
      const hasKx = ref.line.modifiers.includes("KX");
      if (purpose === "diagnostic" && !hasKx) {
        findings.push(
          makeFinding(
            this,
            "warning",
            linePath(ref, "modifiers"),
            `${lineLabel(ref)} is a diagnostic block without modifier KX; Medicare will count it as a therapeutic session, which has its own limit and criteria.`,
            `Append KX to ${ref.line.code} when the diagnostic-block criteria are documented.`,
          ),
        );
      } else if (purpose === "therapeutic" && hasKx) {
        findings.push(
          makeFinding(
            this,
            "warning",
            linePath(ref, "modifiers"),
            `${lineLabel(ref)} is a therapeutic block but carries KX, which marks a diagnostic block; aberrant KX use triggers medical review.`,
            "Remove KX from therapeutic facet blocks.",
          ),
        );
      }
    }
    return findings;
  },
};
