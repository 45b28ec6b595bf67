/**
 * A seeded SYNTHETIC hospital price-transparency file (CMS v3.0 JSON) for one of the demo
 * population's ambulatory surgery centres, built from the synthetic payers' own TiC files so that
 * the cross-check has a known answer: for each institutional rate a payer lists for the centre, the
 * hospital file writes the same amount (agree), a different one (differ) or nothing
 * (hospital-missing); it also lists a code no payer has for the centre (payer-missing) and a payer
 * with no TiC file. The planted outcomes are returned, read from the payer files themselves.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { mapPayer } from "../normalize/payers/map-payer.js";
import { buildDemoPopulation } from "../sources/synthetic/demo-population.js";
import { DEMO_CODES } from "../sources/synthetic/generate-demo-mrfs.js";
import { SeededRandom } from "../sources/synthetic/seeded-random.js";

/** One outcome the cross-check must report. */
export interface PlantedOutcome {
  status: "agree" | "differ" | "payer-missing" | "hospital-missing";
  payer: string;
  code: string;
  setting: string;
  unit: "dollars" | "percent";
  hospitalValue: number | null;
  payerValue: number | null;
}

export interface SeededHospitalFile {
  path: string;
  ein: string;
  npi: number;
  planted: PlantedOutcome[];
}

type Json = Record<string, unknown>;

/** A code the demo payers never list: the hospital has it, the payers' files do not. */
const HOSPITAL_ONLY_CODE = "64999";
const NO_TIC_PAYER = "SYNTHETIC Valley Community Plan";

interface AscRate {
  payer: string;
  code: string;
  unit: "dollars" | "percent";
  value: number;
  setting: string;
}

/** The institutional rates each payer file lists for the centre's EIN. */
function ascRates(file: Json, ein: string): AscRate[] {
  const payer = mapPayer(file.reporting_entity_name as string).payer;
  const refs = new Set<number>();
  for (const ref of (file.provider_references as Json[] | undefined) ?? []) {
    const groups = (ref.provider_groups as Json[] | undefined) ?? [];
    if (groups.some((g) => String((g.tin as Json).value).replace(/\D/g, "") === ein)) {
      refs.add(ref.provider_group_id as number);
    }
  }
  const out: AscRate[] = [];
  for (const item of file.in_network as Json[]) {
    for (const rate of item.negotiated_rates as Json[]) {
      if (!((rate.provider_references as number[] | undefined) ?? []).some((r) => refs.has(r))) {
        continue;
      }
      for (const price of rate.negotiated_prices as Json[]) {
        if (price.billing_class !== "institutional") continue;
        const type = price.negotiated_type as string;
        if (type !== "negotiated" && type !== "percentage") continue;
        out.push({
          payer,
          code: item.billing_code as string,
          unit: type === "percentage" ? "percent" : "dollars",
          value: price.negotiated_rate as number,
          setting: (price.setting as string | undefined) ?? "unspecified",
        });
      }
    }
  }
  return out;
}

/**
 * Writes `<EIN>_synthetic-surgery-center-N_standardcharges.json` into `outDir` for the demo files in
 * `demoDir` (written by `generateDemoMrfs` with the same `demoSeed`). Same seeds, same bytes.
 */
