import type { Rule } from "./rule.js";
import { factLevels, lineLabel, linePath, makeFinding } from "./rule-helpers.js";
import { SOURCES } from "./sources.js";

/**
 * The same level reported twice: the same facet code on two lines for the same side on one day,
 * or a level listed twice in the procedure facts (left and right at one level is one bilateral level).
 */
export const facetDuplicateLevel: Rule = {
  id: "facet-duplicate-level",
  title: "The same facet level reported twice",
  source: SOURCES.facetArticle,
  check(context) {
    const findings = [];
    for (const [date, refs] of context.days) {
      if (refs.length < 2) continue; // one line cannot repeat another
      const seen = new Map<string, (typeof refs)[number]>();
      for (const ref of refs) {
        if (ref.info?.family !== "facet-injection" && ref.info?.family !== "facet-rfa") continue;
        if (ref.info.family === "facet-rfa" && ref.info.role === "add-on") continue; // 64634/64636 repeat per joint
        const key = `${ref.line.code}|${ref.side ?? "unsided"}`;
        const first = seen.get(key);
        if (first) {
          findings.push(
            makeFinding(
              this,
              "error",
              linePath(ref),
              `${lineLabel(ref)} repeats ${lineLabel(first)} on ${date}: each facet code stands for one level, so the same code twice for the same side bills one level twice.`,
              "Delete the duplicate line; bill further levels with the add-on codes and both sides with the payer's bilateral format.",
            ),
          );
        } else seen.set(key, ref);
      }
    }
    if (context.claim.facts?.levels === undefined) return findings;
    const counts = new Map<string, string[]>();
    for (const item of factLevels(context.claim)) {
      counts.set(item.level.name, [...(counts.get(item.level.name) ?? []), item.side]);
    }
    for (const [level, sides] of counts) {
      if (sides.length < 2) continue;
      findings.push(
        makeFinding(
          this,
          "error",
          "facts.levels",
          `Level ${level} is listed ${sides.length} times (${sides.join(", ")}). Left and right at one level are one bilateral level, never two levels.`,
          `List ${level} once, side "bilateral", and code it as one level.`,
        ),
      );
    }
    return findings;
  },
};
