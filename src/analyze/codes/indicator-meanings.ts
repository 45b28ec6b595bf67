/**
 * Plain-language meanings of the PFS payment indicators (CMS RVU file documentation, as
 * summarised in docs/domain/reference.md §2.5). Unknown values say so rather than guess.
 */
const GLOBAL: Readonly<Record<string, string>> = {
  "000":
    "0-day global: same-day pre- and post-procedure work included; a same-day E/M is generally not payable",
  "010": "10-day global: post-procedure visits for the procedure within 10 days are included",
  "090": "90-day global: major surgery; a day-before and 90-day post-operative period are included",
  ZZZ: "add-on: always within another service's global period",
  XXX: "global concept does not apply",
  YYY: "global period set by the MAC (carrier priced)",
  MMM: "maternity global",
};
const STATUS: Readonly<Record<string, string>> = {
  A: "active: paid under the PFS",
  B: "bundled: payment is included in another service",
  C: "carrier priced",
  I: "not valid for Medicare (another code is used)",
  N: "non-covered service",
  R: "restricted coverage",
  T: "paid only when no other PFS service is billed the same day",
  X: "statutory exclusion",
  E: "excluded from the PFS by regulation",
  J: "anaesthesia services: no RVUs",
  M: "measurement code: reporting only",
  P: "bundled or excluded",
};
const PCTC: Readonly<Record<string, string>> = {
  "0": "physician service: no professional/technical split",
  "1": "diagnostic test: split into a professional (-26) and a technical (-TC) component",
  "2": "professional component only code",
  "3": "technical component only code",
  "4": "global test only code",
  "5": "incident-to code",
  "6": "laboratory physician interpretation code",
  "7": "physical therapy service",
  "8": "physician interpretation code",
  "9": "concept does not apply",
};
const MULT: Readonly<Record<string, string>> = {
  "0": "no multiple-procedure reduction",
  "1": "standard rule (pre-1995 indicator): 100 % for the highest, 50 % for others",
  "2": "standard rule: ranked by fee, 100 % for the highest, 50 % for each other procedure that day",
  "3": "endoscopic family rule",
  "4": "diagnostic imaging reduction on the technical (and professional) component",
  "5": "therapy services reduction",
  "6": "diagnostic cardiovascular reduction",
  "7": "diagnostic ophthalmology reduction",
  "9": "concept does not apply",
};
const BILAT: Readonly<Record<string, string>> = {
  "0": "150 % bilateral adjustment does not apply; a -50 line is paid at 100 %",
  "1": "bilateral rule applies: with -50 (or RT+LT, or 2 units) pay the lower of the charge or 150 %",
  "2": "already bilateral by definition: no adjustment",
  "3": "each side paid at 100 % (200 % for both)",
  "9": "concept does not apply",
};
const ASST: Readonly<Record<string, string>> = {
  "0": "assistant at surgery payable only with documented medical necessity",
  "1": "statutory restriction: assistant at surgery not payable",
  "2": "restriction does not apply: assistant at surgery may be paid",
  "9": "concept does not apply",
};
const CO: Readonly<Record<string, string>> = {
  "0": "co-surgeons (-62) not permitted",
  "1": "co-surgeons may be paid with documentation",
  "2": "co-surgeons permitted",
  "9": "concept does not apply",
};
const TEAM: Readonly<Record<string, string>> = {
  "0": "team surgery (-66) not permitted",
  "1": "team surgery may be paid with documentation",
  "2": "team surgery permitted",
  "9": "concept does not apply",
};
const MAI: Readonly<Record<number, string>> = {
  1: "claim-line edit: modifiers can split units across lines",
  2: "date-of-service edit based on policy: absolute, no override",
  3: "date-of-service edit based on clinical benchmarks: appealable",
};
const PTP_MOD: Readonly<Record<string, string>> = {
  "0": "never paid together; no modifier overrides",
  "1": "allowed with an NCCI-associated modifier (59, XE/XS/XP/XU …) when the services are distinct",
  "9": "edit not applicable",
};

/** Table name → meanings; each lookup returns "unknown value X" rather than guessing. */
export const MEANINGS = {
  global: GLOBAL,
  status: STATUS,
  pcTc: PCTC,
  mult: MULT,
  bilat: BILAT,
  asst: ASST,
  co: CO,
  team: TEAM,
  ptp: PTP_MOD,
} as const;

/** The indicator value with its meaning. */
export function indicator(
  table: keyof typeof MEANINGS,
  value: string,
): { value: string; meaning: string } {
  return {
    value,
    meaning:
      MEANINGS[table][value] ?? `value "${value}" not described in the RVU documentation summary`,
  };
}

/** Meaning of an MUE adjudication indicator. */
export function maiMeaning(mai: number): string {
  return MAI[mai] ?? `MAI ${mai} not described`;
}
