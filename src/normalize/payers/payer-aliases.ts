/**
 * The maintained payer alias table: reporting-entity name patterns → payer and payer family.
 *
 * Kept as a typed data module (not JSON) so every entry can carry a comment saying where the
 * variant was seen, and so it ships inside `dist/` with the compiled code. Patterns are matched
 * against the normalised name (upper case, punctuation and repeated spaces collapsed, see
 * `normalizeEntityName`); the first matching entry wins, so specific entries come before broad ones.
 *
 * Sources for the name variants:
 * - [CF] the bundled CareFirst file (`data/tic/carefirst-in-network-2022.json.gz`):
 *   reporting_entity_name "CareFirst BlueCross BlueShield".
 * - [HS] the bundled HealthSCOPE file (`data/tic/healthscope-in-network-2023-02.json.gz`):
 *   reporting_entity_name "HealthSCOPE Benefits, Inc.", a third-party administrator.
 * - [DOLT] DoltHub 2022 file inventories (`/work/shared/data/tic/.../downloaders/*.csv`): Aetna,
 *   BCBS NC, Empire BCBS, Kaiser, Optum entity names.
 * - [TIC] `docs/domain/tic.md` §1c–1d (Anthem/Elevance, Cigna, UHC, Highmark, BCBS TX/IL/MI/NC).
 * - [PUB] names as the payers publish them on their transparency pages (UnitedHealthcare,
 *   "UnitedHealthcare of ...", "United HealthCare Services", "Aetna Life Insurance Company",
 *   "Cigna Health and Life Insurance Company", "Anthem Blue Cross", "Elevance Health").
 * - [HPT] payer column names in hospital standard-charges files (Stony Brook University Hospital
 *   2022: "EMPIRE HEALTHCHOICE ASSURANCE-PPO", Empire BCBS's legal entity; "OXFORD HEALTH
 *   INSURANCE-Commercial", UnitedHealthcare's Oxford Health Plans).
 * Add a variant when a new file shows one; never guess a mapping for an unknown entity: unknown
 * names keep their own name as the payer.
 */

/** One alias rule. */
export interface PayerAlias {
  /** Regular expression over the normalised (upper-case) reporting entity name. */
  pattern: RegExp;
  /** Payer shown in tables; for BCBS plans the plan itself (e.g. "CareFirst BCBS"). */
  payer: string;
  /** Payer family; all Blue Cross Blue Shield plans share "Blue Cross Blue Shield". */
  family: string;
  /** Where the variant was seen (source key from the header). */
  source: string;
  /** Overrides BUCA membership by family (Anthem plans are Blue licensees, so they count). */
  buca?: boolean;
}

/** Families in the BUCA group (Blue Cross Blue Shield, UnitedHealthcare, Cigna, Aetna). */
export const BUCA_FAMILIES: readonly string[] = [
  "Blue Cross Blue Shield",
  "UnitedHealthcare",
  "Cigna",
  "Aetna",
];

const BCBS = "Blue Cross Blue Shield";

