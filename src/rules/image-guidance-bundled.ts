import type { Rule } from "./rule.js";
import { includesImageGuidance } from "../analyze/procedure-coder/code-catalog.js";
import { DISTINCT_SERVICE_MODIFIERS, lineLabel, linePath, makeFinding } from "./rule-helpers.js";
import { SOURCES } from "./sources.js";

/**
 * 64490–64495, 64633–64636, 64479–64484 and 64461–64463 include their imaging guidance, so
 * 77002, 77003, 77012 and 76942 billed beside them on the same day are not paid (NCCI PTP,
 * modifier indicator 1). A distinct-service modifier is acceptable only when the imaging guided
 * a separate, unrelated procedure.
 */
export const imageGuidanceBundled: Rule = {
  id: "image-guidance-bundled",
  title: "Imaging guidance billed beside a procedure that includes it",
  source: SOURCES.imageGuidance,
  check(context) {
    const findings = [];
    for (const [, refs] of context.days) {
      const including = refs.find((ref) => includesImageGuidance(ref.line.code));
      if (!including) continue;
      for (const ref of refs) {
        if (ref.info?.family !== "image-guidance") continue;
        const distinct = ref.line.modifiers.find((m) => DISTINCT_SERVICE_MODIFIERS.has(m));
        findings.push(
          distinct === undefined
            ? makeFinding(
                this,
                "error",
                linePath(ref, "code"),
                `${lineLabel(ref)} is imaging guidance, and ${lineLabel(including)} already includes its fluoroscopy or CT guidance: ${ref.line.code} will be denied as bundled.`,
                `Remove ${ref.line.code}; the guidance is paid within ${including.line.code}.`,
              )
            : makeFinding(
                this,
                "warning",
                linePath(ref, "modifiers"),
                `${lineLabel(ref)} carries ${distinct} beside ${lineLabel(including)}, which includes its own guidance. That is only right if the imaging guided a separate, unrelated procedure.`,
                `Keep ${distinct} only if the record documents the separate procedure; otherwise remove ${ref.line.code}.`,
              ),
        );
      }
    }
    return findings;
  },
};
