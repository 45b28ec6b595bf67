/**
 * The seeded SYNTHETIC demo data set: gzip Transparency in Coverage in-network files for six
 * payers (schema 1.x and 2.x styles) covering the facet-joint and paravertebral codes, and the
 * matching SYNTHETIC NPPES sample. Everything is generated: file names, plan names and reporting
 * entity names say SYNTHETIC, and the amounts are drawn log-normally around payer-specific
 * multiples of the CY2025 national Medicare amounts (the only real numbers used).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { buildDemoPopulation, type DemoPractice } from "./demo-population.js";
import { SeededRandom } from "./seeded-random.js";
import { writeSyntheticNppes } from "./synthetic-nppes.js";

const gzipAsync = promisify(gzip);

/**
 * CY2025 national Medicare PFS amounts [non-facility, facility] from
 * data/reference/derived/facet_paravertebral_pfs_2025_2026.csv (natl_nonfac_2025, natl_fac_2025),
 * with our own plain-language descriptions (CPT descriptors are AMA-copyrighted and not shipped).
 */
export const DEMO_CODES: Readonly<
  Record<string, { nonFacility: number; facility: number; description: string }>
> = {
  "64490": {
    nonFacility: 186.32,
    facility: 102.21,
    description: "Facet joint injection/nerve block with imaging, neck or upper back, first level",
  },
  "64491": {
    nonFacility: 94.78,
    facility: 57.58,
    description:
      "Facet joint injection/nerve block with imaging, neck or upper back, second level (add-on)",
  },
  "64492": {
    nonFacility: 94.45,
    facility: 57.9,
    description:
      "Facet joint injection/nerve block with imaging, neck or upper back, third level (add-on)",
  },
  "64493": {
    nonFacility: 172.08,
    facility: 88.31,
    description: "Facet joint injection/nerve block with imaging, low back, first level",
  },
  "64494": {
    nonFacility: 87.98,
    facility: 49.17,
    description: "Facet joint injection/nerve block with imaging, low back, second level (add-on)",
  },
  "64495": {
    nonFacility: 87.01,
    facility: 49.49,
    description: "Facet joint injection/nerve block with imaging, low back, third level (add-on)",
  },
  "64461": {
    nonFacility: 128.42,
    facility: 74.72,
    description: "Paravertebral block, chest, single injection",
  },
  "64462": {
    nonFacility: 68.25,
    facility: 46.26,
    description: "Paravertebral block, chest, each added injection level (add-on)",
  },
  "64463": {
    nonFacility: 215.43,
    facility: 78.28,
    description: "Paravertebral block, chest, continuous infusion by catheter",
  },
  "64633": {
    nonFacility: 416.95,
    facility: 186.64,
    description: "Facet nerve destruction with imaging, neck or upper back, one joint",
  },
  "64634": {
    nonFacility: 241.3,
    facility: 64.69,
    description:
      "Facet nerve destruction with imaging, neck or upper back, each added joint (add-on)",
  },
  "64635": {
    nonFacility: 420.5,
    facility: 186.64,
    description: "Facet nerve destruction with imaging, low back, one joint",
  },
  "64636": {
    nonFacility: 226.43,
    facility: 56.93,
    description: "Facet nerve destruction with imaging, low back, each added joint (add-on)",
  },
  "64479": {
    nonFacility: 256.18,
    facility: 126.8,
    description:
      "Epidural injection through the side opening with imaging, neck or upper back, one level",
  },
  "64480": {
    nonFacility: 129.71,
    facility: 59.52,
    description:
      "Epidural injection through the side opening with imaging, neck or upper back, each added level (add-on)",
  },
  "64483": {
    nonFacility: 236.13,
    facility: 107.71,
    description: "Epidural injection through the side opening with imaging, low back, one level",
  },
  "64484": {
    nonFacility: 106.1,
    facility: 48.84,
    description:
      "Epidural injection through the side opening with imaging, low back, each added level (add-on)",
  },
};

interface DemoPayer {
  slug: string;
  entity: string;
  plan: string;
  schema: "1.0.0" | "2.0.0";
  /** Median multiple of Medicare for professional rates. */
  multiple: number;
  /** Share of practices under contract. */
  reach: number;
}

