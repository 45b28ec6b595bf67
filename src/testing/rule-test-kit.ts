/**
 * Test helpers for rule unit tests: a small hand-built `ReferenceData` holding only the real
 * NCCI/PFS values (copied from the bundled 2024-Q3 NCCI and 2025 PFS files) that the rule tests
 * touch, a claim builder and a one-rule runner. The scenario suite uses the real bundled data.
 */
import type {
  MueEdit,
  PfsRow,
  PtpEdit,
  ReferenceData,
} from "../analyze/reference/reference-types.js";
import type { Claim, ClaimLine } from "../sources/claims/claim.js";
import type { Finding } from "../rules/finding.js";
import type { Rule } from "../rules/rule.js";
import { checkClaim } from "../rules/check-claim.js";
import type { PayerPolicy, PolicyBook } from "../rules/policies/policy-types.js";

const source = (file: string, edition: string): { file: string; edition: string } => ({
  file,
  edition,
});

function ptp(
  column1: string,
  column2: string,
  modifierIndicator: "0" | "1" | "9",
): [string, PtpEdit] {
  return [
    `${column1}|${column2}`,
    {
      column1,
      column2,
      modifierIndicator,
      effectiveDate: null,
      deletionDate: null,
      rationale:
        modifierIndicator === "0"
          ? "CPT Manual or CMS manual coding instruction"
          : "CPT Manual or CMS manual coding instruction",
    },
  ];
}

function mue(code: string, maxUnits: number, mai: 1 | 2 | 3): [string, MueEdit] {
  return [code, { code, maxUnits, mai, rationale: mai === 2 ? "CMS Policy" : "Clinical: Data" }];
}

function pfs(
  code: string,
  bilateralIndicator: string,
  multipleProcedureIndicator: string,
): [string, PfsRow] {
  return [
    code,
    {
      code,
      modifier: "",
      status: "A",
      workRvu: 1,
      nonFacilityPeRvu: 1,
      facilityPeRvu: 1,
      mpRvu: 0.1,
      nonFacilityTotal: 2.1,
      facilityTotal: 2.1,
      pcTcIndicator: "0",
      globalDays: "000",
      multipleProcedureIndicator,
      bilateralIndicator,
      assistantIndicator: "0",
      coSurgeonIndicator: "0",
      teamIndicator: "0",
      conversionFactor: 32.3465,
    },
  ];
}

