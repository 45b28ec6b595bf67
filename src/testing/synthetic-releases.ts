/**
 * Two consecutive monthly releases of a SYNTHETIC payer ("Acme Synthetic Health"), written as TiC
 * in-network JSON (schema 1.0), with a manifest of the changes planted between them, so a test can
 * check that `compareReleases` finds exactly those. Seeded: the same seed writes the same bytes.
 *
 * Two plans, disjoint providers (one NPI per group, ten NPIs per TIN), five codes, professional
 * office rates (POS 11). Planted in the PPO file of month 2: some rates up, some down, providers
 * added, providers dropped, one code moved from dollars to a percentage of charges. The HMO file of
 * month 2 is renamed (and re-dated) but carries the same rates: it must show no change.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SeededRandom } from "../sources/synthetic/seeded-random.js";

export const SYNTHETIC_PAYER = "Acme Synthetic Health (SYNTHETIC)";
export const RELEASE_CODES = ["64490", "64491", "64493", "64494", "64633"] as const;
/** The code planted as moving from a negotiated dollar rate to a percentage of billed charges. */
export const PERCENTAGE_CODE = "64633";

/** A change the generator planted; amounts as written in the files. */
export interface PlantedChange {
  readonly kind: "added" | "dropped" | "changed" | "rate-type";
  readonly billingCode: string;
  readonly npi: number;
  readonly oldAmount: number | null;
  readonly newAmount: number | null;
}

export interface SyntheticReleases {
  readonly fromMonth: string;
  readonly toMonth: string;
  readonly fromFiles: readonly string[];
  readonly toFiles: readonly string[];
  readonly planted: readonly PlantedChange[];
}

interface Provider {
  readonly npi: number;
  readonly ein: string;
}

type Rates = Map<string, { type: "negotiated" | "percentage"; amount: number }>;

const cents = (value: number): number => Math.round(value * 100) / 100;
const key = (code: string, npi: number): string => `${code}|${String(npi)}`;

function providers(firstNpi: number, count: number, firstEin: number): Provider[] {
  return Array.from({ length: count }, (_, i) => ({
    npi: firstNpi + i,
    ein: String(firstEin + Math.floor(i / 10)).padStart(9, "0"),
  }));
}

function baseRates(random: SeededRandom, list: readonly Provider[]): Rates {
  const rates: Rates = new Map();
  for (const code of RELEASE_CODES) {
    for (const provider of list) {
      rates.set(key(code, provider.npi), {
        type: "negotiated",
        amount: cents(random.int(20_000, 90_000) / 100),
      });
    }
  }
  return rates;
}

/** One in-network file: a provider group per provider, one rate per code × provider. */
function inNetworkFile(
  plan: { name: string; id: string },
  lastUpdatedOn: string,
  list: readonly Provider[],
  rates: Rates,
): string {
  const groupOf = new Map(list.map((provider, i) => [provider.npi, i + 1]));
  const inNetwork = RELEASE_CODES.map((code) => ({
    negotiation_arrangement: "ffs",
    name: `Synthetic rate for ${code}`,
    billing_code_type: "CPT",
    billing_code_type_version: "2026",
    billing_code: code,
    description: `Code ${code} (SYNTHETIC release test data)`,
    negotiated_rates: list
      .filter((provider) => rates.has(key(code, provider.npi)))
      .map((provider) => {
        const rate = rates.get(key(code, provider.npi));
        return {
          provider_references: [groupOf.get(provider.npi)],
          negotiated_prices: [
            {
              negotiated_type: rate?.type,
              negotiated_rate: rate?.amount,
              expiration_date: "9999-12-31",
              service_code: ["11"],
              billing_class: "professional",
            },
          ],
        };
      }),
  }));
  return JSON.stringify({
    reporting_entity_name: SYNTHETIC_PAYER,
    reporting_entity_type: "health insurance issuer",
    plan_name: plan.name,
    plan_id_type: "hios",
    plan_id: plan.id,
    plan_market_type: "group",
    last_updated_on: lastUpdatedOn,
    version: "1.0.0",
    provider_references: list.map((provider) => ({
      provider_group_id: groupOf.get(provider.npi),
      provider_groups: [{ npi: [provider.npi], tin: { type: "ein", value: provider.ein } }],
    })),
    in_network: inNetwork,
  });
}

