/**
 * Which provider specialties plausibly perform a code: the ghost-rate filter keeps a rate only if
 * the provider's primary NUCC taxonomy is in the code's list. Payers list every fee-schedule line
 * for every contracted provider, so a dermatologist's contract "has" a facet-injection rate they
 * will never bill (docs/domain/tic.md §1d problem 1); those rates pull medians down.
 *
 * The lists are our clinical judgement from the NUCC taxonomy (nucc_taxonomy_251.csv), not a
 * published crosswalk: spinal injections and nerve destruction are done by pain medicine,
 * anaesthesiology (pain), PM&R, neurology, orthopaedic (spine) surgery, neurosurgery and
 * interventional radiology, and billed by multi/single-specialty groups, clinics/ASCs and
 * hospitals. Codes with no list here are not ghost-filtered (and the audit says so).
 */
const SPINE_PAIN_INTERVENTION: readonly string[] = [
  "208VP0014X", // Pain Medicine, Interventional Pain Medicine
  "208VP0000X", // Pain Medicine, Pain Medicine
  "207L00000X", // Anesthesiology
  "207LP2900X", // Anesthesiology, Pain Medicine
  "208100000X", // Physical Medicine & Rehabilitation
  "2081P2900X", // PM&R, Pain Medicine
  "2081S0010X", // PM&R, Sports Medicine
  "2084N0400X", // Psychiatry & Neurology, Neurology
  "207X00000X", // Orthopaedic Surgery
  "207XS0117X", // Orthopaedic Surgery of the Spine
  "207T00000X", // Neurological Surgery
  "2085R0204X", // Radiology, Vascular & Interventional Radiology
  "2085R0202X", // Radiology, Diagnostic Radiology (image-guided spine injections)
  "193200000X", // Multi-Specialty Group
  "193400000X", // Single Specialty Group
  "261Q00000X", // Clinic/Center
  "261QA1903X", // Clinic/Center, Ambulatory Surgical
  "261QP3300X", // Clinic/Center, Pain
  "282N00000X", // General Acute Care Hospital
];

/** Facet joint injections/nerve blocks (6449x), paravertebral blocks (6446x), facet neurolysis (6463x), epidurals (6447x–6448x). */
const SPINE_CODES: readonly string[] = [
  "64490",
  "64491",
  "64492",
  "64493",
  "64494",
  "64495",
  "64461",
  "64462",
  "64463",
  "64633",
  "64634",
  "64635",
  "64636",
  "64479",
  "64480",
  "64483",
  "64484",
];

/** code → expected primary taxonomies. */
export const EXPECTED_TAXONOMIES: ReadonlyMap<string, readonly string[]> = new Map(
  SPINE_CODES.map((code) => [code, SPINE_PAIN_INTERVENTION] as const),
);

/** The expected taxonomies for a code, or null when the code has no list (no ghost filter). */
export function expectedTaxonomies(code: string): readonly string[] | null {
  return EXPECTED_TAXONOMIES.get(code) ?? null;
}
