import type { Rule } from "./rule.js";
import type { CodingRegion } from "../analyze/procedure-coder/code-catalog.js";
import { codingRegionOf } from "../sources/claims/spinal-levels.js";
import { factLevels, lineLabel, linePath, makeFinding, regionLabel } from "./rule-helpers.js";
import { SOURCES } from "./sources.js";

/**
 * Facet, RF and transforaminal codes are split by region: 64490–64492 cervical/thoracic,
 * 64493–64495 lumbar/sacral (likewise 64633/4 vs 64635/6, 64479/80 vs 64483/4). A lumbar level
 * coded 64492, or a code whose region differs from the levels treated, is the wrong code. The
 * one sanctioned crossing is 64494 after 64490 (T12-L1 then L1-L2).
 */
/** Families whose add-ons must stay in their primary's region (a module constant: no array per line). */
const ADD_ON_FAMILIES: ReadonlySet<string> = new Set([
  "facet-injection",
  "facet-rfa",
  "transforaminal-epidural",
]);

export const facetRegionMismatch: Rule = {
  id: "facet-region-mismatch",
  title: "Code from the wrong spinal region",
  source: SOURCES.facetArticle,
  check(context) {
    const findings = [];
    for (const [, refs] of context.days) {
      for (const ref of refs) {
        const info = ref.info;
        if (info?.role !== "add-on" || !info.region || !ADD_ON_FAMILIES.has(info.family)) {
          continue;
        }
        const primaries = refs.filter(
          (other) => other.info?.family === info.family && other.info.role === "primary",
        );
        if (primaries.length === 0 || primaries.some((p) => p.info?.region === info.region)) {
          continue;
        }
        if (ref.line.code === "64494" && primaries.some((p) => p.line.code === "64490")) continue;
        const other = primaries[0]!;
        findings.push(
          makeFinding(
            this,
            "error",
            linePath(ref, "code"),
            `${lineLabel(ref)} is a ${regionLabel(info.region)} add-on, but the primary procedure on this claim, ${lineLabel(other)}, is ${regionLabel(other.info!.region!)}. A further level must be coded in the region it is in.`,
            `Use the ${regionLabel(other.info!.region!)} add-on for the next level (e.g. 64494 for the second lumbar level, 64495 for the third and beyond).`,
          ),
        );
      }
    }
    const levels = factLevels(context.claim);
    if (levels.length > 0) {
      const treated = new Set<CodingRegion>(levels.map((item) => codingRegionOf(item.level)));
      for (const ref of context.lines) {
        const info = ref.info;
        if (
          !info?.region ||
          (info.family !== "facet-injection" && info.family !== "facet-rfa") ||
          treated.has(info.region)
        ) {
          continue;
        }
        if (
          ref.line.code === "64494" &&
          treated.has("cervical-thoracic") &&
          levels.some((l) => l.level.name === "L1-L2")
        ) {
          continue;
        }
        findings.push(
          makeFinding(
            this,
            "error",
            linePath(ref, "code"),
            `${lineLabel(ref)} is a ${regionLabel(info.region)} code, but the levels treated (${levels.map((l) => l.level.name).join(", ")}) are not in that region.`,
            "Code each level with the codes of its own region (T12-L1 belongs to cervical/thoracic).",
          ),
        );
      }
    }
    return findings;
  },
};
