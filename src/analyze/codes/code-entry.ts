/**
 * The code reference entry that `ratelens code`, the HTTP API and the publication render. Every
 * field is plain JSON (strings, numbers, booleans, arrays, objects, null). Descriptions are our
 * own plain-language wording, never the AMA CPT descriptors. Titles of ICD-10-CM diagnoses and
 * NUCC taxonomies come from the loaded code sets, never typed by hand.
 */

/** A citation: source key (as in docs/domain/reference.md §9), title, optional URL and edition. */
export interface CodeSource {
  key: string;
  title: string;
  url?: string;
  edition?: string;
}

/** A payment indicator with its value as written in the RVU file and what it means. */
export interface IndicatorValue {
  value: string;
  meaning: string;
}

/** One year's Medicare PFS data for the code (one row: global, -26 or -TC). */
export interface CodePayment {
  year: number;
  /** "" (global), "26" or "TC". */
  modifier: string;
  status: IndicatorValue;
  rvus: { work: number; nonFacilityPe: number | null; facilityPe: number | null; mp: number };
  conversionFactor: number;
  /** Total RVUs × CF, to the cent; null where the setting is NA. */
  nationalNonFacility: number | null;
  nationalFacility: number | null;
  /** Same with the QP conversion factor (2026+), else null. */
  nationalNonFacilityQp: number | null;
  nationalFacilityQp: number | null;
  globalPeriod: IndicatorValue;
  pcTc: IndicatorValue;
  multipleProcedure: IndicatorValue;
  bilateral: IndicatorValue;
  assistant: IndicatorValue;
  coSurgeon: IndicatorValue;
  team: IndicatorValue;
  /** "file, edition" of the RVU file. */
  source: string;
}

/** NCCI medically unlikely edit for the code. */
export interface CodeMue {
  maxUnits: number;
  mai: number;
  maiMeaning: string;
  rationale: string;
  source: string;
}

/** An NCCI PTP edit that involves the code. */
export interface CodeBundlingEdit {
  /** The other code of the pair. */
  code: string;
  /** "column-1": the other code is the comprehensive one (this code is bundled into it); "column-2": this code bundles the other. */
  role: "bundled-into-this" | "this-bundled-into";
  modifierIndicator: string;
  meaning: string;
  rationale: string;
  /** The edit's effective and deletion dates as the NCCI table gives them (null: not stated / in force). */
  effectiveDate?: string | null;
  deletionDate?: string | null;
}

/** A diagnosis and how it bears on the code. */
export interface CodeDiagnosis {
  code: string;
  /** From the loaded ICD-10-CM file; null when the code is not in it. */
  title: string | null;
  /** supports: on the covered list summarised in reference.md §4.1; not-listed: billable but not on that list; argues-against: points to another procedure. */
  role: "supports" | "not-listed" | "argues-against";
  note: string | null;
}

/** A provider specialty (NUCC taxonomy) that typically performs the code. */
export interface CodeSpecialty {
  taxonomy: string;
  /** NUCC display name from the loaded taxonomy file (null if absent). */
  title: string | null;
  note: string | null;
}

/** A place of service where the code is typically performed, with its PFS setting. */
export interface CodePlace {
  pos: string;
  name: string | null;
  /** The PFS rate that applies: "facility" or "nonfacility". */
  setting: "facility" | "nonfacility";
  note: string | null;
}

/** A modifier and when it applies to this code. */
export interface CodeModifier {
  modifier: string;
  when: string;
  paymentEffect: string;
}

/** A related code and how it relates. */
export interface RelatedCode {
  code: string;
  relation: string;
  description: string | null;
}

/** The whole entry. */
export interface CodeEntry {
  code: string;
  /** True for the supported families with hand-written content; false: payment data and indicators only. */
  curated: boolean;
  /** Our plain-language description (never the AMA descriptor); null when not curated. */
  description: string | null;
  family: { id: string; name: string } | null;
  /** "cervical/thoracic", "lumbar/sacral", "thoracic", "any" or null. */
  region: string | null;
  /** "first level", "second level", "third and any further levels (once per day)", "single joint" … */
  level: string | null;
  /** primary, add-on (always reported with a primary) or imaging guidance. */
  kind: "primary" | "add-on" | "imaging-guidance" | null;
  /** From the NCCI add-on code table; empty for primaries. "CCCCC" = any primary accepted. */
  allowedPrimaries: { code: string; description: string | null }[];
  /** Plain-language list of what the code already includes. */
  includes: string[];
  payment: CodePayment[];
  mue: CodeMue | null;
  /** Active PTP edits with codes of the supported families, imaging, anesthesia and sedation; `ptpEditCount` counts all. */
  bundlingEdits: CodeBundlingEdit[];
  ptpEditCount: number;
  /** The PTP table the edits come from; the bundled one is a subset (edits touching the supported families). */
  ptpSource: string;
  placesOfService: CodePlace[];
  specialties: CodeSpecialty[];
  diagnoses: CodeDiagnosis[];
  relatedCodes: RelatedCode[];
  /** The clinical path around the code, step by step. */
  workflow: string[];
  documentation: string[];
  modifiers: CodeModifier[];
  /** Coding notes and common errors. */
  notes: string[];
  sources: CodeSource[];
}

/** One search result. */
export interface CodeSearchHit {
  code: string;
  description: string | null;
  curated: boolean;
  score: number;
  /** Why it matched: the concepts and words found. */
  matched: string[];
}
