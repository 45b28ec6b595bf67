import type { Rule } from "./rule.js";
import type { Finding } from "./finding.js";
import { isMedicare, lineLabel, linePath, makeFinding } from "./rule-helpers.js";
import { SOURCES } from "./sources.js";
import type { Claim } from "../sources/claims/claim.js";
import type { CodingRegion } from "../analyze/procedure-coder/code-catalog.js";
import type { PriorBlock } from "../sources/claims/procedure-facts.js";
import { codeInfo } from "../analyze/procedure-coder/code-catalog.js";

/**
 * Prior blocks from the patient's history claims in the RFA's region: a facet injection is a
 * diagnostic (or, by its facts, therapeutic) block and a facet RFA an ablation, with the relief
 * the history claim records (`facts.reliefPercent`, `reliefWeeks`); blocks without one are listed.
 */
function historyBlocks(
  history: readonly Claim[],
  region: CodingRegion | undefined,
): { blocks: PriorBlock[]; withoutRelief: string[] } {
  const blocks: PriorBlock[] = [];
  const withoutRelief: string[] = [];
  for (const earlier of history) {
    const info = earlier.lines
      .map((l) => codeInfo(l.code))
      .find(
        (i) =>
          (i?.family === "facet-injection" || i?.family === "facet-rfa") &&
          i.role === "primary" &&
          (region === undefined || i.region === region),
      );
    if (!info) continue;
    const relief = earlier.facts?.reliefPercent;
    if (relief === undefined) {
      withoutRelief.push(earlier.dateOfService);
      continue;
    }
    const kind =
      info.family === "facet-rfa"
        ? "radiofrequency"
        : earlier.facts?.purpose === "therapeutic"
          ? "therapeutic"
          : "diagnostic";
    const block: PriorBlock = { date: earlier.dateOfService, kind, reliefPercent: relief };
    if (earlier.facts?.reliefWeeks !== undefined) block.durationWeeks = earlier.facts.reliefWeeks;
    blocks.push(block);
  }
  return { blocks, withoutRelief };
}

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
  appliesTo: (context) =>
    isMedicare(context) &&
    context.lines.some((ref) => ref.info?.family === "facet-rfa" && ref.info.role === "primary"),
  check(context) {
    const first = context.lines.find(
      (ref) => ref.info?.family === "facet-rfa" && ref.info.role === "primary",
    )!;
    const facts = context.claim.facts;
    const findings: Finding[] = [];
    const region = first.info!.region;
    const fromHistory = historyBlocks(context.history, region);
    const blocks = [...(facts?.priorBlocks ?? []), ...fromHistory.blocks];
    const priorRfa = blocks
      .filter((b) => b.kind === "radiofrequency")
      .sort((a, b) => a.date.localeCompare(b.date))
      .at(-1);
    if (priorRfa) {
      if (priorRfa.reliefPercent < 50 || (priorRfa.durationWeeks ?? 0) < 26) {
        findings.push(
          makeFinding(
            this,
            "warning",
            "facts.priorBlocks",
            `${lineLabel(first)} repeats an ablation (last on ${priorRfa.date}: ${priorRfa.reliefPercent}% relief${priorRfa.durationWeeks !== undefined ? ` for ${priorRfa.durationWeeks} weeks` : ", duration not given"}); a repeat RFA is covered only after at least 50% relief lasting at least 6 months.`,
            "Document the prior ablation's relief and its duration, or do not bill the repeat to Medicare without an ABN.",
          ),
        );
      }
    } else {
      const qualifying = blocks.filter((b) => b.kind === "diagnostic" && b.reliefPercent >= 80);
      if (qualifying.length < 2) {
        const given = blocks
          .filter((b) => b.kind === "diagnostic")
          .map((b) => `${b.date}: ${b.reliefPercent}%`);
        const unknown =
          fromHistory.withoutRelief.length > 0
            ? ` The history shows diagnostic block(s) on ${fromHistory.withoutRelief.join(", ")} without a relief figure (facts.reliefPercent).`
            : "";
        const shown =
          given.length > 0
            ? `The claim and history show ${given.join(", ")}.`
            : fromHistory.withoutRelief.length > 0
              ? ""
              : "The claim and history give no prior diagnostic blocks.";
        findings.push(
          makeFinding(
            this,
            "warning",
            facts?.priorBlocks ? "facts.priorBlocks" : linePath(first),
            `${lineLabel(first)} is a radiofrequency ablation; Medicare covers it only after two diagnostic medial branch blocks each with at least 80% relief. ${shown}${unknown}`.trimEnd(),
            "Record the two qualifying diagnostic blocks (dates and relief, on this claim or the history claims) or perform the second block before ablating.",
          ),
        );
      }
    }
    const technique = facts?.ablationTechnique;
    if (technique !== undefined && technique !== "thermal") {
      findings.push(
        makeFinding(
          this,
          "warning",
          "facts.ablationTechnique",
          `${lineLabel(first)}: ${technique} ablation is not covered by the Medicare facet LCDs; only conventional thermal RF is.`,
          "Bill only thermal RF ablation to Medicare; obtain an ABN for other techniques.",
        ),
      );
    }
    return findings;
  },
};
