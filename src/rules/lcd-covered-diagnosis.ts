import type { Rule } from "./rule.js";
import type { CodingRegion } from "../analyze/procedure-coder/code-catalog.js";
import { isMedicare, lineLabel, linePath, makeFinding, regionLabel } from "./rule-helpers.js";
import { SOURCES } from "./sources.js";

/**
 * Covered ICD-10-CM codes for facet procedures (Noridian JE A58403 as summarised; secondary):
 * spondylosis M47.812–M47.817 and M47.892–M47.897, M48.12–M48.17, M53.82–M53.87, by region
 * digit (2 cervical, 3 cervicothoracic, 4 thoracic, 5 thoracolumbar, 6 lumbar, 7 lumbosacral).
 * Cervicalgia, thoracic pain, low back pain and radiculopathy codes are not on the list.
 */
const COVERED_PREFIXES = ["M47.81", "M47.89", "M48.1", "M53.8"];
const REGION_DIGITS: Record<CodingRegion, string> = {
  "cervical-thoracic": "2345",
  "lumbar-sacral": "567",
};

/** True when `code` is on the covered list for `region`. */
export function coveredForFacet(code: string, region: CodingRegion): boolean {
  const prefix = COVERED_PREFIXES.find((p) => code.startsWith(p) && code.length === p.length + 1);
  if (!prefix) return false;
  return REGION_DIGITS[region].includes(code.slice(-1));
}

export const lcdCoveredDiagnosis: Rule = {
  id: "lcd-covered-diagnosis",
  title: "No covered diagnosis for the facet procedure's region (Medicare LCD)",
  source: SOURCES.lcdDiagnoses,
  appliesTo: isMedicare,
  check(context) {
    const findings = [];
    for (const ref of context.lines) {
      // Add-ons (64491 with 64490) too: each line is adjudicated against its own diagnosis pointers.
      if (ref.info?.family !== "facet-injection" && ref.info?.family !== "facet-rfa") continue;
      // An add-on is judged with its primary's region (a wrong-region add-on is facet-region-mismatch's finding).
      const family = ref.info.family;
      const primary =
        ref.info.role === "add-on"
          ? context.lines.find(
              (other) => other.info?.family === family && other.info.role === "primary",
            )
          : undefined;
      const region = primary?.info?.region ?? ref.info.region!;
      const pointed =
        ref.line.diagnosisPointers.length > 0
          ? ref.line.diagnosisPointers
              .map((p) => context.claim.diagnoses[p - 1])
              .filter((d): d is string => d !== undefined)
          : context.claim.diagnoses;
      if (pointed.some((code) => coveredForFacet(code, region))) continue;
      const examples =
        region === "cervical-thoracic"
          ? "M47.812 (cervical spondylosis) or M47.814 (thoracic)"
          : "M47.816 (lumbar spondylosis) or M47.817 (lumbosacral)";
      findings.push(
        makeFinding(
          this,
          "warning",
          linePath(ref, "diagnosisPointers"),
          `${lineLabel(ref)} points to ${pointed.length > 0 ? pointed.join(", ") : "no diagnosis"}, none of which is on the LCD's covered list for a ${regionLabel(region)} facet procedure${pointed.some((d) => /^M54\.|^M50\.1/.test(d)) ? " (pain-symptom and radiculopathy codes such as M54.2, M54.5x, M54.1x, M50.1x do not support a facet procedure)" : ""}.`,
          `Point the line at the documented facet diagnosis for that region, e.g. ${examples}.`,
        ),
      );
    }
    return findings;
  },
};
