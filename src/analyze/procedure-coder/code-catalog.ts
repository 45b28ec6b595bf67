/**
 * The code family the claim checker and the procedure coder know: what each code is (in our own
 * plain words; CPT descriptors are AMA-copyrighted and never shipped), its region, whether it is
 * a primary or an add-on, and which level it stands for.
 * @see /work/shared/docs/domain/reference.md §1 (FCSO-A57787, NCCI AOC 2024-06-03, PFS 2025)
 *
 * The codes curated by the code reference (`analyze/codes/code-catalogue.ts`) take their description
 * from it, so a code reads the same on its reference page, in a publication and in the coder's
 * output; a test keeps the two lists' kind and region in agreement.
 */
import type { CodingRegion } from "../../sources/claims/spinal-levels.js";
import { CATALOGUE_BY_CODE } from "../codes/code-catalogue.js";

/** Which kind of procedure a code reports. */
export type CodeFamily =
  | "facet-injection"
  | "facet-rfa"
  | "paravertebral-block"
  | "transforaminal-epidural"
  | "image-guidance"
  | "ultrasound-facet"
  | "sedation"
  | "anesthesia";

export type { CodingRegion };

/** One code's facts. `ordinal` is which level the code stands for: 1 first, 2 second, 3 third and beyond. */
export interface CodeInfo {
  readonly code: string;
  readonly family: CodeFamily;
  readonly role: "primary" | "add-on";
  readonly region?: CodingRegion;
  readonly ordinal?: 1 | 2 | 3;
  /** Our own plain-language description (not the AMA descriptor). */
  readonly description: string;
}

const CT: CodingRegion = "cervical-thoracic";
const LS: CodingRegion = "lumbar-sacral";

