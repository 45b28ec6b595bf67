/**
 * The SYNTHETIC provider population behind the demo files: practices (one EIN each) of
 * individual clinicians, plus ambulatory surgical centres. Specialties are mostly those that
 * perform spinal injections, with a share of "ghost" specialties (dermatology, family medicine,
 * obstetrics, psychiatry) whose contracts list the codes anyway, as real payer files do.
 */
import { npiWithCheckDigit, type SeededRandom } from "./seeded-random.js";
import type { SyntheticProvider } from "./synthetic-nppes.js";

/** One practice or facility: an EIN and its NPIs. */
export interface DemoPractice {
  ein: string;
  businessName: string;
  npis: number[];
  state: string;
  kind: "clinicians" | "asc";
  /** True when the practice's clinicians are ghost specialties (for the audit, never read by the engine). */
  ghost: boolean;
}

/** The demo population: practices and the provider rows for the NPPES sample. */
export interface DemoPopulation {
  practices: DemoPractice[];
  providers: SyntheticProvider[];
}

const PERFORMING = [
  "208VP0014X",
  "207LP2900X",
  "207L00000X",
  "208100000X",
  "2081P2900X",
  "207XS0117X",
  "207T00000X",
  "2085R0204X",
  "2084N0400X",
];
const GHOSTS = ["207N00000X", "207Q00000X", "207V00000X", "2084P0800X"];
/** Single-locality states (AL, NC, TN, VA) and multi-locality ones (MD, PA, TX), so both Medicare bases occur. */
const STATES: readonly { state: string; zip: string }[] = [
  { state: "VA", zip: "22030" },
  { state: "NC", zip: "27601" },
  { state: "TN", zip: "37203" },
  { state: "AL", zip: "35203" },
  { state: "MD", zip: "21201" },
  { state: "PA", zip: "19103" },
  { state: "TX", zip: "75201" },
];
const LAST_NAMES = [
  "ADAMS",
  "BAKER",
  "CHEN",
  "DIAZ",
  "EVANS",
  "FOSTER",
  "GARCIA",
  "HUGHES",
  "IBRAHIM",
  "JONES",
  "KHAN",
  "LOPEZ",
  "MORGAN",
  "NGUYEN",
  "OKAFOR",
  "PATEL",
];

/** Builds `practiceCount` clinician practices and `ascCount` surgical centres, deterministic for the generator. */
export function buildDemoPopulation(
  random: SeededRandom,
  practiceCount = 28,
  ascCount = 6,
): DemoPopulation {
  const practices: DemoPractice[] = [];
  const providers: SyntheticProvider[] = [];
  let npiBase = 190_000_001;
  for (let p = 0; p < practiceCount; p++) {
    const where = random.pick(STATES);
    const ghost = p % 7 === 6; // every seventh practice is a ghost specialty
    const size = random.int(1, 5);
    const npis: number[] = [];
    for (let i = 0; i < size; i++) {
      const npi = npiWithCheckDigit(npiBase++);
      npis.push(npi);
      const taxonomy = ghost ? random.pick(GHOSTS) : random.pick(PERFORMING);
      providers.push({
        npi,
        entityType: 1,
        name: `SYNTHETIC-${random.pick(LAST_NAMES)}`,
        firstName: `DEMO${p}-${i}`,
        state: where.state,
        zip: where.zip,
        taxonomies: [taxonomy],
      });
    }
    practices.push({
      ein: `${81 + (p % 9)}${String(4_000_000 + p * 137).padStart(7, "0")}`,
      businessName: `SYNTHETIC ${ghost ? "SKIN & FAMILY" : "SPINE & PAIN"} PRACTICE ${p + 1}, PLLC`,
      npis,
      state: where.state,
      kind: "clinicians",
      ghost,
    });
  }
  for (let a = 0; a < ascCount; a++) {
    const where = random.pick(STATES);
    const npi = npiWithCheckDigit(npiBase++);
    providers.push({
      npi,
      entityType: 2,
      name: `SYNTHETIC SURGERY CENTER ${a + 1}, LLC`,
      state: where.state,
      zip: where.zip,
      taxonomies: ["261QA1903X"],
    });
    practices.push({
      ein: `${91 + (a % 5)}${String(7_000_000 + a * 311).padStart(7, "0")}`,
      businessName: `SYNTHETIC SURGERY CENTER ${a + 1}, LLC`,
      npis: [npi],
      state: where.state,
      kind: "asc",
      ghost: false,
    });
  }
  // One NPI that left the directory (deactivated): its rates stay "not in directory"-like.
  providers.push({
    npi: npiWithCheckDigit(npiBase++),
    entityType: 1,
    name: "SYNTHETIC-RETIRED",
    state: "VA",
    zip: "22030",
    taxonomies: [],
    deactivated: true,
  });
  return { practices, providers };
}