export async function generateSeededHospitalFile(
  outDir: string,
  options: { demoDir: string; demoSeed?: number; seed?: number; payerFiles: readonly string[] },
): Promise<SeededHospitalFile> {
  const population = buildDemoPopulation(new SeededRandom(options.demoSeed ?? 20250701));
  const files = await Promise.all(
    options.payerFiles.map(
      async (f) => JSON.parse(gunzipSync(await readFile(f)).toString("utf8")) as Json,
    ),
  );
  const ascs = population.practices.filter((p) => p.kind === "asc");
  // The centre with the most payer rates, so every kind of outcome can be planted.
  const ranked = ascs
    .map((asc) => ({ asc, rates: files.flatMap((f) => ascRates(f, asc.ein)) }))
    .sort((a, b) => b.rates.length - a.rates.length);
  const { asc, rates } = ranked[0]!;
  const random = new SeededRandom(options.seed ?? 18);
  const planted: PlantedOutcome[] = [];
  const charges = new Map<string, Json[]>(); // code → payers_information
  const add = (code: string, entry: Json): void => {
    charges.set(code, [...(charges.get(code) ?? []), entry]);
  };
  const payerEntry = (payer: string, unit: "dollars" | "percent", value: number): Json =>
    unit === "dollars"
      ? {
          payer_name: payer,
          plan_name: "SYNTHETIC PPO",
          methodology: "fee schedule",
          standard_charge_dollar: value,
        }
      : {
          payer_name: payer,
          plan_name: "SYNTHETIC PPO",
          methodology: "percent of total billed charges",
          standard_charge_percentage: value,
          median_amount: 900,
          "10th_percentile": 700,
          "90th_percentile": 1100,
          count: "11",
        };
  for (const [i, rate] of rates.entries()) {
    // Every payer gets at least one of each outcome (its first three rates), the rest drawn.
    const draw = i % 7 < 3 ? i % 7 : random.next() < 0.6 ? 0 : random.next() < 0.6 ? 1 : 2;
    const setting = "outpatient";
    if (draw === 2) {
      planted.push({
        status: "hospital-missing",
        payer: rate.payer,
        code: rate.code,
        setting: rate.setting,
        unit: rate.unit,
        hospitalValue: null,
        payerValue: rate.value,
      });
      continue;
    }
    const value =
      draw === 0 ? rate.value : Math.round(rate.value * (1.05 + random.next() * 0.2) * 100) / 100;
    add(rate.code, payerEntry(rate.payer, rate.unit, value));
    planted.push({
      status: draw === 0 ? "agree" : "differ",
      payer: rate.payer,
      code: rate.code,
      setting,
      unit: rate.unit,
      hospitalValue: value,
      payerValue: rate.value,
    });
  }
  for (const payer of [...new Set(rates.map((r) => r.payer))]) {
    const value = Math.round(random.logNormal(950, 0.1) * 100) / 100;
    add(HOSPITAL_ONLY_CODE, payerEntry(payer, "dollars", value));
    planted.push({
      status: "payer-missing",
      payer,
      code: HOSPITAL_ONLY_CODE,
      setting: "outpatient",
      unit: "dollars",
      hospitalValue: value,
      payerValue: null,
    });
  }
  // A payer with no TiC file at all: listed apart by the cross-check, never "missing".
  add(HOSPITAL_ONLY_CODE, payerEntry(NO_TIC_PAYER, "dollars", 1000));
  const items = [...charges.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, payers]) => {
      const dollars = payers.flatMap((p) =>
        typeof p.standard_charge_dollar === "number" ? [p.standard_charge_dollar] : [],
      );
      return {
        description: `${DEMO_CODES[code]?.description ?? "Unlisted nervous system procedure"} (SYNTHETIC demo)`,
        code_information: [{ code, type: "CPT" }],
        standard_charges: [
          {
            setting: "outpatient",
            gross_charge: Math.round(Math.max(...dollars, 500) * 3 * 100) / 100,
            discounted_cash: Math.round(Math.max(...dollars, 500) * 1.2 * 100) / 100,
            ...(dollars.length > 0
              ? { minimum: Math.min(...dollars), maximum: Math.max(...dollars) }
              : {}),
            payers_information: payers,
          },
        ],
      };
    });
  const name = asc.businessName.replace(/, LLC$/, "");
  const doc = {
    hospital_name: `${name} (SYNTHETIC DEMO)`,
    last_updated_on: "2025-07-01",
    version: "3.0.0",
    location_name: [`${name} (SYNTHETIC DEMO)`],
    hospital_address: [`1 Synthetic Way, Demo City, ${asc.state} 00000`],
    license_information: { state: asc.state, license_number: "SYNTHETIC-1" },
    type_2_npi: [String(asc.npis[0])],
    attestation: {
      attestation: "SYNTHETIC demo file: generated for testing, not a real hospital's attestation.",
      confirm_attestation: true,
      attester_name: "SYNTHETIC Demo",
    },
    standard_charge_information: items,
  };
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  const path = join(outDir, `${asc.ein}_${slug}_standardcharges.json`);
  await writeFile(path, `${JSON.stringify(doc, null, 2)}\n`);
  return { path, ein: asc.ein, npi: asc.npis[0]!, planted };
}
