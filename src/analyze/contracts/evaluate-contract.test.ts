import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Store } from "../../store/store.js";
import { loadBundledReferenceData } from "../reference/load-reference-data.js";
import {
  CONTRACT_FIXTURE,
  FIXTURE_PROVIDERS,
  FIXTURE_SCHEDULE,
  loadContractFixture,
  type FixtureRate,
} from "../../testing/contract-fixture.js";
import type { ContractEvaluation, LineEvaluation } from "./contract-types.js";
import { evaluateFeeSchedule } from "./evaluate-fee-schedule.js";
import { parseOffer } from "./parse-offer.js";

// ---------------------------------------------------------------------------------------------
// The second computation, by hand on the fixture arrays: which providers are in the market,
// which rates survive the Medicare bounds, type-7 percentiles, mid-rank percentile, dollars.
// ---------------------------------------------------------------------------------------------

/** 21201 (Baltimore city, county 24510) and 21204 (Towson, county 24005) are in CBSA 12580; 20001 (DC) is not. */
const CBSA_12580 = new Set(["21201", "21204"]);

/** CY2025 at 12302-01 (GPCI2025: work 1.02, PE 1.078, MP 1.309), RVUs from PPRRVU2025, CF 32.3465, to the cent. */
function medicare(work: number, pe: number, mp: number): number {
  return Math.round((work * 1.02 + pe * 1.078 + mp * 1.309) * 32.3465 * 100) / 100;
}
const MEDICARE: Record<string, number> = {
  "64493|nonfacility": medicare(1.52, 3.64, 0.16),
  "64490|nonfacility": medicare(1.82, 3.77, 0.17),
  "64490|facility": medicare(1.82, 1.17, 0.17),
};

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return s[lo]! + (h - lo) * (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!);
}

function marketRates(
  code: string,
  setting: string,
  inMarket: (zip: string | null) => boolean,
  payer?: string,
): number[] {
  return CONTRACT_FIXTURE.filter(
    (r: FixtureRate) =>
      r.code === code && (r.pos === "24" ? "facility" : "nonfacility") === setting,
  )
    .filter((r) => inMarket(FIXTURE_PROVIDERS[r.provider] ?? null))
    .filter((r) => payer === undefined || r.payer === payer)
    .filter(
      (r) =>
        r.rate >= 0.5 * MEDICARE[`${code}|${setting}`]! &&
        r.rate <= 30 * MEDICARE[`${code}|${setting}`]!,
    )
    .map((r) => r.rate);
}

function expectStats(actual: LineEvaluation["allPayers"], values: number[]): void {
  expect(actual?.n).toBe(values.length);
  expect(actual?.p25).toBeCloseTo(quantile(values, 0.25), 9);
  expect(actual?.median).toBeCloseTo(quantile(values, 0.5), 9);
  expect(actual?.p75).toBeCloseTo(quantile(values, 0.75), 9);
  expect(actual?.p90).toBeCloseTo(quantile(values, 0.9), 9);
}

const NOW = new Date("2026-12-01T00:00:00Z");

