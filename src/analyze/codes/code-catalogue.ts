import type { CodeEntry } from "./code-entry.js";
import type { FamilyId } from "./code-families.js";

/** Hand-written content for one supported code. Descriptions are ours, never AMA descriptors. */
export interface CuratedCode {
  code: string;
  description: string;
  family: FamilyId;
  region: "cervical/thoracic" | "lumbar/sacral" | "thoracic" | "any";
  level: string;
  kind: NonNullable<CodeEntry["kind"]>;
  includes: readonly string[];
  related: readonly { code: string; relation: string }[];
  notes?: readonly string[];
  /** Extra search words for this code only (family and region words are added automatically). */
  keywords?: readonly string[];
}

const FACET_INCLUDES = [
  "fluoroscopic or CT guidance (77002, 77003, 77012 are not reported)",
  "intra-articular injection and/or medial branch block at that level",
  "the injected drug's administration",
];
const RFA_INCLUDES = [
  "fluoroscopic or CT guidance",
  "a diagnostic block at the same level in the same session",
  "post-procedure visits within the 10-day global period (primary codes)",
];
const TFESI_INCLUDES = [
  "fluoroscopic or CT guidance",
  "contrast injection to confirm flow (epidurography is not separately reported)",
];
const PVB_INCLUDES = ["imaging guidance of any type, including ultrasound, when performed"];

