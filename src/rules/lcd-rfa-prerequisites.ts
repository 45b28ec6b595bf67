import type { Rule } from "./rule.js";
import type { Finding } from "./finding.js";
import { isMedicare, lineLabel, linePath, makeFinding } from "./rule-helpers.js";
import { SOURCES } from "./sources.js";

/**
 * Medicare facet LCDs, radiofrequency ablation (64633–64636): two diagnostic medial branch
 * blocks each with at least 80% relief before the first RFA; thermal RF only (pulsed, cooled,
 * chemical, cryo and laser are not covered); a repeat RFA needs at least 50% relief lasting six
 * months from the last one.
 */
export const lcdRfaPrerequisites: Rule = {
  id: "lcd-rfa-prerequisites",
  title: "Radiofrequency ablation prerequisites (Medicare LCD)",
  source: SOURCES.lcdRfa,
  appliesTo: (context) => isMedicare(context) && context.lines.some((ref) => ref.info?.family === "facet-rfa" && ref.info.role === "primary"),
  check(context) {
    const first = context.lines.find((ref) => ref.info?.family === "facet-rfa" && ref.info.role === "primary")!;
    const facts = context.claim.facts;
    const findings: Finding[] = [];
    const blocks = facts?.priorBlocks ?? [];
    const priorRfa = blocks.filter((b) => b.kind === "radiofrequency").sort((a, b) => a.date.localeCompare(b.date)).at(-1);
    if (priorRfa) {
      if (priorRfa.reliefPercent < 50 || (priorRfa.durationWeeks ?? 0) < 26) {
        findings.push(makeFinding(this, "warning", "facts.priorBlocks", `${lineLabel(first)} repeats an ablation (last on ${priorRfa.date}: ${priorRfa.reliefPercent}% relief${priorRfa.durationWeeks !== undefined ? ` for ${priorRfa.durationWeeks} weeks` : ", duration not given"}); a repeat RFA is covered only after at least 50% relief lasting at least 6 months.`, "Document the prior ablation's relief and its duration, or do not bill the repeat to Medicare without an ABN."));
      }
    } else {
      const qualifying = blocks.filter((b) => b.kind === "diagnostic" && b.reliefPercent >= 80);
      if (qualifying.length < 2) {
        const given = blocks.filter((b) => b.kind === "diagnostic").map((b) => `${b.date}: ${b.reliefPercent}%`);
        findings.push(makeFinding(this, "warning", facts?.priorBlocks ? "facts.priorBlocks" : linePath(first), `${lineLabel(first)} is a radiofrequency ablation; Medicare covers it only after two diagnostic medial branch blocks each with at least 80% relief. ${given.length > 0 ? `The claim shows ${given.join(", ")}.` : "The claim gives no prior diagnostic blocks."}`, "Attach the two qualifying diagnostic blocks (dates and relief) or perform the second block before ablating."));
      }
    }
    const technique = facts?.ablationTechnique;
    if (technique !== undefined && technique !== "thermal") {
      findings.push(makeFinding(this, "warning", "facts.ablationTechnique", `${lineLabel(first)}: ${technique} ablation is not covered by the Medicare facet LCDs; only conventional thermal RF is.`, "Bill only thermal RF ablation to Medicare; obtain an ABN for other techniques."));
    }
    return findings;
  },
};
