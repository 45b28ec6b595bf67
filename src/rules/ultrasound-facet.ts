import type { Rule } from "./rule.js";
import { isMedicare, lineLabel, linePath, makeFinding } from "./rule-helpers.js";
import { SOURCES } from "./sources.js";

/**
 * 64490–64495 require fluoroscopy or CT. An ultrasound-guided facet injection (facts say
 * ultrasound, or 76942 is billed beside a facet code) is reported with Category III codes
 * 0213T–0218T instead, and the Medicare LCDs do not cover it (nor MRI-guided or unguided ones).
 */
export const ultrasoundFacet: Rule = {
  id: "ultrasound-facet",
  title: "Ultrasound-guided facet injection reported with 64490–64495, or not covered",
  source: SOURCES.ultrasoundFacet,
  check(context) {
    const findings = [];
    const guidance = context.claim.facts?.guidance;
    for (const [, refs] of context.days) {
      const ultrasoundLine = refs.find((ref) => ref.line.code === "76942");
      for (const ref of refs) {
        if (
          ref.info?.family === "facet-injection" &&
          (guidance === "ultrasound" || ultrasoundLine)
        ) {
          findings.push(
            makeFinding(
              this,
              "error",
              linePath(ref, "code"),
              `${lineLabel(ref)}: the injection was guided by ultrasound${ultrasoundLine ? ` (${lineLabel(ultrasoundLine)} is billed)` : ""}, but 64490–64495 describe fluoroscopy- or CT-guided injections.`,
              "Report an ultrasound-guided facet injection with 0213T–0218T (Category III), and expect Medicare and most payers to deny it as not covered.",
            ),
          );
        } else if (
          ref.info?.family === "facet-injection" &&
          (guidance === "mri" || guidance === "none")
        ) {
          findings.push(
            makeFinding(
              this,
              "warning",
              linePath(ref, "code"),
              `${lineLabel(ref)}: the facts say the injection was ${guidance === "mri" ? "MRI-guided" : "done without imaging"}; facet codes require fluoroscopy or CT and the LCDs do not cover other guidance.`,
              "Check the procedure note: if fluoroscopy or CT was used, correct the facts; otherwise the service is not billable as 64490–64495.",
            ),
          );
        } else if (ref.info?.family === "ultrasound-facet" && isMedicare(context)) {
          findings.push(
            makeFinding(
              this,
              "warning",
              linePath(ref, "code"),
              `${lineLabel(ref)} is an ultrasound-guided facet injection, which the Medicare facet LCDs do not cover.`,
              "Give the patient an ABN (modifier GA) before the service if it is to be billed to Medicare.",
            ),
          );
        }
      }
    }
    return findings;
  },
};
