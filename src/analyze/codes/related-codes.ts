import type { CuratedCode } from "./code-catalogue.js";
import type { FamilyId } from "./code-families.js";
import type { RelatedCode } from "./code-entry.js";

/**
 * The families a reader of one code's page also needs: the ablation after the diagnostic blocks,
 * the blocks before an ablation, the epidural alternative, and the imaging that is included.
 */
const NEIGHBOUR_FAMILIES: Readonly<Record<FamilyId, readonly FamilyId[]>> = {
  "facet-injection": ["facet-rfa", "transforaminal-epidural", "imaging-guidance"],
  "facet-rfa": ["facet-injection", "imaging-guidance"],
  "transforaminal-epidural": ["facet-injection", "imaging-guidance"],
  "paravertebral-block": ["facet-injection", "imaging-guidance"],
  "imaging-guidance": [
    "facet-injection",
    "facet-rfa",
    "transforaminal-epidural",
    "paravertebral-block",
  ],
};

const FAMILY_RELATION: Readonly<Record<FamilyId, string>> = {
  "facet-injection": "facet joint injection / medial branch block",
  "facet-rfa": "facet radiofrequency ablation",
  "transforaminal-epidural": "transforaminal epidural injection",
  "paravertebral-block": "thoracic paravertebral block",
  "imaging-guidance": "imaging guidance",
};

/**
 * The curated relations first (they say the most), then every other code of the same family,
 * then the neighbouring families in the same region. Imaging codes related to a procedure that
 * includes guidance say so, so the list never reads as a second billable code.
 */
export function relatedCodesOf(
  code: CuratedCode,
  catalogue: readonly CuratedCode[],
): Omit<RelatedCode, "description">[] {
  const out: Omit<RelatedCode, "description">[] = code.related.map((r) => ({ ...r }));
  const seen = new Set<string>([code.code, ...code.related.map((r) => r.code)]);
  const add = (other: CuratedCode, relation: string): void => {
    if (seen.has(other.code)) return;
    seen.add(other.code);
    out.push({ code: other.code, relation });
  };
  for (const other of catalogue) {
    if (other.family === code.family) add(other, `same family: ${other.region}, ${other.level}`);
  }
  for (const family of NEIGHBOUR_FAMILIES[code.family]) {
    for (const other of catalogue) {
      const facetPair = isFacet(code.family) && isFacet(other.family);
      if (other.family !== family || (!facetPair && !sameRegion(code, other))) continue;
      add(other, relationTo(code, other));
    }
  }
  return out;
}

function relationTo(code: CuratedCode, other: CuratedCode): string {
  const name = FAMILY_RELATION[other.family];
  if (other.code === "76942" && code.family === "facet-injection") {
    // CPT's facet codes include fluoroscopy or CT only; ultrasound-guided facet injections are
    // reported with the Category III codes 0213T–0218T instead.
    return `ultrasound guidance: not reported with ${code.code} (ultrasound-guided facet injections are 0213T–0218T)`;
  }
  if (other.family === "imaging-guidance" && code.family !== "imaging-guidance") {
    return `${name}: included in ${code.code}, not reported for this procedure`;
  }
  if (code.family === "imaging-guidance") return `${name}, which includes this guidance`;
  return `${name}, ${other.region}, ${other.level}`;
}

/** Blocks and ablations of every region are one workflow a coder reads together. */
function isFacet(family: FamilyId): boolean {
  return family === "facet-injection" || family === "facet-rfa";
}

function sameRegion(a: CuratedCode, b: CuratedCode): boolean {
  if (a.region === "any" || b.region === "any") return true;
  if (a.region === b.region) return true;
  // Thoracic paravertebral blocks sit beside the cervical/thoracic facet and epidural codes.
  return (
    [a.region, b.region].includes("thoracic") && [a.region, b.region].includes("cervical/thoracic")
  );
}
