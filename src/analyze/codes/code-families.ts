import { cite } from "../citations.js";
import type { CodeModifier, CodePlace, CodeSource } from "./code-entry.js";

/** Families of the supported codes. */
export type FamilyId =
  | "facet-injection"
  | "facet-rfa"
  | "paravertebral-block"
  | "transforaminal-epidural"
  | "imaging-guidance";

/** A diagnosis reference: the title is looked up in the loaded ICD-10-CM file. */
export interface DiagnosisSpec {
  code: string;
  role: "supports" | "not-listed" | "argues-against";
  note?: string;
}

/** Content shared by every code of a family. */
export interface FamilyContent {
  id: FamilyId;
  name: string;
  /** Diagnoses by region ("cervical/thoracic" / "lumbar/sacral" / "thoracic" / "any"). */
  diagnoses: Readonly<Record<string, readonly DiagnosisSpec[]>>;
  specialties: readonly { taxonomy: string; note?: string }[];
  places: readonly Omit<CodePlace, "name">[];
  workflow: readonly string[];
  documentation: readonly string[];
  modifiers: readonly CodeModifier[];
  notes: readonly string[];
  sources: readonly CodeSource[];
}

const S = {
  PFS25: { ...cite("PFS25"), edition: "2025-10" },
  PFS26: { ...cite("PFS26"), edition: "2026-07" },
  RVUDOC: cite("RVU-DOC"),
  NCCI24: { ...cite("NCCI24"), edition: "2024-07-01" },
  A57787: cite("FCSO-A57787"),
  NORQA: cite("NOR-QA"),
  CGSPA: cite("CGS-PA-2024"),
  RUBRIC: cite("RUBRIC"),
  ICD25: { ...cite("ICD25"), edition: "FY2025" },
  NUCC: { ...cite("NUCC"), edition: "25.1" },
  POS: cite("POS"),
  MCPM: cite("MCPM-40.7"),
  POPM: cite("ASA-POPM"),
} as const satisfies Record<string, CodeSource>;

const FACILITY_PLACES: readonly Omit<CodePlace, "name">[] = [
  { pos: "22", setting: "facility", note: null },
  { pos: "19", setting: "facility", note: null },
  { pos: "24", setting: "facility", note: null },
];
const OFFICE: Omit<CodePlace, "name"> = { pos: "11", setting: "nonfacility", note: null };
const OPD_PA =
  "Medicare hospital outpatient prior authorization applies since 2023-07-01 (42 CFR 419.83), except 64492 and 64495 since August 2024";

const PAIN_SPECIALTIES = [
  { taxonomy: "208VP0014X" },
  { taxonomy: "208VP0000X" },
  { taxonomy: "207LP2900X" },
  { taxonomy: "2081P2900X" },
  { taxonomy: "2084P2900X" },
  { taxonomy: "208100000X", note: "PM&R without the pain subspecialty" },
  { taxonomy: "207L00000X", note: "anesthesiology without the pain subspecialty" },
  { taxonomy: "2085R0204X", note: "interventional radiology" },
  { taxonomy: "207XS0117X", note: "spine surgeons, less often" },
  { taxonomy: "207T00000X", note: "neurosurgeons, less often" },
] as const;

const SPINE_MODIFIERS: readonly CodeModifier[] = [
  {
    modifier: "50",
    when: "The same level was treated on both sides. Medicare wants one line, modifier 50, 1 unit (not 2 units, not two lines).",
    paymentEffect: "150 % of the single-side amount (bilateral indicator 1)",
  },
  {
    modifier: "RT / LT",
    when: "One side only; some commercial payers want RT and LT lines instead of modifier 50 for a bilateral service.",
    paymentEffect: "none by itself; an RT + LT pair is priced as one bilateral procedure",
  },
  {
    modifier: "59 / XS / XU",
    when: "Only to report a distinct service that an NCCI edit would otherwise bundle (a different site or session), with documentation; never to unbundle the included imaging.",
    paymentEffect: "bypasses a PTP edit with modifier indicator 1; no effect on indicator-0 edits",
  },
];

