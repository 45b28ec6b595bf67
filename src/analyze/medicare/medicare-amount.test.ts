import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DataMissingError, NotFoundError } from "../../errors.js";
import { BUNDLED, bundledReferenceDir } from "../reference/bundled-files.js";
import { loadBundledReferenceData } from "../reference/load-reference-data.js";
import type { ReferenceData } from "../reference/reference-types.js";
import { medicareAmount, normaliseLocality } from "./medicare-amount.js";

/** The supported families, as in docs/domain/reference.md. */
const FAMILY_CODES = [
  "64461",
  "64462",
  "64463",
  "64479",
  "64480",
  "64483",
  "64484",
  "64490",
  "64491",
  "64492",
  "64493",
  "64494",
  "64495",
  "64633",
  "64634",
  "64635",
  "64636",
  "76942",
  "77002",
  "77003",
  "77012",
];

/** An independent reading of the raw PPRRVU CSV (plain split: the file has no quoted fields). */
function rawRvuRows(path: string): Map<string, string[]> {
  const raw = readFileSync(join(bundledReferenceDir(), path));
  const lines = (path.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8").split(/\r?\n/);
  const header = lines.findIndex((l) => l.startsWith("HCPCS,MOD"));
  const out = new Map<string, string[]>();
  for (const line of lines.slice(header + 1)) {
    const f = line.split(",");
    if (f[0] === undefined || f[0] === "") continue;
    out.set(f[1] === "" ? f[0] : `${f[0]}-${f[1]}`, f);
  }
  return out;
}

/** round-half-up(total × CF) in integer arithmetic: totals have 2 decimals, CFs 4. */
function cents(total: string, cf: number): number {
  const n = Math.round(Number(total) * 100) * Math.round(cf * 10_000);
  return Math.floor((n + 5_000) / 10_000) / 100;
}

let ref: ReferenceData;
beforeAll(async () => {
  ref = await loadBundledReferenceData();
});

describe("medicareAmount: national amounts equal the file's total RVUs × CF", () => {
  for (const { year, path } of BUNDLED.pfs) {
    it(`every family code, component and setting in ${year}`, () => {
      const raw = rawRvuRows(path);
      let checked = 0;
      for (const [key, f] of raw) {
        const [code, modifier] = key.split("-") as [string, string | undefined];
        if (!FAMILY_CODES.includes(code)) continue;
        // Column positions of this file: 2026 inserts PRIC IND before CONV FACTOR.
        const cf = Number(year === 2026 ? f[25] : f[24]);
        for (const [setting, totalIndex, naIndex] of [
          ["nonfacility", 11, 7],
          ["facility", 12, 9],
        ] as const) {
          const query = {
            code,
            year,
            setting,
            modifiers: modifier === undefined ? [] : [modifier],
          };
          if (f[naIndex] === "NA") {
            expect(() => medicareAmount(ref, query)).toThrow(NotFoundError);
            continue;
          }
          const result = medicareAmount(ref, query);
          expect(result.amount, `${key} ${year} ${setting}`).toBe(cents(f[totalIndex]!, cf));
          expect(result.conversionFactor).toBe(cf);
          if (year === 2026) {
            expect(medicareAmount(ref, { ...query, qp: true }).amount, `${key} QP`).toBe(
              cents(f[totalIndex]!, 33.5675),
            );
          }
          checked++;
        }
      }
      // 21 codes, 4 imaging codes with -26/-TC rows; NA settings excluded.
      expect(checked).toBeGreaterThanOrEqual(17 * 2 + 4 * 3);
    });
  }

  it("matches the team's derived table (data/reference/derived) for every family row, both years, QP too", () => {
    const lines = readFileSync(
      join(bundledReferenceDir(), "derived/facet_paravertebral_pfs_2025_2026.csv"),
      "utf8",
    )
      .trim()
      .split(/\r?\n/);
    const header = lines[0]!.split(",");
    const col = (name: string): number => header.indexOf(name);
    let checked = 0;
    for (const line of lines.slice(1)) {
      const f = line.split(",");
      const modifiers = f[col("mod")] === "" ? [] : [f[col("mod")]!];
      const code = f[col("hcpcs")]!;
      const cases: [string, number, "facility" | "nonfacility", boolean, string | undefined][] = [
        ["natl_nonfac_2025", 2025, "nonfacility", false, f[col("nonfac_na_2025")]],
        ["natl_fac_2025", 2025, "facility", false, f[col("fac_na_2025")]],
        ["natl_nonfac_2026_nonqp", 2026, "nonfacility", false, f[col("nonfac_na_2025")]],
        ["natl_fac_2026_nonqp", 2026, "facility", false, f[col("fac_na_2025")]],
        ["natl_nonfac_2026_qp", 2026, "nonfacility", true, f[col("nonfac_na_2025")]],
        ["natl_fac_2026_qp", 2026, "facility", true, f[col("fac_na_2025")]],
      ];
      for (const [name, year, setting, qp, na] of cases) {
        // The derived table prices NA settings anyway; the pricer refuses them (checked above).
        if (na === "NA") continue;
        expect(
          medicareAmount(ref, { code, year, setting, qp, modifiers }).amount,
          `${code} ${modifiers.join("")} ${name}`,
        ).toBe(Number(f[col(name)]));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("matches the published tables in reference.md §2.3–2.4 (spot checks)", () => {
    const cases: [string, number, "facility" | "nonfacility", boolean, number][] = [
      ["64490", 2025, "nonfacility", false, 186.32],
      ["64490", 2025, "facility", false, 102.21],
      ["64491", 2025, "nonfacility", false, 94.78],
      ["64635", 2025, "nonfacility", false, 420.5],
      ["64462", 2025, "facility", false, 46.26],
      ["64490", 2026, "nonfacility", false, 205.08],
      ["64490", 2026, "facility", true, 94.66],
      ["64636", 2026, "nonfacility", true, 252.76],
      ["77012", 2026, "nonfacility", false, 122.92],
    ];
    for (const [code, year, setting, qp, expected] of cases) {
      expect(
        medicareAmount(ref, { code, year, setting, qp }).amount,
        `${code} ${year} ${setting} qp=${qp}`,
      ).toBe(expected);
    }
    expect(
      medicareAmount(ref, { code: "77003", year: 2025, setting: "facility", modifiers: ["26"] })
        .amount,
    ).toBe(27.17);
  });
});

describe("medicareAmount: localities", () => {
  /** reference.md §2.2, computed there from the CMS files. */
  const published: [string, string, number, number][] = [
    ["10112-00", "64490", 168.0, 94.92],
    ["10112-00", "64491", 86.04, 53.71],
    ["10112-00", "64493", 154.46, 81.66],
    ["13202-01", "64490", 213.99, 115.93],
    ["13202-01", "64491", 108.78, 65.41],
    ["13202-01", "64493", 198.22, 100.53],
    ["09102-04", "64490", 197.86, 111.49],
    ["09102-04", "64491", 102.52, 64.31],
    ["09102-04", "64493", 183.03, 96.99],
    ["01182-18", "64490", 210.74, 110.32],
    ["01182-18", "64491", 105.34, 60.92],
    ["01182-18", "64493", 195.39, 95.36],
    ["04412-18", "64490", 189.75, 105.4],
    ["04412-18", "64491", 97.18, 59.87],
    ["04412-18", "64493", 175.24, 91.21],
  ];

  it("the five localities of reference.md §2.2 match the published table and an independent computation", () => {
    const gpciLines = readFileSync(join(bundledReferenceDir(), BUNDLED.gpci[0].path), "utf8").split(
      /\r?\n/,
    );
    const rvus = rawRvuRows(BUNDLED.pfs[0].path);
    for (const [locality, code, nonFacility, facility] of published) {
      const [mac, loc] = locality.split("-");
      const g = gpciLines.map((l) => l.split(",")).find((f) => f[0] === mac && f[2] === loc)!;
      const r = rvus.get(code)!;
      // Independent: (W×GW + PE×GPE + MP×GMP) × CF with integer arithmetic (RVU ×100, GPCI ×1000, CF ×10000).
      const independent = (pe: string): number => {
        const i = (s: string, k: number): number => Math.round(Number(s) * k);
        const n =
          (i(r[5]!, 100) * i(g[4]!, 1000) +
            i(pe, 100) * i(g[5]!, 1000) +
            i(r[10]!, 100) * i(g[6]!, 1000)) *
          i(r[24]!, 10_000);
        return Math.floor((n + 5_000_000) / 10_000_000) / 100;
      };
      const nf = medicareAmount(ref, { code, year: 2025, setting: "nonfacility", locality });
      const fa = medicareAmount(ref, { code, year: 2025, setting: "facility", locality });
      expect(nf.amount, `${code} ${locality} non-facility`).toBe(nonFacility);
      expect(fa.amount, `${code} ${locality} facility`).toBe(facility);
      expect(nf.amount).toBe(independent(r[6]!));
      expect(fa.amount).toBe(independent(r[8]!));
      expect(nf.source).toContain("GPCI2025.csv");
    }
  });

  it("refuses a 2026 locality (no 2026 GPCI file) instead of borrowing 2025's", () => {
    expect(() =>
      medicareAmount(ref, {
        code: "64490",
        year: 2026,
        setting: "nonfacility",
        locality: "13202-01",
      }),
    ).toThrow(DataMissingError);
    expect(
      medicareAmount(ref, { code: "64490", year: 2026, setting: "nonfacility" }).gpci,
    ).toBeNull();
  });

  it("throws NotFoundError for codes absent from the year's file and unknown localities", () => {
    expect(() =>
      medicareAmount(ref, { code: "64481", year: 2025, setting: "nonfacility" }),
    ).toThrow(NotFoundError);
    expect(() =>
      medicareAmount(ref, { code: "64490", year: 2019, setting: "nonfacility" }),
    ).toThrow(NotFoundError);
    expect(() =>
      medicareAmount(ref, {
        code: "64490",
        year: 2025,
        setting: "nonfacility",
        locality: "99999-99",
      }),
    ).toThrow(NotFoundError);
    expect(() =>
      medicareAmount(ref, { code: "64490", year: 2025, setting: "nonfacility", modifiers: ["26"] }),
    ).toThrow(/PC\/TC indicator 0/);
  });

  it("normalises locality spellings", () => {
    expect(normaliseLocality("13202-01")).toBe("13202-01");
    expect(normaliseLocality("1320201")).toBe("13202-01");
    expect(normaliseLocality("2102 1")).toBe("02102-01");
    expect(normaliseLocality("NY")).toBeNull();
  });
});

describe("medicareAmount: modifiers and indicators", () => {
  it("applies 150 % for modifier 50 on bilateral-indicator-1 codes and 100 % on imaging", () => {
    const bilateral = medicareAmount(ref, {
      code: "64490",
      year: 2025,
      setting: "nonfacility",
      modifiers: ["50"],
    });
    expect(bilateral.baseAmount).toBe(186.32);
    expect(bilateral.amount).toBe(279.48);
    expect(bilateral.indicators).toMatchObject({
      globalDays: "000",
      multipleProcedure: "2",
      bilateral: "1",
      assistant: "2",
    });
    const imaging = medicareAmount(ref, {
      code: "77003",
      year: 2025,
      setting: "nonfacility",
      modifiers: ["50"],
    });
    expect(imaging.amount).toBe(imaging.baseAmount);
  });

  it("keeps the 2026 PRIC IND column and names the QP factor", () => {
    const qp = medicareAmount(ref, { code: "64490", year: 2026, setting: "nonfacility", qp: true });
    expect(qp.conversionFactorKind).toBe("qp");
    expect(qp.indicators.pricing).toBe("9");
    expect(qp.source).toContain("QP conversion factor 33.5675");
  });
});
