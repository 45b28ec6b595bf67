import type { ReferenceData } from "../reference/reference-types.js";

/**
 * Places of service priced at the Medicare PFS *facility* rate when the reference data carries no
 * POS table: the CMS POS code set as classified in `data/reference/cms-place-of-service`
 * (docs/domain/reference.md §5.3). Every other POS is non-facility (11 office, 49 independent
 * clinic, 12 home, …).
 */
export const FALLBACK_FACILITY_POS: readonly string[] = [
  "02",
  "06",
  "08",
  "19",
  "21",
  "22",
  "23",
  "24",
  "26",
  "31",
  "34",
  "41",
  "42",
  "51",
  "52",
  "53",
  "56",
  "61",
];

/** The facility POS codes from the loaded POS table, or the fallback list above. */
export function facilityPlacesOfService(ref: ReferenceData): string[] {
  const fromTable = [...ref.placesOfService]
    .filter(([, pos]) => pos.facility)
    .map(([code]) => code);
  return fromTable.length > 0 ? fromTable.sort() : [...FALLBACK_FACILITY_POS];
}

/**
 * SQL expression giving the facility classes a `rates` row applies to, as a VARCHAR[] to unnest.
 * `$facilityPos` is the bound facility POS list. The rule (documented in docs/methodology.md):
 * - each listed POS contributes its class; a list with both kinds (e.g. ["11","22"]) applies to
 *   both settings, so the rate is counted once in each (rows are split by setting, never averaged
 *   across them);
 * - CSTM-00 / CSTM-ALL ("all places of service") applies to both settings;
 * - no POS at all: institutional rates are facility fees by definition → facility; professional
 *   (and 'both') rates without POS → 'unknown' (no Medicare comparison).
 */
export function facilityClassesSql(facilityPosParam: string): string {
  return `CASE
    WHEN r.service_codes IS NULL OR len(r.service_codes) = 0 THEN
      CASE WHEN r.billing_class = 'institutional' THEN ['facility'] ELSE ['unknown'] END
    ELSE list_distinct(flatten(list_transform(r.service_codes, lambda s:
      CASE WHEN upper(s) IN ('CSTM-00', 'CSTM-ALL') THEN ['facility', 'nonfacility']
           WHEN list_contains(${facilityPosParam}, s) THEN ['facility']
           ELSE ['nonfacility'] END)))
  END`;
}