const FACET_DIAGNOSES_CT: readonly DiagnosisSpec[] = [
  { code: "M47.812", role: "supports" },
  { code: "M47.813", role: "supports" },
  { code: "M47.814", role: "supports" },
  { code: "M47.892", role: "supports" },
  { code: "M47.893", role: "supports" },
  { code: "M47.894", role: "supports" },
  { code: "M48.12", role: "supports" },
  { code: "M48.13", role: "supports" },
  { code: "M48.14", role: "supports" },
  { code: "M53.82", role: "supports" },
  { code: "M53.83", role: "supports" },
  { code: "M53.84", role: "supports" },
  {
    code: "M54.2",
    role: "not-listed",
    note: "neck pain alone is not on the covered-diagnosis list of the facet joint interventions LCD (L38801, billing article A58403)",
  },
  { code: "M54.6", role: "not-listed", note: "thoracic pain alone is not on that list" },
  {
    code: "M54.12",
    role: "argues-against",
    note: "radiculopathy points to a transforaminal epidural (64479), and untreated radiculopathy excludes facet procedures",
  },
  { code: "M50.121", role: "argues-against", note: "disc disorder with radiculopathy" },
  { code: "M50.122", role: "argues-against", note: "disc disorder with radiculopathy" },
  { code: "M50.123", role: "argues-against", note: "disc disorder with radiculopathy" },
];
const FACET_DIAGNOSES_LS: readonly DiagnosisSpec[] = [
  { code: "M47.815", role: "supports" },
  { code: "M47.816", role: "supports" },
  { code: "M47.817", role: "supports" },
  { code: "M47.895", role: "supports" },
  { code: "M47.896", role: "supports" },
  { code: "M47.897", role: "supports" },
  { code: "M48.15", role: "supports" },
  { code: "M48.16", role: "supports" },
  { code: "M48.17", role: "supports" },
  { code: "M53.85", role: "supports" },
  { code: "M53.86", role: "supports" },
  { code: "M53.87", role: "supports" },
  {
    code: "M54.50",
    role: "not-listed",
    note: "low back pain alone is not on the covered-diagnosis list of the facet joint interventions LCD (L38801, billing article A58403)",
  },
  { code: "M54.59", role: "not-listed", note: "low back pain alone is not on that list" },
  {
    code: "M54.16",
    role: "argues-against",
    note: "radiculopathy points to a transforaminal epidural (64483)",
  },
  {
    code: "M54.17",
    role: "argues-against",
    note: "radiculopathy points to a transforaminal epidural (64483)",
  },
  { code: "M51.16", role: "argues-against", note: "disc disorder with radiculopathy" },
  { code: "M51.17", role: "argues-against", note: "disc disorder with radiculopathy" },
];
const FACET_DOCUMENTATION = [
  "Moderate to severe chronic axial neck or back pain for at least 3 months, with functional impairment on a named pain/disability scale",
  "Failed conservative care; no untreated radiculopathy or neurogenic claudication; no non-facet cause (fracture, tumour, infection, major deformity)",
  "Procedure note: region, levels (joints, not nerves), side(s), diagnostic or therapeutic intent, fluoroscopy or CT used with saved images",
  "Pain scores before and after each diagnostic block on the same scale; the percentage of relief and its duration",
  "For a therapeutic block: two prior diagnostic blocks with at least 80 % relief, and why radiofrequency ablation is not an option",
  "Sedation, if any, justified (not routinely necessary for facet blocks)",
];