/** The facts; descriptions only for codes the code reference does not curate (it holds the others' one description). */
const ENTRIES: readonly (Omit<CodeInfo, "description"> & { readonly description?: string })[] = [
  { code: "64490", family: "facet-injection", role: "primary", region: CT, ordinal: 1 },
  { code: "64491", family: "facet-injection", role: "add-on", region: CT, ordinal: 2 },
  { code: "64492", family: "facet-injection", role: "add-on", region: CT, ordinal: 3 },
  { code: "64493", family: "facet-injection", role: "primary", region: LS, ordinal: 1 },
  { code: "64494", family: "facet-injection", role: "add-on", region: LS, ordinal: 2 },
  { code: "64495", family: "facet-injection", role: "add-on", region: LS, ordinal: 3 },
  { code: "64633", family: "facet-rfa", role: "primary", region: CT, ordinal: 1 },
  { code: "64634", family: "facet-rfa", role: "add-on", region: CT, ordinal: 2 },
  { code: "64635", family: "facet-rfa", role: "primary", region: LS, ordinal: 1 },
  { code: "64636", family: "facet-rfa", role: "add-on", region: LS, ordinal: 2 },
  { code: "64461", family: "paravertebral-block", role: "primary", region: CT, ordinal: 1 },
  { code: "64462", family: "paravertebral-block", role: "add-on", region: CT, ordinal: 2 },
  { code: "64463", family: "paravertebral-block", role: "primary", region: CT },
  { code: "64479", family: "transforaminal-epidural", role: "primary", region: CT, ordinal: 1 },
  { code: "64480", family: "transforaminal-epidural", role: "add-on", region: CT, ordinal: 2 },
  { code: "64483", family: "transforaminal-epidural", role: "primary", region: LS, ordinal: 1 },
  { code: "64484", family: "transforaminal-epidural", role: "add-on", region: LS, ordinal: 2 },
  { code: "77002", family: "image-guidance", role: "add-on" },
  { code: "77003", family: "image-guidance", role: "add-on" },
  { code: "77012", family: "image-guidance", role: "primary" },
  { code: "76942", family: "image-guidance", role: "primary" },
  {
    code: "0213T",
    family: "ultrasound-facet",
    role: "primary",
    region: CT,
    ordinal: 1,
    description:
      "Ultrasound-guided facet injection, neck or upper/mid back, first level (Category III)",
  },
  {
    code: "0214T",
    family: "ultrasound-facet",
    role: "add-on",
    region: CT,
    ordinal: 2,
    description:
      "Ultrasound-guided facet injection, neck or upper/mid back, second level (Category III)",
  },
  {
    code: "0215T",
    family: "ultrasound-facet",
    role: "add-on",
    region: CT,
    ordinal: 3,
    description:
      "Ultrasound-guided facet injection, neck or upper/mid back, third and further levels (Category III)",
  },
  {
    code: "0216T",
    family: "ultrasound-facet",
    role: "primary",
    region: LS,
    ordinal: 1,
    description:
      "Ultrasound-guided facet injection, low back or sacrum, first level (Category III)",
  },
  {
    code: "0217T",
    family: "ultrasound-facet",
    role: "add-on",
    region: LS,
    ordinal: 2,
    description:
      "Ultrasound-guided facet injection, low back or sacrum, second level (Category III)",
  },
  {
    code: "0218T",
    family: "ultrasound-facet",
    role: "add-on",
    region: LS,
    ordinal: 3,
    description:
      "Ultrasound-guided facet injection, low back or sacrum, third and further levels (Category III)",
  },
  {
    code: "99152",
    family: "sedation",
    role: "primary",
    description: "Moderate sedation by the same physician, first 15 minutes, age 5+",
  },
  {
    code: "99153",
    family: "sedation",
    role: "add-on",
    description: "Moderate sedation by the same physician, each further 15 minutes",
  },
  {
    code: "99155",
    family: "sedation",
    role: "primary",
    description: "Moderate sedation by another physician, first 15 minutes, under age 5",
  },
  {
    code: "99156",
    family: "sedation",
    role: "primary",
    description: "Moderate sedation by another physician, first 15 minutes, age 5+",
  },
  {
    code: "99157",
    family: "sedation",
    role: "add-on",
    description: "Moderate sedation by another physician, each further 15 minutes",
  },
  {
    code: "01991",
    family: "anesthesia",
    role: "primary",
    description: "Anesthesia for a diagnostic or therapeutic nerve block, other than prone",
  },
  {
    code: "01992",
    family: "anesthesia",
    role: "primary",
    description: "Anesthesia for a diagnostic or therapeutic nerve block, prone position",
  },
  {
    code: "01937",
    family: "anesthesia",
    role: "primary",
    description: "Anesthesia for image-guided spine injection, cervical or thoracic",
  },
  {
    code: "01938",
    family: "anesthesia",
    role: "primary",
    description: "Anesthesia for image-guided spine injection, lumbar or sacral",
  },
  {
    code: "01939",
    family: "anesthesia",
    role: "primary",
    description: "Anesthesia for image-guided spine destruction (ablation), cervical or thoracic",
  },
  {
    code: "01940",
    family: "anesthesia",
    role: "primary",
    description: "Anesthesia for image-guided spine destruction (ablation), lumbar or sacral",
  },
];

/** Every known code, by code, with its one description (the code reference's when it curates the code). */
export const CODE_CATALOG: ReadonlyMap<string, CodeInfo> = new Map(
  ENTRIES.map((entry) => {
    const description = CATALOGUE_BY_CODE.get(entry.code)?.description ?? entry.description;
    if (description === undefined) throw new Error(`code ${entry.code} has no description`);
    return [entry.code, { ...entry, description }];
  }),
);

/** The facts for `code`, or undefined for a code outside the family. */
export function codeInfo(code: string): CodeInfo | undefined {
  return CODE_CATALOG.get(code);
}

/** True for the spinal procedures whose imaging (fluoroscopy or CT) is part of the code. */
export function includesImageGuidance(code: string): boolean {
  const family = CODE_CATALOG.get(code)?.family;
  return (
    family === "facet-injection" ||
    family === "facet-rfa" ||
    family === "paravertebral-block" ||
    family === "transforaminal-epidural"
  );
}

/** The code for `family` in `region` at `ordinal` (1 first level, 2 second, 3 third+). */
export function codeFor(
  family: CodeFamily,
  region: CodingRegion,
  ordinal: 1 | 2 | 3,
): string | undefined {
  return ENTRIES.find(
    (entry) => entry.family === family && entry.region === region && entry.ordinal === ordinal,
  )?.code;
}
