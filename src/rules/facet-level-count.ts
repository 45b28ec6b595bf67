import type { Rule } from "./rule.js";
import { codeFor, type CodingRegion } from "../analyze/procedure-coder/code-catalog.js";
import { codingRegionOf } from "../sources/claims/spinal-levels.js";
import { factLevels, makeFinding, regionLabel } from "./rule-helpers.js";
import { SOURCES } from "./sources.js";

/**
 * When the claim carries the levels treated, the facet codes must match the number of distinct
 * joint levels per region: one bilateral level is one level, and nerves are not levels. T12-L1
 * with L1-L2 is 64490 + 64494 (the add-on follows the second level's region).
 */
export const facetLevelCount: Rule = {
  id: "facet-level-count",
  title: "Facet codes do not match the number of joint levels treated",
  source: SOURCES.facetCodingGuideline,
  appliesTo: (context) =>
    (context.claim.facts?.levels?.length ?? 0) > 0 &&
    (context.claim.facts?.procedure ?? "facet-injection") === "facet-injection",
  check(context) {
    const levels = factLevels(context.claim);
    const distinct = new Map<string, CodingRegion>();
    for (const item of levels) distinct.set(item.level.name, codingRegionOf(item.level));
    const findings = [];
    const facetLines = context.lines.filter((ref) => ref.info?.family === "facet-injection");
    if (facetLines.length === 0) return [];
    for (const region of ["cervical-thoracic", "lumbar-sacral"] as const) {
      const treated = [...distinct.values()].filter((r) => r === region).length;
      // Which ordinal slots the region's codes fill; 64494 after 64490 is the T12-L1 + L1-L2 case.
      const slots = new Set<number>();
      for (const ref of facetLines) {
        if (ref.info?.region === region && ref.info.ordinal !== undefined) {
          slots.add(ref.info.ordinal);
        }
      }
      const billed = slots.has(3) ? Math.max(3, treated) : slots.has(2) ? 2 : slots.has(1) ? 1 : 0;
      const crossOver =
        region === "lumbar-sacral" && slots.has(2) && !slots.has(1) && distinct.size >= 2;
      if (crossOver) continue;
      if (billed === treated || (treated === 0 && billed === 0)) continue;
      if (treated === 0) continue; // codes for a region with no documented levels: facet-region-mismatch says so
      const expected = [1, 2, 3]
        .filter((n) => n <= Math.min(treated, 3))
        .map((n) => codeFor("facet-injection", region, n as 1 | 2 | 3))
        .join(", ");
      findings.push(
        makeFinding(
          this,
          "error",
          "lines",
          `The procedure facts list ${treated} ${regionLabel(region)} joint level(s) (${[
            ...distinct,
          ]
            .filter(([, r]) => r === region)
            .map(([name]) => name)
            .join(
              ", ",
            )}), but the facet codes bill ${billed}. Count joints: two medial branch nerves are one level and a bilateral level is one level.`,
          `Bill ${expected} (one line each, 1 unit; bilateral levels with the payer's bilateral format).`,
        ),
      );
    }
    return findings;
  },
};
