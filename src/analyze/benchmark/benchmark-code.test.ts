import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Store } from "../../store/store.js";
import { mapPayer } from "../../normalize/payers/map-payer.js";
import {
  buildBenchmarkFixture,
  loadBenchmarkFixture,
  type BenchmarkFixture,
} from "../../testing/benchmark-fixture.js";
import { benchmarkCode } from "./benchmark-code.js";
import type { BenchmarkFilters, BenchmarkResult, DistributionStats } from "./benchmark-types.js";
import { DEFAULT_CLEANING, type CleaningSettings } from "./cleaning-settings.js";
import { expectedTaxonomies } from "./expected-taxonomies.js";
import { fixtureReferenceData } from "../../testing/fixture-reference.js";
import { createMedicareLookup } from "./medicare-lookup.js";

// ---------------------------------------------------------------------------------------------
// The second computation: the whole pipeline in plain JS over the fixture arrays, written from
// docs/methodology.md without looking at the SQL. Percentiles: type 7 (linear interpolation).
// ---------------------------------------------------------------------------------------------

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const a = s[lo] as number;
  const b = s[Math.min(lo + 1, s.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

function stats(values: number[]): DistributionStats {
  const n = values.length;
  const mean = values.reduce((x, y) => x + y, 0) / n;
  const sd = Math.sqrt(values.reduce((x, y) => x + (y - mean) ** 2, 0) / n);
  const p25 = quantile(values, 0.25);
  const p75 = quantile(values, 0.75);
  return {
    count: n,
    mean,
    median: quantile(values, 0.5),
    p10: quantile(values, 0.1),
    p25,
    p75,
    p90: quantile(values, 0.9),
    min: Math.min(...values),
    max: Math.max(...values),
    iqr: p75 - p25,
    cv: sd / mean,
  };
}

interface Obs {
  payer: string;
  key: string;
  code: string;
  billingClass: string;
  modifiers: string;
  facility: string;
  type: string;
  rate: number;
  recency: number;
  npi: number | null;
  tin: string | null;
  ref: string | null;
  state: string | null;
  taxonomy: string | null;
  inDirectory: boolean;
}

function plainBenchmark(
  fx: BenchmarkFixture,
  filters: BenchmarkFilters,
  withDirectory: boolean,
  settings: CleaningSettings = DEFAULT_CLEANING,
) {
  const ref = fixtureReferenceData();
  const medicare = createMedicareLookup(ref, 2025);
  const facilityPos = new Set(["22", "24"]);
  const recency = new Map(
    [...fx.files]
      .sort((a, b) => (b.lastUpdatedOn ?? "").localeCompare(a.lastUpdatedOn ?? ""))
      .map((f, i) => [f.fileId, i + 1]),
  );
  const payerOf = new Map(
    fx.files.map((f) => [
      f.fileId,
      `${mapPayer(f.reportingEntityName).payer}${f.synthetic ? "|synthetic" : ""}`,
    ]),
  );
  const directory = new Map(withDirectory ? fx.providers.map((p) => [p.npi, p]) : []);
  const removed: Record<string, number> = {};
  const drop = (rule: string): void => {
    removed[rule] = (removed[rule] ?? 0) + 1;
  };
  const kept: Obs[] = [];
  for (const r of fx.rates) {
    if (!filters.codes.includes(r.billingCode)) continue;
    const classes =
      r.serviceCodes === null || r.serviceCodes.length === 0
        ? [r.billingClass === "institutional" ? "facility" : "unknown"]
        : [
            ...new Set(
              r.serviceCodes.flatMap((s) =>
                s.startsWith("CSTM")
                  ? ["facility", "nonfacility"]
                  : [facilityPos.has(s) ? "facility" : "nonfacility"],
              ),
            ),
          ];
    const members =
      r.groupKey === null
        ? [null]
        : fx.groups.filter((g) => g.fileId === r.fileId && g.groupKey === r.groupKey);
    for (const facility of classes) {
      for (const g of members) {
        const p = g === null || g.npi === null ? undefined : directory.get(g.npi);
        const obs: Obs = {
          payer: payerOf.get(r.fileId) ?? "",
          code: r.billingCode,
          billingClass: r.billingClass ?? "unspecified",
          modifiers: (r.modifiers ?? []).join("+"),
          facility,
          type: r.negotiatedType,
          rate: r.rate,
          recency: recency.get(r.fileId) ?? 0,
          npi: g?.npi ?? null,
          tin: g?.tinValue ?? null,
          ref: g === null ? r.providerGroupId : null,
          key: g === null ? `ref:${r.providerGroupId ?? ""}` : `${g.tinValue}|${g.npi ?? ""}`,
          state: p?.state ?? null,
          taxonomy: p?.primaryTaxonomy ?? null,
          inDirectory: p !== undefined,
        };
        if (r.negotiatedType === "percentage" || r.negotiatedType === "per diem") {
          drop("non-dollar");
        } else if ((r.arrangement ?? "ffs") !== "ffs") drop("non-ffs");
        else if (
          filters.modifier === undefined
            ? obs.modifiers !== ""
            : !(r.modifiers ?? []).includes(filters.modifier)
        ) {
          drop("modifier-scope");
        } else if (r.rate <= 0) drop("non-positive");
        else kept.push(obs);
      }
    }
  }
  // Representative rate per payer × provider × code × class × modifiers × setting.
  const cells = new Map<string, Obs[]>();
  for (const o of kept) {
    const k = [o.payer, o.key, o.code, o.billingClass, o.modifiers, o.facility].join("¦");
    cells.set(k, [...(cells.get(k) ?? []), o]);
  }
  const priority = (t: string): number => ["negotiated", "derived", "fee schedule"].indexOf(t) + 1;
  const reps = [...cells.values()].map((list) => {
    const best = Math.min(...list.map((o) => priority(o.type) * 1000 + o.recency));
    const tied = list.filter((o) => priority(o.type) * 1000 + o.recency === best);
    return {
      ...(tied[0] as Obs),
      rate: quantile(
        tied.map((o) => o.rate),
        0.5,
      ),
    };
  });
  removed["representative-rate"] = kept.length - reps.length;
  // Ghost, Medicare bounds, then log-IQR fences per payer cell.
  const survivors = reps.flatMap((o) => {
    const expected = expectedTaxonomies(o.code);
    if (
      withDirectory &&
      o.inDirectory &&
      expected !== null &&
      !expected.includes(o.taxonomy ?? "")
    ) {
      drop("ghost-specialty");
      return [];
    }
    const quote =
      o.billingClass !== "institutional" &&
      (o.facility === "facility" || o.facility === "nonfacility")
        ? (medicare?.amount(
            o.code,
            o.facility,
            o.state,
            o.modifiers === "" ? [] : o.modifiers.split("+"),
          ) ?? null)
        : null;
    if (
      quote !== null &&
      (o.rate < settings.medicareLowerMultiple * quote.amount ||
        o.rate > settings.medicareUpperMultiple * quote.amount)
    ) {
      drop("medicare-bounds");
      return [];
    }
    return [{ ...o, medicare: quote?.amount ?? null }];
  });
  const byPayerCell = new Map<string, typeof survivors>();
  for (const o of survivors) {
    const k = [o.payer, o.code, o.billingClass, o.facility, o.modifiers].join("¦");
    byPayerCell.set(k, [...(byPayerCell.get(k) ?? []), o]);
  }
  const rows = [...byPayerCell.entries()].map(([k, list]) => {
    let final = list;
    if (list.length >= settings.iqrMinRates) {
      const logs = list.map((o) => Math.log(o.rate));
      const q1 = quantile(logs, 0.25);
      const q3 = quantile(logs, 0.75);
      final = list.filter(
        (o) =>
          Math.log(o.rate) >= q1 - settings.iqrK * (q3 - q1) &&
          Math.log(o.rate) <= q3 + settings.iqrK * (q3 - q1),
      );
      removed["log-iqr"] = (removed["log-iqr"] ?? 0) + list.length - final.length;
    }
    const pct = final
      .filter((o) => o.medicare !== null)
      .map((o) => (o.rate / (o.medicare as number)) * 100);
    return {
      key: k,
      stats: stats(final.map((o) => o.rate)),
      pct:
        pct.length === 0
          ? null
          : {
              mean: pct.reduce((a, b) => a + b, 0) / pct.length,
              median: quantile(pct, 0.5),
              p10: quantile(pct, 0.1),
              p90: quantile(pct, 0.9),
            },
      tins: new Set(final.flatMap((o) => (o.tin === null ? [] : [o.tin]))).size,
      npis: new Set(final.flatMap((o) => (o.npi === null ? [] : [o.npi]))).size,
    };
  });
  return { rows, removed };
}

// ---------------------------------------------------------------------------------------------

function rowKey(p: BenchmarkResult["payers"][number]): string {
  return [
    `${p.payer}${p.synthetic ? "|synthetic" : ""}`,
    p.billingCode,
    p.billingClass ?? "unspecified",
    p.facilityClass,
    p.modifiers ?? "",
  ].join("¦");
}

function removedBy(result: BenchmarkResult, ruleId: string): number {
  return result.cleaning.find((s) => s.ruleId === ruleId)?.removed ?? Number.NaN;
}

function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

async function compare(
  store: Store,
  fixture: BenchmarkFixture,
  filters: BenchmarkFilters,
  withDirectory: boolean,
  cleaning: Partial<CleaningSettings> = {},
): Promise<BenchmarkResult> {
  const result = await benchmarkCode(store, fixtureReferenceData(), filters, {
    year: 2025,
    cleaning,
  });
  const plain = plainBenchmark(fixture, filters, withDirectory, {
    ...DEFAULT_CLEANING,
    ...cleaning,
  });
  expect(result.payers.map(rowKey).sort()).toEqual(plain.rows.map((r) => r.key).sort());
  for (const expected of plain.rows) {
    const actual = result.payers.find((p) => rowKey(p) === expected.key);
    if (actual === undefined) throw new Error(`missing row ${expected.key}`);
    for (const field of [
      "count",
      "mean",
      "median",
      "p10",
      "p25",
      "p75",
      "p90",
      "min",
      "max",
      "iqr",
      "cv",
    ] as const) {
      expectClose(actual.stats[field], expected.stats[field]);
    }
    expect(actual.providerTins).toBe(expected.tins);
    expect(actual.providerNpis).toBe(expected.npis);
    if (expected.pct === null) expect(actual.percentOfMedicare).toBeNull();
    else {
      expectClose(actual.percentOfMedicare?.mean ?? Number.NaN, expected.pct.mean);
      expectClose(actual.percentOfMedicare?.median ?? Number.NaN, expected.pct.median);
      expectClose(actual.percentOfMedicare?.p10 ?? Number.NaN, expected.pct.p10);
      expectClose(actual.percentOfMedicare?.p90 ?? Number.NaN, expected.pct.p90);
    }
  }
  for (const rule of [
    "non-dollar",
    "non-ffs",
    "modifier-scope",
    "non-positive",
    "representative-rate",
    "ghost-specialty",
    "medicare-bounds",
    "log-iqr",
  ]) {
    expect(removedBy(result, rule), rule).toBe(plain.removed[rule] ?? 0);
  }
  return result;
}

describe("benchmarkCode against a plain-JS computation", () => {
  let store: Store;
  const fixture = buildBenchmarkFixture();
  beforeEach(async () => {
    store = await Store.memory();
  });
  afterEach(() => {
    store.close();
  });

  it("matches on every statistic, count and cleaning step, with the provider directory", async () => {
    await loadBenchmarkFixture(store, fixture, { withDirectory: true });
    const result = await compare(store, fixture, { codes: ["64491"] }, true);
    // Each rule removed what the fixture planted (and only that).
    expect(removedBy(result, "non-dollar")).toBe(2);
    expect(removedBy(result, "non-ffs")).toBe(1);
    expect(removedBy(result, "modifier-scope")).toBe(1);
    expect(removedBy(result, "non-positive")).toBe(1);
    expect(removedBy(result, "ghost-specialty")).toBe(1);
    expect(removedBy(result, "medicare-bounds")).toBe(3); // 3000 and 40 (UHC), 5000 (Acme)
    expect(removedBy(result, "log-iqr")).toBe(1); // 900 (UHC)
    expect(result.nonDollar).toEqual({
      percentage: { count: 1, median: 65 },
      perDiem: { count: 1, median: 2500 },
    });
    const uhc = result.payers.find(
      (p) =>
        p.payer === "UnitedHealthcare" &&
        p.facilityClass === "nonfacility" &&
        p.billingClass === "professional",
    );
    expect(uhc?.isBuca).toBe(true);
    expect(uhc?.reportingEntities).toEqual([
      "United HealthCare Services, Inc.",
      "UnitedHealthcare of Texas, Inc.",
    ]);
    expect(uhc?.medicareBasis).toBe("mixed"); // AL providers at the AL locality, CA ones national
    expect(uhc?.medicareNational).toBe(94.78); // (1.16 + 1.64 + 0.13) × 32.3465, PPRRVU2025 national
    // The highest kept UHC rate traces back to its fixture row (file, item, rate, price index).
    const top = uhc?.extremes?.max;
    const source = fixture.rates.find(
      (r) =>
        r.fileId === top?.fileId &&
        r.itemIndex === top.itemIndex &&
        r.rateIndex === top.rateIndex &&
        r.priceIndex === top.priceIndex,
    );
    expect(source?.rate).toBe(uhc?.stats.max);
    expect(result.sources.find((s) => s.fileId === top?.fileId)?.sha256).toBe("b".repeat(64));
    const carefirst = result.payers.find((p) => p.payer === "CareFirst BCBS");
    expect(carefirst?.payerFamily).toBe("Blue Cross Blue Shield");
    expect(carefirst?.providerGroupRefs).toBe(12);
    expect(carefirst?.providerNpis).toBe(0);
    expect(result.gaps.some((g) => g.includes("provider_group_id"))).toBe(true);
    expect(result.containsSynthetic).toBe(true);
    expect(result.payers.find((p) => p.payer === "Acme Regional Health Plan")?.synthetic).toBe(
      true,
    );
  });

  it("keeps what each rule removed when the rule is switched off or its input is absent", async () => {
    await loadBenchmarkFixture(store, fixture, { withDirectory: false });
    const noDirectory = await compare(store, fixture, { codes: ["64491"] }, false);
    expect(removedBy(noDirectory, "ghost-specialty")).toBe(0);
    expect(noDirectory.gaps.some((g) => g.startsWith("No provider directory"))).toBe(true);
    const wide = await compare(store, fixture, { codes: ["64491"] }, false, {
      medicareLowerMultiple: 0,
      medicareUpperMultiple: 1000,
      iqrMinRates: 1000,
    });
    expect(removedBy(wide, "medicare-bounds")).toBe(0);
    expect(removedBy(wide, "log-iqr")).toBe(0);
    const uhc = wide.payers.find(
      (p) => p.payer === "UnitedHealthcare" && p.facilityClass === "nonfacility",
    );
    expect(uhc?.stats.max).toBe(3000);
    expect(uhc?.stats.min).toBe(40);
  });

  it("applies the modifier, setting and billing-class filters the same way", async () => {
    await loadBenchmarkFixture(store, fixture, { withDirectory: true });
    const bilateral = await compare(store, fixture, { codes: ["64491"], modifier: "50" }, true);
    const row = bilateral.payers[0];
    expect(bilateral.payers).toHaveLength(1);
    expect(row?.stats.median).toBe(320);
    // Medicare for -50 at the AL locality: 150 % of 86.04.
    expectClose(row?.percentOfMedicare?.median ?? 0, (320 / (86.04 * 1.5)) * 100);
    const facility = await benchmarkCode(
      store,
      fixtureReferenceData(),
      { codes: ["64491"], facilityClass: "facility", billingClass: "professional" },
      { year: 2025 },
    );
    expect(new Set(facility.payers.map((p) => p.facilityClass))).toEqual(new Set(["facility"]));
    expect(facility.medicare.map((m) => m.facilityClass)).toEqual(["facility"]);
  });

  it("filters by state and taxonomy through the directory and by payer alias", async () => {
    await loadBenchmarkFixture(store, fixture, { withDirectory: true });
    const ca = await benchmarkCode(
      store,
      fixtureReferenceData(),
      { codes: ["64491"], states: ["CA"], payers: ["uhc"] },
      { year: 2025 },
    );
    expect(ca.payers.every((p) => p.payer === "UnitedHealthcare")).toBe(true);
    expect(ca.payers.find((p) => p.facilityClass === "nonfacility")?.stats.count).toBe(4); // providers 20–23
    expect(ca.payers.find((p) => p.facilityClass === "nonfacility")?.medicareBasis).toBe(
      "national",
    ); // CA has several localities
    const derm = await benchmarkCode(
      store,
      fixtureReferenceData(),
      { codes: ["64491"], taxonomies: ["207N00000X"] },
      { year: 2025 },
    );
    expect(derm.payers).toHaveLength(0); // the dermatologist's only rate is a ghost rate
    expect(removedBy(derm, "ghost-specialty")).toBe(1);
  });

  it("reports an empty result with a gap instead of failing when the code has no rates", async () => {
    await loadBenchmarkFixture(store, fixture, { withDirectory: true });
    const result = await benchmarkCode(
      store,
      fixtureReferenceData(),
      { codes: ["64633"] },
      { year: 2025 },
    );
    expect(result.payers).toEqual([]);
    expect(result.commercial).toBeNull();
    expect(result.gaps[0]).toContain("No rates for 64633");
  });

  it("rejects a malformed code and a missing Medicare year", async () => {
    await expect(
      benchmarkCode(store, fixtureReferenceData(), { codes: ["64491; DROP TABLE rates"] }),
    ).rejects.toThrow(/not a CPT/);
    await expect(
      benchmarkCode(store, fixtureReferenceData(), { codes: ["64491"] }, { year: 2031 }),
    ).rejects.toThrow(/No 2031 Medicare/);
  });
});