/** Six payers: the four BUCA families (with a regional Blue), Elevance/Anthem, and one non-BUCA plan. */
const PAYERS: readonly DemoPayer[] = [
  {
    slug: "uhc",
    entity: "UnitedHealthcare of the Mid-Atlantic, Inc. (SYNTHETIC DEMO)",
    plan: "SYNTHETIC UHC Choice Plus PPO",
    schema: "1.0.0",
    multiple: 1.45,
    reach: 0.85,
  },
  {
    slug: "aetna",
    entity: "Aetna Life Insurance Company (SYNTHETIC DEMO)",
    plan: "SYNTHETIC Aetna Open Access Managed Choice",
    schema: "2.0.0",
    multiple: 1.3,
    reach: 0.8,
  },
  {
    slug: "cigna",
    entity: "CIGNA HEALTH AND LIFE INSURANCE COMPANY (SYNTHETIC DEMO)",
    plan: "SYNTHETIC Cigna Open Access Plus",
    schema: "1.0.0",
    multiple: 1.6,
    reach: 0.7,
  },
  {
    slug: "anthem",
    entity: "Anthem Blue Cross and Blue Shield (SYNTHETIC DEMO)",
    plan: "SYNTHETIC Anthem Blue Access PPO",
    schema: "2.0.0",
    multiple: 1.75,
    reach: 0.75,
  },
  {
    slug: "carefirst",
    entity: "CareFirst BlueCross BlueShield (SYNTHETIC DEMO)",
    plan: "SYNTHETIC CareFirst BluePreferred PPO",
    schema: "1.0.0",
    multiple: 1.2,
    reach: 0.9,
  },
  {
    slug: "chesapeake",
    entity: "Chesapeake Community Health Plan (SYNTHETIC DEMO)",
    plan: "SYNTHETIC Chesapeake Select HMO",
    schema: "2.0.0",
    multiple: 2.4,
    reach: 0.5,
  },
];

type Json = Record<string, unknown>;

function cents(value: number): number {
  return Math.round(value * 100) / 100;
}

