/**
 * A small fixed store for the contract tests (engine, CLI, API, page): two payers' rates for
 * 64493 and 64490 around Baltimore, written straight into the tables. Providers practise in
 * Baltimore city (21201) and Towson (21204), both in CBSA 12580; in Washington DC (20001, outside
 * it); and one NPI is missing from the directory (location unknown). Amounts are made up
 * (fixture), NPIs fake. The tests' second computation reads `CONTRACT_FIXTURE`, not the store.
 */
import type { Store } from "../store/store.js";
import {
  appendProviderGroups,
  appendProviders,
  appendRates,
  insertFixtureSourceFile,
  type RateRow,
} from "./tic-row-writer.js";

/** One fixture rate as the tests see it. */
export interface FixtureRate {
  payer: "CareFirst" | "Aetna";
  code: string;
  pos: string;
  provider: string;
  rate: number;
}

/** Providers by label: ZIP (null = not in the directory). */
export const FIXTURE_PROVIDERS: Readonly<Record<string, string | null>> = {
  A0: "21201",
  A1: "21201",
  A2: "21201",
  A3: "21201",
  B0: "21204",
  B1: "21204",
  C0: "20001",
  C1: "20001",
  D: null,
};

export const CONTRACT_FIXTURE: readonly FixtureRate[] = [
  ...[
    ["A0", 180],
    ["A1", 200],
    ["A2", 230],
    ["A3", 260],
    ["B0", 210],
    ["B1", 60],
    ["C0", 400],
    ["C1", 420],
    ["D", 150],
  ].map(([provider, rate]) => ({
    payer: "CareFirst" as const,
    code: "64493",
    pos: "11",
    provider: String(provider),
    rate: Number(rate),
  })),
  ...[
    ["A0", 220],
    ["A1", 240],
    ["A2", 250],
    ["B0", 275],
    ["C0", 500],
  ].map(([provider, rate]) => ({
    payer: "Aetna" as const,
    code: "64493",
    pos: "11",
    provider: String(provider),
    rate: Number(rate),
  })),
  ...[
    ["A0", 250],
    ["A1", 260],
    ["B0", 270],
  ].map(([provider, rate]) => ({
    payer: "CareFirst" as const,
    code: "64490",
    pos: "11",
    provider: String(provider),
    rate: Number(rate),
  })),
  ...[
    ["A0", 150],
    ["A1", 160],
  ].map(([provider, rate]) => ({
    payer: "Aetna" as const,
    code: "64490",
    pos: "24",
    provider: String(provider),
    rate: Number(rate),
  })),
];

/** The files: CareFirst real and old (2021), Aetna synthetic and recent. */
const FILES = {
  CareFirst: {
    fileId: 1,
    location: "fixture/carefirst-2021.json.gz",
    sha256: "e".repeat(64),
    reportingEntityName: "CareFirst BlueCross BlueShield",
    lastUpdatedOn: "2021-01-01",
    synthetic: false,
  },
  Aetna: {
    fileId: 2,
    location: "fixture/aetna-SYNTHETIC.json.gz",
    sha256: "f".repeat(64),
    reportingEntityName: "Aetna Life Insurance Company",
    lastUpdatedOn: "2026-06-01",
    synthetic: true,
  },
} as const;

/** The provider's NPI (fake, unique). */
export function fixtureNpi(label: string): number {
  return 1_500_000_000 + Object.keys(FIXTURE_PROVIDERS).indexOf(label);
}

/** Writes the fixture into a fresh store (file ids 1 and 2). */
export async function loadContractFixture(store: Store): Promise<void> {
  await store.withConnection(async (connection) => {
    for (const file of Object.values(FILES)) {
      const id = await insertFixtureSourceFile(connection, file);
      if (id !== file.fileId) {
        throw new Error(`contract fixture expects a fresh store (got file_id ${id})`);
      }
    }
    const labels = Object.keys(FIXTURE_PROVIDERS);
    await appendProviderGroups(
      connection,
      Object.values(FILES).flatMap((file) =>
        labels.map((label, key) => ({
          fileId: file.fileId,
          groupKey: key,
          providerGroupId: String(key),
          npi: fixtureNpi(label),
          tinType: "ein" as const,
          tinValue: `52${String(key).padStart(7, "0")}`,
        })),
      ),
    );
    const items = new Map<string, number>();
    const rates: RateRow[] = CONTRACT_FIXTURE.map((r, index) => {
      const fileId = FILES[r.payer].fileId;
      const itemKey = `${fileId}|${r.code}`;
      if (!items.has(itemKey)) items.set(itemKey, items.size);
      return {
        fileId,
        itemIndex: items.get(itemKey) ?? 0,
        rateIndex: index,
        priceIndex: 0,
        billingCode: r.code,
        groupKey: labels.indexOf(r.provider),
        providerGroupId: String(labels.indexOf(r.provider)),
        negotiatedType: "negotiated",
        rate: r.rate,
        billingClass: "professional",
        serviceCodes: [r.pos],
        modifiers: null,
      };
    });
    await appendRates(connection, rates);
    await appendProviders(
      connection,
      labels
        .filter((label) => FIXTURE_PROVIDERS[label] !== null)
        .map((label) => ({
          npi: fixtureNpi(label),
          entityType: 1 as const,
          name: `FIXTURE ${label}`,
          primaryTaxonomy: "208VP0014X",
          taxonomies: ["208VP0014X"],
          state: FIXTURE_PROVIDERS[label]?.startsWith("2000") === true ? "DC" : "MD",
          zip5: FIXTURE_PROVIDERS[label] ?? null,
          synthetic: false,
        })),
    );
  });
}

/** The fixture's fee schedule: four good lines and four bad rows (rows 6–9). */
export const FIXTURE_SCHEDULE = [
  "payer,code,modifier,setting,place_of_service,rate,percent_of_medicare,medicare_year,annual_volume,offer",
  "CareFirst,64493,,office,,190,,,100,",
  "Aetna,64493,,,11,,130,2025,50,",
  "CareFirst,64490,,office,,240,,,,",
  "Aetna,64490,,facility,,140,,,20,+4%",
  ",64493,,office,,100,,,10,",
  "CareFirst,6449,,office,,100,,,10,",
  "CareFirst,64493,,lobby,,100,,,10,",
  "CareFirst,64493,,office,,abc,,,10,",
].join("\n");
