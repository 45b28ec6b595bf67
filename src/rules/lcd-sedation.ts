import type { Rule } from "./rule.js";
import type { Finding } from "./finding.js";
import { isMedicare, lineLabel, linePath, makeFinding } from "./rule-helpers.js";
import { SOURCES } from "./sources.js";

/**
 * Medicare facet LCDs: general anesthesia is never reasonable and necessary for facet
 * procedures; moderate sedation or MAC is not routinely necessary for facet blocks (payable only
 * in rare documented cases, on appeal), though it may be for RF ablation when documented.
 */
export const lcdSedation: Rule = {
  id: "lcd-sedation",
  title: "Sedation or anesthesia with a facet procedure (Medicare LCD)",
  source: SOURCES.lcdSedation,
  appliesTo: (context) =>
    isMedicare(context) &&
    context.lines.some(
      (ref) => ref.info?.family === "facet-injection" || ref.info?.family === "facet-rfa",
    ),
  check(context) {
    const findings: Finding[] = [];
    const blockOnly = !context.lines.some((ref) => ref.info?.family === "facet-rfa");
    for (const ref of context.lines) {
      if (ref.info?.family !== "sedation" && ref.info?.family !== "anesthesia") continue;
      if (!blockOnly && ref.info.family === "sedation") {
        findings.push(
          makeFinding(
            this,
            "info",
            linePath(ref, "code"),
            `${lineLabel(ref)}: sedation with a radiofrequency ablation is covered only when the record documents why it was needed.`,
            "Keep the sedation justification in the procedure note.",
          ),
        );
        continue;
      }
      findings.push(
        makeFinding(
          this,
          "warning",
          linePath(ref, "code"),
          `${lineLabel(ref)}: ${ref.info.family === "anesthesia" ? "anesthesia" : "moderate sedation"} billed with a facet ${blockOnly ? "block" : "procedure"}. Medicare's facet LCDs do not consider it reasonable and necessary except in rare documented cases; expect a denial.`,
          "Do not bill sedation routinely with facet blocks; when truly needed, document why and expect to appeal.",
        ),
      );
    }
    if (context.claim.facts?.sedation === "general") {
      findings.push(
        makeFinding(
          this,
          "warning",
          "facts.sedation",
          "The procedure was done under general anesthesia, which the Medicare facet LCDs never consider reasonable and necessary for facet procedures.",
          "Expect the anesthesia to be denied; obtain an ABN beforehand.",
        ),
      );
    }
    return findings;
  },
};