/** The supported codes, in code order. */
export const CATALOGUE: readonly CuratedCode[] = [
  {
    code: "64461",
    description: "Thoracic paravertebral nerve block, single injection site (imaging included)",
    family: "paravertebral-block",
    region: "thoracic",
    level: "single injection site",
    kind: "primary",
    includes: PVB_INCLUDES,
    related: [
      { code: "64462", relation: "add-on for the second and further injection sites" },
      { code: "64463", relation: "alternative: continuous infusion by catheter" },
      { code: "64490", relation: "never paid together (NCCI modifier indicator 0)" },
    ],
    keywords: ["pvb", "single shot"],
  },
  {
    code: "64462",
    description:
      "Thoracic paravertebral nerve block, second and any further injection sites (add-on; once per day)",
    family: "paravertebral-block",
    region: "thoracic",
    level: "second and any further injection sites (once per day)",
    kind: "add-on",
    includes: PVB_INCLUDES,
    related: [{ code: "64461", relation: "its only primary code" }],
    notes: ["Reported once per day however many additional sites."],
    keywords: ["pvb", "additional site"],
  },
  {
    code: "64463",
    description:
      "Thoracic paravertebral nerve block by continuous infusion through a catheter (imaging included)",
    family: "paravertebral-block",
    region: "thoracic",
    level: "continuous infusion (catheter)",
    kind: "primary",
    includes: [...PVB_INCLUDES, "catheter placement"],
    related: [{ code: "64461", relation: "alternative: single injection" }],
    keywords: ["pvb", "catheter", "continuous", "infusion"],
  },
  {
    code: "64479",
    description:
      "Transforaminal epidural injection, cervical or thoracic, single level (imaging included)",
    family: "transforaminal-epidural",
    region: "cervical/thoracic",
    level: "single level",
    kind: "primary",
    includes: TFESI_INCLUDES,
    related: [
      { code: "64480", relation: "add-on for each further cervical/thoracic level" },
      {
        code: "64490",
        relation: "facet block: same day allowed by NCCI, often restricted by coverage policy",
      },
      { code: "62321", relation: "interlaminar epidural: mutually exclusive (NCCI)" },
    ],
    keywords: ["first level"],
  },
  {
    code: "64480",
    description:
      "Transforaminal epidural injection, cervical or thoracic, each additional level (add-on)",
    family: "transforaminal-epidural",
    region: "cervical/thoracic",
    level: "each additional level",
    kind: "add-on",
    includes: TFESI_INCLUDES,
    related: [{ code: "64479", relation: "its primary code" }],
    keywords: ["second level", "additional level"],
  },
  {
    code: "64483",
    description:
      "Transforaminal epidural injection, lumbar or sacral, single level (imaging included)",
    family: "transforaminal-epidural",
    region: "lumbar/sacral",
    level: "single level",
    kind: "primary",
    includes: TFESI_INCLUDES,
    related: [
      { code: "64484", relation: "add-on for each further lumbar/sacral level" },
      {
        code: "64493",
        relation: "facet block: same day allowed by NCCI, often restricted by coverage policy",
      },
      { code: "62323", relation: "interlaminar epidural: mutually exclusive (NCCI)" },
    ],
    keywords: ["first level"],
  },
  {
    code: "64484",
    description:
      "Transforaminal epidural injection, lumbar or sacral, each additional level (add-on)",
    family: "transforaminal-epidural",
    region: "lumbar/sacral",
    level: "each additional level",
    kind: "add-on",
    includes: TFESI_INCLUDES,
    related: [{ code: "64483", relation: "its primary code" }],
    keywords: ["second level", "additional level"],
  },
  {
    code: "64490",
    description:
      "Facet joint injection or medial branch block, cervical or thoracic, first level (fluoroscopy or CT included)",
    family: "facet-injection",
    region: "cervical/thoracic",
    level: "first level",
    kind: "primary",
    includes: FACET_INCLUDES,
    related: [
      { code: "64491", relation: "add-on for the second cervical/thoracic level" },
      { code: "64492", relation: "add-on for the third and further levels" },
      {
        code: "64494",
        relation: "may follow 64490 when the levels cross into the lumbar spine (T12–L1 + L1–L2)",
      },
      { code: "64633", relation: "next step after two positive diagnostic blocks" },
      { code: "64461", relation: "thoracic paravertebral block: never paid together" },
    ],
  },
  {
    code: "64491",
    description:
      "Facet joint injection or medial branch block, cervical or thoracic, second level (add-on; fluoroscopy or CT included)",
    family: "facet-injection",
    region: "cervical/thoracic",
    level: "second level",
    kind: "add-on",
    includes: FACET_INCLUDES,
    related: [
      { code: "64490", relation: "its primary code (first level)" },
      { code: "64492", relation: "add-on for the third and further levels" },
      { code: "64634", relation: "ablation add-on for the same kind of second joint" },
    ],
    notes: [
      "This is the second cervical/thoracic facet level, not a paravertebral nerve block (that is 64461–64463).",
    ],
  },
  {
    code: "64492",
    description:
      "Facet joint injection or medial branch block, cervical or thoracic, third and any further levels (add-on; once per day)",
    family: "facet-injection",
    region: "cervical/thoracic",
    level: "third and any further levels (once per day)",
    kind: "add-on",
    includes: FACET_INCLUDES,
    related: [
      { code: "64490", relation: "primary code" },
      { code: "64491", relation: "second level, reported with it" },
    ],
    notes: [
      "Reported once per day however many levels beyond two (MUE 1).",
      "Not covered by the Medicare facet LCDs (more than two levels per session).",
    ],
    keywords: ["third level", "3rd level"],
  },
  {
    code: "64493",
    description:
      "Facet joint injection or medial branch block, lumbar or sacral, first level (fluoroscopy or CT included)",
    family: "facet-injection",
    region: "lumbar/sacral",
    level: "first level",
    kind: "primary",
    includes: FACET_INCLUDES,
    related: [
      { code: "64494", relation: "add-on for the second lumbar/sacral level" },
      { code: "64495", relation: "add-on for the third and further levels" },
      { code: "64635", relation: "next step after two positive diagnostic blocks" },
    ],
  },
  {
    code: "64494",
    description:
      "Facet joint injection or medial branch block, lumbar or sacral, second level (add-on; fluoroscopy or CT included)",
    family: "facet-injection",
    region: "lumbar/sacral",
    level: "second level",
    kind: "add-on",
    includes: FACET_INCLUDES,
    related: [
      { code: "64493", relation: "its usual primary code (first level)" },
      { code: "64490", relation: "also an allowed primary (thoracolumbar junction)" },
      { code: "64495", relation: "add-on for the third and further levels" },
    ],
    notes: ["The second lumbar/sacral level is 64494, not 64492."],
  },
  {
    code: "64495",
    description:
      "Facet joint injection or medial branch block, lumbar or sacral, third and any further levels (add-on; once per day)",
    family: "facet-injection",
    region: "lumbar/sacral",
    level: "third and any further levels (once per day)",
    kind: "add-on",
    includes: FACET_INCLUDES,
    related: [
      { code: "64493", relation: "primary code" },
      { code: "64494", relation: "second level, reported with it" },
    ],
    notes: [
      "Reported once per day however many levels beyond two (MUE 1).",
      "Not covered by the Medicare facet LCDs (more than two levels per session).",
    ],
    keywords: ["third level", "3rd level"],
  },
  {
    code: "64633",
    description:
      "Radiofrequency ablation of the nerves to a cervical or thoracic facet joint, single joint (imaging included)",
    family: "facet-rfa",
    region: "cervical/thoracic",
    level: "single joint",
    kind: "primary",
    includes: RFA_INCLUDES,
    related: [
      { code: "64634", relation: "add-on for each further cervical/thoracic joint" },
      { code: "64490", relation: "the diagnostic blocks that come first" },
      { code: "64635", relation: "lumbar/sacral counterpart; no NCCI edit between them" },
    ],
    keywords: ["first level", "first joint"],
  },
  {
    code: "64634",
    description:
      "Radiofrequency ablation of the nerves to a cervical or thoracic facet joint, each additional joint (add-on)",
    family: "facet-rfa",
    region: "cervical/thoracic",
    level: "each additional joint",
    kind: "add-on",
    includes: RFA_INCLUDES,
    related: [{ code: "64633", relation: "its primary code" }],
    keywords: ["second level", "additional joint", "additional level"],
  },
  {
    code: "64635",
    description:
      "Radiofrequency ablation of the nerves to a lumbar or sacral facet joint, single joint (imaging included)",
    family: "facet-rfa",
    region: "lumbar/sacral",
    level: "single joint",
    kind: "primary",
    includes: RFA_INCLUDES,
    related: [
      { code: "64636", relation: "add-on for each further lumbar/sacral joint" },
      { code: "64493", relation: "the diagnostic blocks that come first" },
    ],
    keywords: ["first level", "first joint"],
  },
  {
    code: "64636",
    description:
      "Radiofrequency ablation of the nerves to a lumbar or sacral facet joint, each additional joint (add-on)",
    family: "facet-rfa",
    region: "lumbar/sacral",
    level: "each additional joint",
    kind: "add-on",
    includes: RFA_INCLUDES,
    related: [{ code: "64635", relation: "its primary code" }],
    keywords: ["second level", "additional joint", "additional level"],
  },
  {
    code: "76942",
    description:
      "Ultrasound guidance for needle placement (imaging supervision and interpretation)",
    family: "imaging-guidance",
    region: "any",
    level: "per procedure",
    kind: "imaging-guidance",
    includes: [],
    related: [
      { code: "77002", relation: "fluoroscopic alternative" },
      { code: "64461", relation: "included in paravertebral blocks" },
    ],
    notes: ["Ultrasound-guided facet injections are not reported with 64490–64495."],
    keywords: ["ultrasound", "us guidance", "sonographic"],
  },
  {
    code: "77002",
    description:
      "Fluoroscopic guidance for needle placement, any site (add-on to listed joint and soft-tissue procedures)",
    family: "imaging-guidance",
    region: "any",
    level: "per procedure",
    kind: "imaging-guidance",
    includes: [],
    related: [
      { code: "77003", relation: "the spine-specific fluoroscopy code" },
      { code: "64490", relation: "included in facet codes" },
    ],
    keywords: ["fluoroscopy", "fluoro", "c-arm"],
  },
  {
    code: "77003",
    description:
      "Fluoroscopic guidance for a spinal or paraspinal needle (diagnostic or therapeutic injection)",
    family: "imaging-guidance",
    region: "any",
    level: "per procedure",
    kind: "imaging-guidance",
    includes: [],
    related: [
      { code: "77002", relation: "non-spine fluoroscopy code" },
      { code: "64493", relation: "included in facet codes" },
    ],
    notes: [
      "An add-on whose listed primaries are a few spine and nerve procedures (see allowed primaries); facet, ablation, epidural and paravertebral codes are not among them.",
    ],
    keywords: ["fluoroscopy", "fluoro", "c-arm", "spine"],
  },
  {
    code: "77012",
    description: "CT guidance for needle placement (imaging supervision and interpretation)",
    family: "imaging-guidance",
    region: "any",
    level: "per procedure",
    kind: "imaging-guidance",
    includes: [],
    related: [
      { code: "77003", relation: "fluoroscopic alternative" },
      { code: "64490", relation: "included in facet codes" },
    ],
    keywords: ["ct", "computed tomography", "ct guidance"],
  },
];

/** Catalogue lookup by code. */
export const CATALOGUE_BY_CODE: ReadonlyMap<string, CuratedCode> = new Map(
  CATALOGUE.map((c) => [c.code, c]),
);