/** One payer's in-network file as a JSON object. */
function payerFile(
  payer: DemoPayer,
  practices: readonly DemoPractice[],
  random: SeededRandom,
): Json {
  const v2 = payer.schema === "2.0.0";
  const contracted = practices.filter(() => random.next() < payer.reach);
  const references: Json[] = contracted.map((practice, index) => ({
    provider_group_id: index + 1,
    ...(v2 ? { network_name: [`${payer.plan} network`] } : {}),
    provider_groups: [
      {
        npi: practice.npis,
        tin: {
          type: "ein",
          value: `${practice.ein.slice(0, 2)}-${practice.ein.slice(2)}`,
          ...(v2 ? { business_name: practice.businessName } : {}),
        },
      },
    ],
  }));
  // A TIN-only contract (npi [0]) and, for 1.x CareFirst, remote references that cannot be resolved.
  references.push({
    provider_group_id: 900,
    ...(v2 ? { network_name: [`${payer.plan} network`] } : {}),
    provider_groups: [
      {
        npi: [0],
        tin: {
          type: "ein",
          value: "52-1234567",
          ...(v2 ? { business_name: "SYNTHETIC TIN-ONLY GROUP" } : {}),
        },
      },
    ],
  });
  if (payer.slug === "carefirst") {
    for (let r = 0; r < 3; r++) {
      references.push({
        provider_group_id: 950 + r,
        location: `https://example.invalid/SYNTHETIC/provider-reference-${r}.json`,
      });
    }
  }
  const practiceMultiple = new Map(
    contracted.map((p) => [p, payer.multiple * Math.exp(0.18 * random.normal())]),
  );
  const price = (extra: Json): Json => ({ expiration_date: "9999-12-31", ...extra });
  const inNetwork = Object.entries(DEMO_CODES).map(([code, medicare]) => {
    const rates: Json[] = [];
    contracted.forEach((practice, index) => {
      const groupRef = index + 1;
      const multiple = practiceMultiple.get(practice) ?? payer.multiple;
      if (practice.kind === "asc") {
        // ASC facility fee: institutional, several times the professional facility amount.
        const amount = cents(random.logNormal(medicare.facility * 4.5 * (multiple / 1.5), 0.15));
        const percentage = random.next() < 0.12;
        rates.push({
          provider_references: [groupRef],
          negotiated_prices: [
            price({
              negotiated_type: percentage ? "percentage" : "negotiated",
              negotiated_rate: percentage ? random.int(45, 80) : amount,
              billing_class: "institutional",
              ...(v2 ? { setting: "outpatient" } : {}),
            }),
          ],
        });
        return;
      }
      const type =
        payer.slug === "anthem" && random.next() < 0.3
          ? "derived"
          : payer.slug === "cigna" && random.next() < 0.2
            ? "fee schedule"
            : "negotiated";
      const office = cents(random.logNormal(medicare.nonFacility * multiple, 0.08));
      const facility = cents(random.logNormal(medicare.facility * multiple, 0.08));
      const prices: Json[] = [
        price({
          negotiated_type: type,
          negotiated_rate: office,
          service_code: ["11"],
          billing_class: "professional",
          ...(v2 ? { setting: "outpatient" } : {}),
        }),
        price({
          negotiated_type: type,
          negotiated_rate: facility,
          service_code: ["19", "22", "24"],
          billing_class: "professional",
          ...(v2 ? { setting: "outpatient" } : {}),
        }),
      ];
      if (random.next() < 0.15) {
        prices.push(
          price({
            negotiated_type: type,
            negotiated_rate: cents(office * 1.5),
            service_code: ["11"],
            billing_class: "professional",
            billing_code_modifier: ["50"],
            ...(v2 ? { setting: "outpatient" } : {}),
          }),
        );
      }
      rates.push({ provider_references: [groupRef], negotiated_prices: prices });
    });
    // Outliers a cleaning pass must catch: a keying error (×40) and a placeholder-like low rate.
    if (code === "64491" || code === "64493") {
      rates.push({
        provider_references: [1],
        negotiated_prices: [
          price({
            negotiated_type: "negotiated",
            negotiated_rate: cents(medicare.nonFacility * 40),
            service_code: ["11"],
            billing_class: "professional",
            ...(v2 ? { setting: "outpatient" } : {}),
          }),
        ],
      });
      rates.push({
        provider_references: [2],
        negotiated_prices: [
          price({
            negotiated_type: "negotiated",
            negotiated_rate: cents(medicare.nonFacility * 0.2),
            service_code: ["11"],
            billing_class: "professional",
            ...(v2 ? { setting: "outpatient" } : {}),
          }),
        ],
      });
    }
    rates.push({
      provider_references: [900],
      negotiated_prices: [
        price({
          negotiated_type: "negotiated",
          negotiated_rate: cents(medicare.nonFacility * payer.multiple),
          service_code: v2 ? ["CSTM-00"] : ["11"],
          billing_class: "professional",
          ...(v2 ? { setting: "both" } : {}),
        }),
      ],
    });
    if (payer.slug === "carefirst") {
      rates.push({
        provider_references: [950, 951, 952],
        negotiated_prices: [
          price({
            negotiated_type: "negotiated",
            negotiated_rate: cents(medicare.facility * payer.multiple),
            service_code: ["24"],
            billing_class: "professional",
          }),
        ],
      });
    }
    if (code === "64493" && payer.slug === "aetna") {
      rates.push({
        provider_references: [1],
        negotiated_prices: [
          price({
            negotiated_type: "per diem",
            negotiated_rate: 2500,
            billing_class: "institutional",
            setting: "inpatient",
          }),
        ],
      });
    }
    return {
      negotiation_arrangement: "ffs",
      name: medicare.description,
      billing_code_type: "CPT",
      billing_code_type_version: "2025",
      billing_code: code,
      description: `${medicare.description} (plain-language, SYNTHETIC demo)`,
      negotiated_rates: rates,
    };
  });
  return {
    reporting_entity_name: payer.entity,
    reporting_entity_type: "health insurance issuer",
    ...(v2 ? { issuer_name: payer.entity } : {}),
    plan_name: payer.plan,
    plan_id_type: v2 ? "ein" : "EIN",
    plan_id: "990000001",
    ...(v2 ? { plan_sponsor_name: "SYNTHETIC DEMO EMPLOYER" } : {}),
    plan_market_type: "group",
    last_updated_on: "2025-07-01",
    version: payer.schema,
    provider_references: references,
    in_network: inNetwork,
  };
}

/**
 * Writes the demo files into `outDir`: `<payer>-in-network-SYNTHETIC.json.gz` per payer and
 * `npidata_pfile_SYNTHETIC.csv`. Same seed, same bytes.
 */
export async function generateDemoMrfs(
  outDir: string,
  options: { seed?: number } = {},
): Promise<{ files: string[]; npiCount: number; nppesFile: string }> {
  const random = new SeededRandom(options.seed ?? 20250701);
  await mkdir(outDir, { recursive: true });
  const population = buildDemoPopulation(random);
  const files: string[] = [];
  for (const payer of PAYERS) {
    const path = join(outDir, `${payer.slug}-in-network-SYNTHETIC.json.gz`);
    const json = JSON.stringify(payerFile(payer, population.practices, random));
    await writeFile(path, await gzipAsync(json, { level: 6 }));
    files.push(path);
  }
  const nppesFile = join(outDir, "npidata_pfile_SYNTHETIC.csv");
  await writeSyntheticNppes(nppesFile, population.providers);
  return { files, npiCount: population.providers.length, nppesFile };
}
