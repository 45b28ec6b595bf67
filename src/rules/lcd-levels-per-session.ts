import type { Rule } from "./rule.js";
import type { Finding } from "./finding.js";
import { codingRegionOf } from "../sources/claims/spinal-levels.js";
import {
  factLevels,
  isMedicare,
  lineLabel,
  linePath,
  makeFinding,
  regionLabel,
} from "./rule-helpers.js";
import { SOURCES } from "./sources.js";

/**
 * Medicare facet LCDs: at most two levels (unilateral or bilateral) per spinal region per
 * session. 64492 and 64495 (third and further levels) are non-covered; RF ablation of more than
 * two joints per region is likewise not covered. A coverage denial: warning, with the ABN advice.
 */
export const lcdLevelsPerSession: Rule = {
  id: "lcd-levels-per-session",
  title: "More than two facet levels per region in one session (Medicare LCD)",
  source: SOURCES.lcdCgs,
  appliesTo: isMedicare,
  check(context) {
    const findings: Finding[] = [];
    for (const ref of context.lines) {
      if (ref.line.code === "64492" || ref.line.code === "64495") {
        findings.push(
          makeFinding(
            this,
            "warning",
            linePath(ref, "code"),
            `${lineLabel(ref)} reports a third (or further) ${regionLabel(ref.info!.region!)} level. Medicare's facet LCDs cover at most two levels per region per session: this line will be denied as not reasonable and necessary.`,
            "Treat at most two levels per region per session, or have the patient sign an ABN before the service and add modifier GA to this line.",
          ),
        );
      }
      if (ref.info?.family === "facet-rfa" && ref.info.role === "add-on" && ref.line.units > 1) {
        findings.push(
          makeFinding(
            this,
            "warning",
            linePath(ref, "units"),
            `${lineLabel(ref)} adds ${ref.line.units} joints to the first: ${ref.line.units + 1} ${regionLabel(ref.info.region!)} joints ablated in one session, more than the two levels Medicare's LCDs cover.`,
            "Limit the session to two joints per region, or obtain an ABN (modifier GA) for the rest.",
          ),
        );
      }
    }
    const counts = new Map<string, Set<string>>();
    for (const item of factLevels(context.claim)) {
      const region = codingRegionOf(item.level);
      counts.set(region, (counts.get(region) ?? new Set()).add(item.level.name));
    }
    const billedThird = findings.length > 0;
    for (const [region, levels] of counts) {
      if (levels.size > 2 && !billedThird) {
        findings.push(
          makeFinding(
            this,
            "warning",
            "facts.levels",
            `The procedure facts list ${levels.size} ${regionLabel(region as "cervical-thoracic")} levels (${[...levels].join(", ")}) in one session; Medicare covers at most two per region.`,
            "Bill no more than two levels per region to Medicare, or obtain an ABN for the further levels.",
          ),
        );
      }
    }
    return findings;
  },
};
