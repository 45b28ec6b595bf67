import type { Rule } from "./rule.js";
import { lineLabel, linePath, makeFinding } from "./rule-helpers.js";
import { SOURCES } from "./sources.js";

/**
 * Facet codes count joint levels, one unit per code: not injections, not nerves (two medial
 * branch nerves make one level) and not sides (a bilateral level is one unit with modifier 50).
 * Two units with no side modifier is left to `bilateral-two-units`.
 */
export const facetUnitsNotLevels: Rule = {
  id: "facet-units-not-levels",
  title:
    "Facet code billed with more than one unit (injections or nerves counted instead of levels)",
  source: SOURCES.facetArticle,
  check(context) {
    const findings = [];
    for (const ref of context.lines) {
      if (ref.info?.family !== "facet-injection" || ref.line.units <= 1) continue;
      if (ref.line.units === 2 && ref.side === undefined) continue;
      const next =
        ref.info.ordinal === 1
          ? "the add-on code for each further level"
          : ref.info.ordinal === 2
            ? "the third-level add-on code"
            : "nothing more: it already covers every level beyond two";
      findings.push(
        makeFinding(
          this,
          "error",
          linePath(ref, "units"),
          `${lineLabel(ref)} has ${ref.line.units} units. Facet codes count joint levels, one unit each: injections and nerves are not levels (two medial branch nerves block one joint), and a bilateral level is one unit with modifier 50.`,
          `Bill ${ref.line.code} with 1 unit and report further levels with ${next}.`,
        ),
      );
    }
    return findings;
  },
};
