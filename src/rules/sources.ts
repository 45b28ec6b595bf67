import { cite } from "../analyze/citations.js";
import type { SourceCitation } from "./finding.js";

/**
 * The documents the rules cite, from the one catalogue (`analyze/citations.ts`). NCCI citations
 * get the edition of the loaded table added at check time, so a finding names the exact table it
 * came from.
 */
export const SOURCES = {
  ncciAoc: cite("NCCI-AOC"),
  ncciPtp: cite("NCCI-PTP"),
  ncciMue: cite("NCCI-MUE"),
  facetArticle: cite("FCSO-A57787"),
  facetCodingGuideline: cite("FCSO-CG"),
  addOnOncePerDay: cite("AAPC-6449x"),
  bilateralManual: cite("MCPM-40.7"),
  bilateralIndicator: cite("RVU-DOC"),
  lcdNoridianQa: cite("NOR-QA"),
  lcdCgs: { ...cite("LCD-L38773"), effective: "2024-07-07" },
  lcdDiagnoses: cite("LCD-A58403"),
  lcdRfa: cite("LCD-L38801"),
  lcdSedation: cite("NGS-SED"),
  ultrasoundFacet: cite("FCSO-A57787-US"),
  imageGuidance: cite("CPT-NCCI-IMAGING"),
  paravertebralWithFacet: cite("NCCI-PTP-64461"),
  icd10: cite("ICD10CM-FY2025"),
} as const satisfies Record<string, SourceCitation>;

/** A citation with the loaded edition filled in. */
export function withEdition(source: SourceCitation, edition: string): SourceCitation {
  // Memoised by the source object and the edition: rules cite per claim, and a million-claim
  // batch has one edition per table (a key string per call was garbage per claim).
  let editions = CITED.get(source);
  if (editions === undefined) {
    editions = new Map();
    CITED.set(source, editions);
  }
  let cited = editions.get(edition);
  if (cited === undefined) {
    cited = { ...source, effective: edition };
    editions.set(edition, cited);
  }
  return cited;
}

const CITED = new WeakMap<SourceCitation, Map<string, SourceCitation>>();
