import type { Rule } from "./rule.js";
import { lineLabel, linePath, makeFinding } from "./rule-helpers.js";
import { SOURCES, withEdition } from "./sources.js";

/**
 * A thoracic paravertebral block (64461–64463) is not a facet procedure. NCCI pairs 64461–64463
 * with 64490–64492 at modifier indicator 0 (never paid together); with the lumbar facet codes
 * there is no NCCI edit, but the LCDs do not cover different blocks the same day as a facet
 * procedure, and the pairing is usually a coding mix-up ("paravertebral" in the facet descriptor
 * means the facet joint).
 */
export const facetWithParavertebralBlock: Rule = {
  id: "facet-with-paravertebral-block",
  title: "Facet procedure and thoracic paravertebral block in the same session",
  source: SOURCES.paravertebralWithFacet,
  check(context) {
    const findings = [];
    for (const [, refs] of context.days) {
      const blocks = refs.filter((ref) => ref.info?.family === "paravertebral-block");
      if (blocks.length === 0) continue;
      for (const facet of refs.filter(
        (ref) => ref.info?.family === "facet-injection" || ref.info?.family === "facet-rfa",
      )) {
        const block = blocks[0]!;
        const edit = context.ref.ncci.ptp.get(`${block.line.code}|${facet.line.code}`);
        const never = edit?.modifierIndicator === "0";
        findings.push(
          makeFinding(
            this,
            never ? "error" : "warning",
            linePath(facet, "code"),
            never
              ? `${lineLabel(block)} (thoracic paravertebral block) and ${lineLabel(facet)} (facet procedure) are never paid together (NCCI modifier indicator 0); ${facet.line.code} will be denied.`
              : `${lineLabel(block)} (thoracic paravertebral block) is billed in the same session as ${lineLabel(facet)}. Medicare's facet LCDs do not cover different blocks on the same day as a facet procedure, and a "paravertebral facet" injection is coded 6449x alone.`,
            "Check the procedure note: if only facet joints or their medial branches were injected, remove the 6446x line; if a real paravertebral block was done, it belongs to a separate session.",
            never ? withEdition(this.source, context.ref.ncci.ptpSource.edition) : this.source,
          ),
        );
      }
    }
    return findings;
  },
};