/** A minimal reference with real values for the codes the rule tests use. */
export function testReference(): ReferenceData {
  const addOnPrimaries = new Map<string, ReadonlySet<string>>([
    ["64491", new Set(["64490"])],
    ["64492", new Set(["64490", "64491"])],
    ["64494", new Set(["64490", "64493"])],
    ["64495", new Set(["64493", "64494"])],
    ["64634", new Set(["64633"])],
    ["64636", new Set(["64635"])],
    ["64462", new Set(["64461"])],
    ["64480", new Set(["64479"])],
    ["64484", new Set(["64483"])],
    ["77003", new Set(["62270", "62273", "64510"])],
    ["99153", new Set(["99152"])],
  ]);
  const edits = new Map<string, PtpEdit>([
    ...["64490", "64493", "64633", "64635", "64479", "64483", "64461"].flatMap((code) =>
      ["76942", "77002", "77003", "77012"].map((img) => ptp(code, img, "1")),
    ),
    ptp("64461", "64490", "0"),
    ptp("64461", "64491", "0"),
    ptp("64461", "64492", "0"),
    ptp("64633", "64490", "1"),
    ptp("64635", "64493", "1"),
    ptp("64635", "64494", "1"),
    ptp("64490", "99213", "1"),
    ptp("64490", "01991", "0"),
  ]);
  const mues = new Map<string, MueEdit>([
    ...[
      "64490",
      "64491",
      "64492",
      "64493",
      "64494",
      "64495",
      "64633",
      "64635",
      "64461",
      "64462",
      "64479",
      "64483",
    ].map((code) => mue(code, 1, 2)),
    mue("64634", 4, 3),
    mue("64636", 4, 3),
    mue("64480", 4, 3),
    mue("64484", 4, 3),
    mue("77003", 1, 3),
    mue("76942", 1, 3),
    mue("99213", 1, 1),
  ]);
  const rows = new Map<string, PfsRow>([
    ...["64490", "64493", "64633", "64635", "64461", "64479", "64483"].map((code) =>
      pfs(code, "1", "2"),
    ),
    ...["64491", "64492", "64494", "64495", "64634", "64636", "64462", "64480", "64484"].map(
      (code) => pfs(code, "1", "0"),
    ),
    ...["77002", "77003", "77012", "76942"].map((code) => pfs(code, "0", "0")),
  ]);
  const icd = ["M47.812", "M47.814", "M47.816", "M47.817", "M54.2", "M54.50", "M54.12", "G89.18"];
  return {
    feeSchedules: new Map([
      [
        2025,
        {
          year: 2025,
          conversionFactor: 32.3465,
          rows,
          gpcis: null,
          rvuSource: source("test PPRRVU", "2025"),
          gpciSource: null,
        },
      ],
    ]),
    localitiesByState: new Map(),
    ncci: {
      addOnPrimaries,
      ptp: edits,
      mue: mues,
      aocSource: source("test AOC", "2024-06-03"),
      ptpSource: source("test PTP", "2024-07-01"),
      mueSource: source("test MUE", "2024-07-01"),
    },
    icd10Titles: new Map([
      ...icd.map((code): [string, string] => [code, `title of ${code}`]),
      ["M47.81", "Spondylosis without myelopathy or radiculopathy"],
      ["M54.5", "Low back pain"],
    ]),
    taxonomies: new Map(),
    placesOfService: new Map([
      ["11", { name: "Office", facility: false }],
      ["22", { name: "On Campus-Outpatient Hospital", facility: true }],
      ["24", { name: "Ambulatory Surgical Center", facility: true }],
    ]),
    medicaid: new Map(),
    icd10Source: source("test ICD", "FY2025"),
    taxonomySource: source("test NUCC", "25.1"),
    posSource: source("test POS", "2024"),
  };
}

/** A line: "64490-50" or "64491-50-KX" with optional units/pointers. */
export function line(spec: string, units = 1, pointers: number[] = [1]): ClaimLine {
  const [code, ...modifiers] = spec.split("-");
  return { code: code!, modifiers, units, diagnosisPointers: pointers };
}

/** A Medicare office claim with one diagnosis, overridable. */
export function claim(overrides: Partial<Claim> & { lines: ClaimLine[] }): Claim {
  return {
    id: "T",
    payer: "Medicare",
    dateOfService: "2025-03-10",
    placeOfService: "11",
    diagnoses: ["M47.812"],
    origin: { file: "test", location: "$" },
    ...overrides,
  };
}

/** A small policy book: Medicare (modifier 50, OPD PA) and an RT/LT payer. */
export function testPolicies(extra: PayerPolicy[] = []): PolicyBook {
  const medicare: PayerPolicy = {
    payer: "medicare",
    name: "Medicare",
    aliases: ["medicare"],
    versions: [
      {
        effective: "2023-07-01",
        source: { key: "TEST-MEDICARE", title: "test", evidence: "primary" },
        rules: [
          { id: "bilateral-format", kind: "bilateral-format", format: "modifier-50" },
          {
            id: "pa",
            kind: "prior-authorization",
            codes: ["64490", "64493"],
            placesOfService: ["19", "22"],
          },
        ],
      },
    ],
  };
  const sides: PayerPolicy = {
    payer: "sidepayer",
    name: "Side Payer",
    aliases: ["side payer"],
    versions: [
      {
        effective: null,
        source: { key: "TEST-SIDES", title: "test", evidence: "primary" },
        rules: [{ id: "bilateral-format", kind: "bilateral-format", format: "rt-lt" }],
      },
    ],
  };
  return new Map([medicare, sides, ...extra].map((policy) => [policy.payer, policy]));
}

/** Runs one rule (through `checkClaim`, so the context is built the real way) and returns its findings. */
export function runRule(
  rule: Rule,
  subject: Claim,
  options: { history?: Claim[]; policies?: PolicyBook; ref?: ReferenceData } = {},
): Finding[] {
  return checkClaim(options.ref ?? testReference(), subject, {
    history: options.history ?? [],
    policies: options.policies ?? testPolicies(),
    rules: [rule],
  }).findings;
}