/** The family-level content; per-code specifics live in `code-catalogue.ts`. */
export const FAMILIES: Readonly<Record<FamilyId, FamilyContent>> = {
  "facet-injection": {
    id: "facet-injection",
    name: "Facet joint injection or medial branch block (paravertebral facet joint)",
    diagnoses: { "cervical/thoracic": FACET_DIAGNOSES_CT, "lumbar/sacral": FACET_DIAGNOSES_LS },
    specialties: PAIN_SPECIALTIES,
    places: [OFFICE, ...FACILITY_PLACES.map((p) => (p.pos === "24" ? p : { ...p, note: OPD_PA }))],
    workflow: [
      "Clinical evaluation: axial pain pattern, exam and imaging suggest facet origin; conservative care has failed",
      "First diagnostic medial branch block (or intra-articular injection) under fluoroscopy or CT, modifier KX",
      "At least 80 % relief for the duration of the anaesthetic → second diagnostic block (KX), at least 2 weeks later per some MACs",
      "Two positive diagnostic blocks → radiofrequency ablation of the medial branches (64633 / 64635 and add-ons)",
      "If ablation is not possible, therapeutic facet injections, repeated only after at least 50 % relief lasting 3 months",
    ],
    documentation: FACET_DOCUMENTATION,
    modifiers: [
      ...SPINE_MODIFIERS,
      {
        modifier: "KX",
        when: "Medicare: on each diagnostic facet block line (usually the first two), attesting the LCD requirements are met.",
        paymentEffect: "none on the amount; without it the service counts as therapeutic",
      },
    ],
    notes: [
      "Count facet joint levels, not nerves: blocking the two medial branches that supply one joint is one level.",
      "Intra-articular injection and medial branch block at the same level are one level, not two.",
      "Fluoroscopic or CT guidance is part of the code; ultrasound-guided facet injections are reported with Category III codes (0213T–0218T) and are not covered by Medicare.",
      "Medicare LCDs: at most two levels per region per session; third and further levels (64492, 64495) are not covered.",
      "Split by region (cervical/thoracic vs lumbar/sacral), not by technique: 64490–64492 and 64493–64495 both cover intra-articular injections and medial branch blocks.",
    ],
    sources: [
      S.A57787,
      S.NORQA,
      S.CGSPA,
      S.RUBRIC,
      S.PFS25,
      S.PFS26,
      S.NCCI24,
      S.ICD25,
      S.NUCC,
      S.POS,
      S.MCPM,
    ],
  },
  "facet-rfa": {
    id: "facet-rfa",
    name: "Radiofrequency ablation of facet joint nerves (destruction by neurolytic agent)",
    diagnoses: { "cervical/thoracic": FACET_DIAGNOSES_CT, "lumbar/sacral": FACET_DIAGNOSES_LS },
    specialties: PAIN_SPECIALTIES,
    places: [OFFICE, ...FACILITY_PLACES.map((p) => (p.pos === "24" ? p : { ...p, note: OPD_PA }))],
    workflow: [
      "Two diagnostic medial branch blocks at the same levels, each with at least 80 % relief",
      "Thermal radiofrequency ablation (> 80 °C) of the medial branches under fluoroscopy or CT; pulsed, chemical, cryo and laser ablation are not covered",
      "10-day global period: follow-up visits for the procedure within 10 days are included",
      "Repeat at the same site only after at least 50 % relief lasting 6 months or more; at most two sessions per region in 12 months",
      "If the last ablation was more than 2 years ago, repeat the diagnostic blocks first",
    ],
    documentation: [
      "The two prior diagnostic blocks: dates, levels, relief percentages and durations",
      "Procedure note: region, joints treated (per joint, not per nerve), side(s), thermal RF with temperature and duration, imaging with saved images",
      "For a repeat ablation: relief and function after the previous one, and its date",
    ],
    modifiers: SPINE_MODIFIERS,
    notes: [
      "Billed per joint: the nerves supplying one facet joint are one unit of the primary or add-on code.",
      "A diagnostic block at the same level in the same session is bundled into the ablation (NCCI).",
      "64633 and 64635 can be reported together on one day (no NCCI edit between them), subject to coverage policy.",
    ],
    sources: [S.RUBRIC, S.CGSPA, S.PFS25, S.PFS26, S.NCCI24, S.ICD25, S.NUCC, S.POS],
  },
  "paravertebral-block": {
    id: "paravertebral-block",
    name: "Thoracic paravertebral nerve block (not a facet procedure)",
    diagnoses: {
      thoracic: [
        { code: "G89.18", role: "supports", note: "post-operative analgesia" },
        { code: "G89.12", role: "supports", note: "after thoracotomy" },
        { code: "G89.29", role: "supports", note: "chronic thoracic pain, less common" },
        {
          code: "M47.814",
          role: "argues-against",
          note: "facet arthropathy is treated with 64490–64492, which are never paid with these codes",
        },
      ],
    },
    specialties: [
      { taxonomy: "207L00000X" },
      { taxonomy: "207LP2900X" },
      { taxonomy: "367500000X", note: "CRNAs where state scope allows" },
      { taxonomy: "208VP0014X" },
    ],
    places: [
      { pos: "21", setting: "facility", note: null },
      { pos: "22", setting: "facility", note: null },
      { pos: "24", setting: "facility", note: null },
    ],
    workflow: [
      "Surgeon requests post-operative analgesia for thoracic or breast surgery (or rib fractures)",
      "Anaesthesia practitioner places the block or catheter, with any imaging (ultrasound included in the code)",
      "If the block is the surgical anaesthetic, it is part of the anaesthesia service and not reported separately",
    ],
    documentation: [
      "The surgeon's request and the reason for post-operative pain management",
      "That the block is not the primary anaesthetic, and when it was placed relative to the anaesthesia care",
      "Injection sites (levels) or catheter placement, drug and dose, imaging used",
    ],
    modifiers: [
      {
        modifier: "59 / XU",
        when: "Block performed for post-operative pain apart from the anaesthesia service, when an NCCI edit with the anaesthesia code would otherwise bundle it.",
        paymentEffect: "bypasses a PTP edit with modifier indicator 1",
      },
      {
        modifier: "50",
        when: "Bilateral paravertebral block at the same site(s).",
        paymentEffect: "150 % (bilateral indicator 1)",
      },
    ],
    notes: [
      "'Paravertebral' here is a nerve block in the paravertebral space; it is not the paravertebral facet joint of 64490–64495.",
      "NCCI pairs 64461–64463 with 64490–64492 at modifier indicator 0: they are never paid together.",
      "Imaging guidance of any kind, including ultrasound, is included when performed.",
    ],
    sources: [S.POPM, S.PFS25, S.PFS26, S.NCCI24, S.ICD25, S.NUCC],
  },
  "transforaminal-epidural": {
    id: "transforaminal-epidural",
    name: "Transforaminal epidural injection (anaesthetic and/or steroid) with imaging guidance",
    diagnoses: {
      "cervical/thoracic": [
        { code: "M54.12", role: "supports" },
        { code: "M54.14", role: "supports" },
        { code: "M47.22", role: "supports" },
        { code: "M50.121", role: "supports" },
        { code: "M50.122", role: "supports" },
        { code: "M50.123", role: "supports" },
        {
          code: "M54.2",
          role: "not-listed",
          note: "axial neck pain without radicular findings is not an indication",
        },
      ],
      "lumbar/sacral": [
        { code: "M54.16", role: "supports" },
        { code: "M54.17", role: "supports" },
        { code: "M51.16", role: "supports" },
        { code: "M51.17", role: "supports" },
        { code: "M47.26", role: "supports" },
        { code: "M47.27", role: "supports" },
        { code: "M48.062", role: "supports" },
        {
          code: "M54.50",
          role: "not-listed",
          note: "axial low back pain without radicular findings is not an indication",
        },
        {
          code: "M47.816",
          role: "argues-against",
          note: "facet arthropathy without radiculopathy points to a facet procedure",
        },
      ],
    },
    specialties: PAIN_SPECIALTIES,
    places: [OFFICE, ...FACILITY_PLACES],
    workflow: [
      "Radicular pain with imaging or exam correlation; conservative care has failed",
      "Transforaminal injection at the affected level(s) under fluoroscopy or CT with contrast",
      "Repeat only with documented improvement; payers commonly limit sessions per region (e.g. 3 per 6 months, 4 per 12 months)",
    ],
    documentation: [
      "Radicular symptoms and signs, the correlating imaging, and failed conservative care",
      "Levels and side(s), drug and dose, contrast flow confirmation, imaging with saved images",
    ],
    modifiers: SPINE_MODIFIERS,
    notes: [
      "There are no codes 64481 or 64482.",
      "Interlaminar epidurals (62320–62323) at the same region are mutually exclusive with these codes under NCCI.",
    ],
    sources: [S.PFS25, S.PFS26, S.NCCI24, S.ICD25, S.NUCC],
  },
  "imaging-guidance": {
    id: "imaging-guidance",
    name: "Imaging guidance for needle placement",
    diagnoses: {},
    specialties: [
      { taxonomy: "2085R0202X" },
      { taxonomy: "2085R0204X" },
      { taxonomy: "208VP0014X" },
    ],
    places: [
      OFFICE,
      {
        pos: "22",
        setting: "facility",
        note: "the practitioner reports -26; the hospital reports the technical component",
      },
      { pos: "24", setting: "facility", note: "the practitioner reports -26" },
    ],
    workflow: [
      "Used with a separately reportable procedure whose code does not already include imaging",
    ],
    documentation: [
      "The procedure guided, the imaging modality, and saved images or a report of the guidance",
    ],
    modifiers: [
      {
        modifier: "26",
        when: "Professional component only: the practitioner's supervision and interpretation in a facility that owns the equipment.",
        paymentEffect: "the -26 RVU row",
      },
      {
        modifier: "TC",
        when: "Technical component only: equipment and staff, billed by the owner of the equipment.",
        paymentEffect: "the -TC RVU row",
      },
      {
        modifier: "59 / XS",
        when: "Guidance for a separate, unrelated procedure the same day (not for a facet, RFA, epidural or paravertebral code, which include it).",
        paymentEffect: "bypasses the PTP edit (modifier indicator 1)",
      },
    ],
    notes: [
      "Bundled into 64461–64463, 64479–64484, 64490–64495 and 64633–64636 (NCCI column-2 edits, modifier indicator 1): do not report it with them.",
      "Bilateral indicator 0: modifier 50 does not raise the payment.",
    ],
    sources: [S.PFS25, S.PFS26, S.NCCI24, S.RVUDOC],
  },
};