describe("evaluateContract on the fixture store", () => {
  let store: Store;
  let evaluation: ContractEvaluation;
  beforeEach(async () => {
    store = await Store.memory();
    await loadContractFixture(store);
    const ref = await loadBundledReferenceData();
    evaluation = await evaluateFeeSchedule(
      store,
      ref,
      { name: "fixture.csv", content: FIXTURE_SCHEDULE },
      { market: "cbsa:12580", zip: "21201", offer: parseOffer("140% medicare"), now: NOW },
    );
  });
  afterEach(() => {
    store.close();
  });

  const line = (row: number): LineEvaluation => {
    const found = evaluation.lines.find((l) => l.row === row);
    if (found === undefined) throw new Error(`no line for row ${row}`);
    return found;
  };

  it("compares each line with the same payer and all payers in the market, and with Medicare at the practice locality", () => {
    expect(evaluation.market).toMatchObject({ spec: "cbsa:12580" });
    expect(evaluation.practiceLocality.locality).toBe("12302-01");
    const inCbsa = (zip: string | null): boolean => zip !== null && CBSA_12580.has(zip);
    const all = marketRates("64493", "nonfacility", inCbsa);
    expect(all).toEqual([180, 200, 230, 260, 210, 220, 240, 250, 275]); // B1's 60 is under 0.5 × Medicare; DC and unknown out
    const row2 = line(2);
    expectStats(row2.samePayer, marketRates("64493", "nonfacility", inCbsa, "CareFirst"));
    expectStats(row2.allPayers, all);
    expect(row2.medicare?.amount).toBe(MEDICARE["64493|nonfacility"]);
    expect(row2.percentOfMedicare).toBeCloseTo((190 / MEDICARE["64493|nonfacility"]!) * 100, 9);
    const below = all.filter((v) => v < 190).length;
    expect(row2.marketPercentile).toBeCloseTo((below / all.length) * 100, 9);
    expect(row2.annualGapToMedian).toBeCloseTo((quantile(all, 0.5) - 190) * 100, 6);
    expect(row2.annualGapToP75).toBeCloseTo((quantile(all, 0.75) - 190) * 100, 6);
    // A % of Medicare line is priced at the practice locality.
    const row3 = line(3);
    expect(row3.rate).toBeCloseTo(1.3 * MEDICARE["64493|nonfacility"]!, 9);
    expectStats(row3.samePayer, marketRates("64493", "nonfacility", inCbsa, "Aetna"));
    // Facility setting from the setting column; the same payer's facility rates only.
    expectStats(line(5).samePayer, marketRates("64490", "facility", inCbsa, "Aetna"));
  });

  it("prices the offers (global and per line) and totals per payer", () => {
    const row2 = line(2);
    expect(row2.offer?.rate).toBeCloseTo(1.4 * MEDICARE["64493|nonfacility"]!, 9);
    expect(row2.offer?.change).toBeCloseTo((1.4 * MEDICARE["64493|nonfacility"]! - 190) * 100, 6);
    const row5 = line(5);
    expect(row5.offer?.text).toBe("+4%");
    expect(row5.offer?.rate).toBeCloseTo(140 * 1.04, 9);
    const row4 = line(4); // no volume: rates compared, no dollars
    expect(row4.annualGapToMedian).toBeNull();
    expect(row4.offer?.projectedRevenue).toBeNull();
    const carefirst = evaluation.payers.find((p) => p.payer === "CareFirst");
    expect(carefirst?.todayRevenue).toBeCloseTo(190 * 100, 6);
    expect(carefirst?.projectedRevenue).toBeCloseTo(1.4 * MEDICARE["64493|nonfacility"]! * 100, 6);
    const aetnaToday = 1.3 * MEDICARE["64493|nonfacility"]! * 50 + 140 * 20;
    const aetnaProjected = 1.4 * MEDICARE["64493|nonfacility"]! * 50 + 140 * 1.04 * 20;
    const aetna = evaluation.payers.find((p) => p.payer === "Aetna");
    expect(aetna?.todayRevenue).toBeCloseTo(aetnaToday, 6);
    expect(aetna?.projectedRevenue).toBeCloseTo(aetnaProjected, 6);
    expect(evaluation.total.projectedChange).toBeCloseTo(
      aetnaProjected + 1.4 * MEDICARE["64493|nonfacility"]! * 100 - aetnaToday - 19000,
      6,
    );
  });

  it("ranks lines by dollar opportunity, reports bad rows by number and flags small, synthetic and old data", () => {
    const gaps = evaluation.lines
      .map((l) => l.annualGapToMedian)
      .filter((g): g is number => g !== null);
    expect(gaps).toEqual([...gaps].sort((a, b) => b - a));
    expect(evaluation.lines.at(-1)?.row).toBe(4); // no volume: last
    expect(evaluation.errors.map((e) => [e.row, e.column])).toEqual([
      [6, "payer"],
      [7, "code"],
      [8, "setting"],
      [9, "rate"],
    ]);
    expect(line(2).warnings.join(" ")).toMatch(/small sample: 9 market rate/);
    expect(line(2).warnings.join(" ")).toMatch(
      /old data: market file\(s\) last updated 2021-01-01/,
    );
    expect(evaluation.containsSynthetic).toBe(true);
    expect(evaluation.warnings.join(" ")).toMatch(/SYNTHETIC/);
  });

  it("takes every placed and unplaced provider nationally", async () => {
    const ref = await loadBundledReferenceData();
    const national = await evaluateFeeSchedule(
      store,
      ref,
      { name: "fixture.csv", content: FIXTURE_SCHEDULE },
      { now: NOW },
    );
    const row2 = national.lines.find((l) => l.row === 2);
    // Nationally providers are priced at their own locality (DC 12202-01, unknown → national) for the bounds; all rates pass them.
    expect(row2?.allPayers?.n).toBe(
      CONTRACT_FIXTURE.filter((r) => r.code === "64493" && r.rate !== 60).length,
    );
    expect(national.practiceLocality.locality).toBeNull();
    expect(row2?.medicare?.locality).toBeNull();
  });
});