/** The alias rules, most specific first. */
export const PAYER_ALIASES: readonly PayerAlias[] = [
  // Elevance/Anthem: Anthem Blue Cross plans are Blue Cross Blue Shield Association licensees, but
  // Elevance publishes their files and users ask for "Anthem" by name, so Elevance is its own
  // family; its Blue plans still count in BUCA (the "B"), its non-Blue brands do not.
  {
    pattern: /\bELEVANCE\b/,
    payer: "Anthem (Elevance)",
    family: "Elevance Health",
    source: "PUB",
    buca: true,
  },
  {
    pattern: /\bANTHEM\b/,
    payer: "Anthem (Elevance)",
    family: "Elevance Health",
    source: "TIC, PUB",
    buca: true,
  },
  {
    pattern: /\bEMPIRE\b.*\b(BLUE|BCBS)/,
    payer: "Empire BCBS (Elevance)",
    family: "Elevance Health",
    source: "DOLT",
    buca: true,
  },
  {
    pattern: /\bEMPIRE HEALTHCHOICE\b/,
    payer: "Empire BCBS (Elevance)",
    family: "Elevance Health",
    source: "HPT",
    buca: true,
  },
  {
    pattern: /\bWELLPOINT\b|\bAMERIGROUP\b/,
    payer: "Wellpoint (Elevance)",
    family: "Elevance Health",
    source: "PUB",
  },
  // Third-party administrators publish for self-funded employer plans: their own family, not BUCA.
  {
    pattern: /\bHEALTHSCOPE\b/,
    payer: "HealthSCOPE Benefits (TPA)",
    family: "HealthSCOPE Benefits",
    source: "HS",
  },
  // Regional Blue Cross Blue Shield plans: one family, the plan kept as the payer.
  { pattern: /\bCAREFIRST\b/, payer: "CareFirst BCBS", family: BCBS, source: "CF" },
  { pattern: /\bHIGHMARK\b/, payer: "Highmark BCBS", family: BCBS, source: "TIC" },
  { pattern: /\bHORIZON\b.*\b(BLUE|BCBS)/, payer: "Horizon BCBS NJ", family: BCBS, source: "PUB" },
  { pattern: /\bREGENCE\b/, payer: "Regence BCBS", family: BCBS, source: "PUB" },
  { pattern: /\bPREMERA\b/, payer: "Premera Blue Cross", family: BCBS, source: "PUB" },
  { pattern: /\bFLORIDA BLUE\b/, payer: "Florida Blue", family: BCBS, source: "TIC" },
  {
    pattern: /\bINDEPENDENCE BLUE CROSS\b|\bIBX\b/,
    payer: "Independence Blue Cross",
    family: BCBS,
    source: "PUB",
  },
  { pattern: /\bEXCELLUS\b/, payer: "Excellus BCBS", family: BCBS, source: "PUB" },
  { pattern: /\bWELLMARK\b/, payer: "Wellmark BCBS", family: BCBS, source: "PUB" },
  {
    pattern: /\bHEALTH CARE SERVICE CORP/,
    payer: "HCSC (BCBS IL/TX/MT/NM/OK)",
    family: BCBS,
    source: "TIC",
  },
  {
    pattern:
      /\b(BLUE ?CROSS|BCBS)\b.*\b(NORTH CAROLINA|NC)\b|\b(NORTH CAROLINA|NC)\b.*\b(BLUE ?CROSS|BCBS)\b/,
    payer: "BCBS North Carolina",
    family: BCBS,
    source: "DOLT",
  },
  {
    pattern: /\b(BLUE ?CROSS|BCBS)\b.*\b(TEXAS|TX)\b|\b(TEXAS|TX)\b.*\b(BLUE ?CROSS|BCBS)\b/,
    payer: "BCBS Texas",
    family: BCBS,
    source: "TIC",
  },
  {
    pattern: /\b(BLUE ?CROSS|BCBS)\b.*\b(ILLINOIS|IL)\b|\b(ILLINOIS|IL)\b.*\b(BLUE ?CROSS|BCBS)\b/,
    payer: "BCBS Illinois",
    family: BCBS,
    source: "TIC",
  },
  {
    pattern: /\b(BLUE ?CROSS|BCBS)\b.*\b(MICHIGAN|MI)\b|\b(MICHIGAN|MI)\b.*\b(BLUE ?CROSS|BCBS)\b/,
    payer: "BCBS Michigan",
    family: BCBS,
    source: "TIC",
  },
  // UnitedHealthcare and its affiliates publishing under UHC names.
  {
    pattern: /\bUNITED ?HEALTH ?CARE\b|\bUHC\b|\bUNITEDHEALTH\b/,
    payer: "UnitedHealthcare",
    family: "UnitedHealthcare",
    source: "PUB",
  },
  {
    pattern: /\bOPTUM\b|\bUMR\b/,
    payer: "UnitedHealthcare",
    family: "UnitedHealthcare",
    source: "DOLT",
  },
  {
    pattern: /\bOXFORD HEALTH\b/,
    payer: "UnitedHealthcare",
    family: "UnitedHealthcare",
    source: "HPT",
  },
  // Aetna (CVS Health).
  { pattern: /\bAETNA\b/, payer: "Aetna", family: "Aetna", source: "DOLT, PUB" },
  // Cigna (The Cigna Group; Cigna Health and Life Insurance Company; Cigna HealthCare of ...).
  { pattern: /\bCIGNA\b/, payer: "Cigna", family: "Cigna", source: "TIC, PUB" },
  // Any other Blue plan not listed above: family kept, plan name kept as written.
  {
    pattern: /\bBLUE ?CROSS\b|\bBLUE ?SHIELD\b|\bBCBS\b/,
    payer: "",
    family: BCBS,
    source: "generic BCBS rule",
  },
];
