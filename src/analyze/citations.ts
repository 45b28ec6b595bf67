/**
 * The one catalogue of documents the product cites, by key (keys match reference.md §9): the
 * rules' findings (`rules/sources.ts`) and the code reference (`analyze/codes/code-families.ts`)
 * take their titles and addresses from here, so one key never has two titles. Editions and
 * effective dates are added where a document is cited.
 */

/** A document: its key, title and address. */
export interface CitedDocument {
  readonly key: string;
  readonly title: string;
  readonly url?: string;
}

const CITATIONS = {
  "NCCI-AOC": {
    title: "CMS NCCI add-on code edits (practitioner)",
    url: "https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits/medicare-ncci-add-code-edits",
  },
  "NCCI-PTP": {
    title: "CMS NCCI procedure-to-procedure edits, practitioner services",
    url: "https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits/medicare-ncci-procedure-procedure-ptp-edits",
  },
  "NCCI-MUE": {
    title:
      "CMS NCCI medically unlikely edits, practitioner services (MAI per Palmetto GBA MUE program page)",
    url: "https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits/medicare-ncci-medically-unlikely-edits",
  },
  "FCSO-A57787": {
    title:
      "CMS MCD billing article A57787, Billing and Coding: Facet Joint Interventions for Pain Management (First Coast, L33930)",
    url: "https://www.cms.gov/medicare-coverage-database/view/article.aspx?articleid=57787&ver=26",
  },
  "FCSO-CG": {
    title: "First Coast LCD coding guideline for 64490–64495 (levels, bilateral, add-ons)",
    url: "https://downloads.cms.gov/medicare-coverage-database/lcd_attachments/29252_5/64490.1_codeguide.htm",
  },
  "AAPC-6449x": {
    title:
      "CPT parenthetical and CPT Assistant Feb 2010 (as quoted): 64492/64495 reported once per day; NCCI MUE 1, MAI 2",
  },
  "MCPM-40.7": {
    title:
      "Medicare Claims Processing Manual (IOM 100-04) ch.12 §40.7: bilateral procedures, one line with modifier 50 and 1 unit",
    url: "https://www.cms.gov/regulations-and-guidance/guidance/manuals/downloads/clm104c12.pdf",
  },
  "RVU-DOC": {
    title:
      "CMS PFS relative value file documentation (RVU25D): indicator definitions; bilateral surgery indicator 0 = 150% does not apply, 1 = 150% applies",
    url: "https://www.cms.gov/medicare/payment/fee-schedules/physician/pfs-relative-value-files",
  },
  "NOR-QA": {
    title:
      "Noridian JF, Facet Joint Interventions for Pain Management Questions and Answers (LCD L38803): two levels per session, KX, 4 diagnostic/4 therapeutic/2 RFA sessions per region per 12 months",
    url: "https://med.noridianmedicare.com/web/jfb/article-detail/-/view/10534/facet-joint-interventions-for-pain-management-questions-and-answers",
  },
  "LCD-L38773": {
    title:
      "CGS LCD L38773 Facet Joint Interventions for Pain Management (rev. 2024-07-07), Limitation 7: three- or four-level procedures not medically necessary",
    url: "https://cgsmedicare.com/parta/pubs/news/2024/08/cope161355.html",
  },
  "LCD-A58403": {
    title:
      "Noridian JE billing article A58403 (LCD L38801) covered ICD-10-CM codes, as summarised in the RUBRIC facet medical-necessity checklist (secondary; verify on the MCD)",
    url: "https://www.cms.gov/medicare-coverage-database/",
  },
  "LCD-L38801": {
    title:
      "Facet Joint Interventions LCDs (L38801 and peers): RFA after two diagnostic MBBs with at least 80% relief; thermal RF only (RUBRIC, RAPM 2022)",
    url: "https://rapm.bmj.com/content/47/12/719",
  },
  "NGS-SED": {
    title:
      "NGS: sedation with facet joint interventions (L35936); CGS anesthesia with pain procedures (Dec 2025)",
    url: "https://ngsmedicare.com/web/ngs/search-details?selectedArticleId=2605112",
  },
  "FCSO-A57787-US": {
    title:
      "A57787 and the facet LCDs: ultrasound-guided facet injections are not reported with 64490–64495 (Category III 0213T–0218T) and are not covered",
    url: "https://www.cms.gov/medicare-coverage-database/view/article.aspx?articleid=57787&ver=26",
  },
  "CPT-NCCI-IMAGING": {
    title:
      "CPT code definitions (imaging included in 64490–64495, 64633–64636, 64479–64484, 64461–64463) and NCCI PTP edits to 77002/77003/77012/76942 (modifier indicator 1)",
    url: "https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits/medicare-ncci-procedure-procedure-ptp-edits",
  },
  "NCCI-PTP-64461": {
    title:
      "NCCI PTP: 64461–64463 (column 1) with 64490–64492 (column 2), modifier indicator 0; LCD: multiple different blocks the same day as a facet procedure not covered",
    url: "https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits/medicare-ncci-procedure-procedure-ptp-edits",
  },
  "ICD10CM-FY2025": {
    title: "CDC/NCHS ICD-10-CM FY2025 tabular list (billable codes are the leaves)",
    url: "https://www.cdc.gov/nchs/icd/icd-10-cm/",
  },
  PFS25: { title: "CMS PFS relative value file PPRRVU2025 (RVU25D)" },
  PFS26: { title: "CMS PFS relative value file PPRRVU2026 non-QP (RVU26C)" },
  NCCI24: {
    title: "CMS NCCI practitioner PTP and MUE tables eff. 2024-07-01; AOC table 2024-06-03",
  },
  "CGS-PA-2024": {
    title: "CGS, OPD prior authorization: 64492 and 64495 removed (Aug 2024)",
    url: "https://cgsmedicare.com/parta/pubs/news/2024/08/cope161355.html",
  },
  RUBRIC: {
    title:
      "Facet Joint Interventions medical-necessity rubric (L38801/A58403 summary; secondary source)",
  },
  ICD25: { title: "ICD-10-CM FY2025 tabular (CDC/NCHS)" },
  NUCC: { title: "NUCC Health Care Provider Taxonomy v25.1" },
  POS: { title: "CMS place-of-service code set (Sept 2023)" },
  "ASA-POPM": {
    title:
      "ASA statement on reporting postoperative pain procedures with anesthesia (amended 2025-10-15)",
  },
} as const satisfies Record<string, { title: string; url?: string }>;

/** The key of a catalogued document. */
export type CitationKey = keyof typeof CITATIONS;

/** The catalogued document with that key. */
export function cite(key: CitationKey): CitedDocument {
  return { key, ...CITATIONS[key] };
}