/** Writes the two releases into `dir` (2026-05 and 2026-06) and returns their files and the planted changes. */
export async function writeSyntheticReleases(dir: string, seed = 17): Promise<SyntheticReleases> {
  const random = new SeededRandom(seed);
  await mkdir(dir, { recursive: true });
  const ppo = { name: "Acme PPO (SYNTHETIC)", id: "11111" };
  const hmo = { name: "Acme HMO (SYNTHETIC)", id: "22222" };
  const ppoProviders = providers(1_000_000_001, 30, 111_000_001);
  const hmoProviders = providers(1_100_000_001, 20, 222_000_001);
  const ppoOld = baseRates(random, ppoProviders);
  const hmoRates = baseRates(random, hmoProviders);

  const planted: PlantedChange[] = [];
  const ppoNew: Rates = new Map(ppoOld);
  const dropped = ppoProviders.slice(28);
  const added = providers(1_000_000_101, 2, 111_000_050);
  const kept = ppoProviders.slice(0, 28);
  for (const provider of dropped) {
    for (const code of RELEASE_CODES) {
      const old = ppoOld.get(key(code, provider.npi));
      ppoNew.delete(key(code, provider.npi));
      planted.push({
        kind: "dropped",
        billingCode: code,
        npi: provider.npi,
        oldAmount: old?.amount ?? null,
        newAmount: null,
      });
    }
  }
  for (const provider of added) {
    for (const code of RELEASE_CODES) {
      const amount = cents(random.int(20_000, 90_000) / 100);
      ppoNew.set(key(code, provider.npi), {
        type: code === PERCENTAGE_CODE ? "percentage" : "negotiated",
        amount: code === PERCENTAGE_CODE ? 65 : amount,
      });
      planted.push({
        kind: "added",
        billingCode: code,
        npi: provider.npi,
        oldAmount: null,
        newAmount: code === PERCENTAGE_CODE ? 65 : amount,
      });
    }
  }
  // Moves: +5 % on three rates, -4 % on two, on codes other than the percentage one.
  const moves: [string, Provider | undefined, number][] = [
    ["64490", kept[0], 1.05],
    ["64490", kept[1], 1.05],
    ["64491", kept[2], 1.05],
    ["64493", kept[3], 0.96],
    ["64494", kept[4], 0.96],
  ];
  for (const [code, provider, factor] of moves) {
    if (provider === undefined) continue;
    const old = ppoOld.get(key(code, provider.npi));
    if (old === undefined) continue;
    const amount = cents(old.amount * factor);
    ppoNew.set(key(code, provider.npi), { type: "negotiated", amount });
    planted.push({
      kind: "changed",
      billingCode: code,
      npi: provider.npi,
      oldAmount: old.amount,
      newAmount: amount,
    });
  }
  for (const provider of kept) {
    const old = ppoOld.get(key(PERCENTAGE_CODE, provider.npi));
    ppoNew.set(key(PERCENTAGE_CODE, provider.npi), { type: "percentage", amount: 65 });
    planted.push({
      kind: "rate-type",
      billingCode: PERCENTAGE_CODE,
      npi: provider.npi,
      oldAmount: old?.amount ?? null,
      newAmount: 65,
    });
  }

  const files = {
    ppoOld: join(dir, "2026-05-01_acme-ppo_in-network-rates.json"),
    hmoOld: join(dir, "2026-05-01_acme-hmo_in-network-rates.json"),
    ppoNew: join(dir, "2026-06-01_acme-ppo_in-network-rates.json"),
    hmoNew: join(dir, "2026-06-01_acme-hmo-open-access_rates.json"),
  };
  await writeFile(files.ppoOld, inNetworkFile(ppo, "2026-05-01", ppoProviders, ppoOld));
  await writeFile(files.hmoOld, inNetworkFile(hmo, "2026-05-01", hmoProviders, hmoRates));
  await writeFile(files.ppoNew, inNetworkFile(ppo, "2026-06-01", [...kept, ...added], ppoNew));
  await writeFile(files.hmoNew, inNetworkFile(hmo, "2026-06-01", hmoProviders, hmoRates));
  return {
    fromMonth: "2026-05",
    toMonth: "2026-06",
    fromFiles: [files.ppoOld, files.hmoOld],
    toFiles: [files.ppoNew, files.hmoNew],
    planted,
  };
}
