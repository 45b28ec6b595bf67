import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BUNDLED, bundledReferenceDir } from "../analyze/reference/bundled-files.js";
import {
  loadBundledReferenceData,
  loadReferenceData,
} from "../analyze/reference/load-reference-data.js";
import { medicareAmount } from "../analyze/medicare/medicare-amount.js";
import { InputError, UsageError } from "../errors.js";
import { Store } from "../store/store.js";
import { importReferenceFile, type ReferenceKind } from "./import-reference.js";

const fixture = (name: string): string =>
  join(fileURLToPath(new URL("../sources/reference/fixtures/", import.meta.url)), name);
const bundled = (path: string): string => join(bundledReferenceDir(), path);
const quiet = {};

async function withStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
  const store = await Store.memory();
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

async function count(store: Store, table: string): Promise<number> {
  return store.withConnection(async (c) =>
    Number(
      (await c.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ${table}`)).getRowObjectsJson()[0]
        ?.n,
    ),
  );
}

describe("importReferenceFile: the full official files", () => {
  it("imports every bundled file and reads back the same reference data", async () => {
    await withStore(async (store) => {
      const results = [
        await importReferenceFile(store, "pfs", [bundled(BUNDLED.pfs[0].path)], quiet),
        await importReferenceFile(store, "pfs", [bundled(BUNDLED.pfs[1].path)], quiet),
        await importReferenceFile(store, "gpci", [bundled(BUNDLED.gpci[0].path)], quiet),
        await importReferenceFile(store, "locality", [bundled(BUNDLED.locality.path)], quiet),
        await importReferenceFile(store, "ncci-ptp", [bundled(BUNDLED.ptp.path)], quiet),
        await importReferenceFile(store, "ncci-mue", [bundled(BUNDLED.mue.path)], quiet),
        await importReferenceFile(store, "ncci-aoc", [bundled(BUNDLED.aoc.path)], quiet),
        await importReferenceFile(store, "icd10", [bundled(BUNDLED.icd10.path)], quiet),
        await importReferenceFile(store, "taxonomy", [bundled(BUNDLED.taxonomy.path)], quiet),
        await importReferenceFile(store, "pos", [bundled(BUNDLED.pos.path)], quiet),
      ];
      expect(results.map((r) => [r.kind, r.edition, r.rows])).toEqual([
        ["pfs", "2025-10", 19_090],
        ["pfs", "2026-07", 19_356],
        ["gpci", "2025", 109],
        ["locality", "2025", expect.any(Number)],
        ["ncci-ptp", "2024-07-01", 82_027],
        ["ncci-mue", "2024-07-01", 14_677],
        ["ncci-aoc", "2024-06-03", 7_465],
        ["icd10", "FY2025", 46_498],
        ["taxonomy", "25.1", 883],
        ["pos", "2024", 99],
      ]);
      expect(results[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
      const fromStore = await loadReferenceData(store);
      const fromFiles = await loadBundledReferenceData();
      expect(fromStore.feeSchedules.get(2025)!.rvuSource.sha256).toBe(results[0]!.sha256);
      for (const year of [2025, 2026]) {
        const a = fromStore.feeSchedules.get(year)!;
        const b = fromFiles.feeSchedules.get(year)!;
        expect(a.rows.size).toBe(b.rows.size);
        expect(a.conversionFactor).toBe(b.conversionFactor);
        expect(a.rows.get("77003-26")).toEqual(b.rows.get("77003-26"));
        expect(a.rows.get("64490")).toEqual(b.rows.get("64490"));
      }
      expect(fromStore.feeSchedules.get(2025)!.gpcis).toEqual(
        fromFiles.feeSchedules.get(2025)!.gpcis,
      );
      expect(fromStore.ncci.ptp.size).toBe(fromFiles.ncci.ptp.size);
      expect(fromStore.ncci.mue.get("64634")).toEqual(fromFiles.ncci.mue.get("64634"));
      expect(fromStore.ncci.addOnPrimaries.get("64494")).toEqual(
        fromFiles.ncci.addOnPrimaries.get("64494"),
      );
      expect(fromStore.icd10Titles.size).toBe(fromFiles.icd10Titles.size);
      expect(fromStore.icd10Headers?.has("M47.81")).toBe(true);
      expect(fromStore.taxonomies.get("2081P2900X")).toEqual(
        fromFiles.taxonomies.get("2081P2900X"),
      );
      expect(fromStore.placesOfService).toEqual(fromFiles.placesOfService);
      expect(fromStore.localitiesByState.get("CA")).toEqual(fromFiles.localitiesByState.get("CA"));
      expect(
        medicareAmount(fromStore, {
          code: "64490",
          year: 2025,
          setting: "nonfacility",
          locality: "13202-01",
        }).amount,
      ).toBe(213.99);
    });
  });

  it("re-importing replaces rows of the same year/edition (idempotent) and keeps other years", async () => {
    await withStore(async (store) => {
      await importReferenceFile(store, "gpci", [bundled(BUNDLED.gpci[0].path)], quiet);
      await importReferenceFile(store, "gpci", [bundled(BUNDLED.gpci[0].path)], quiet);
      expect(await count(store, "ref_gpci")).toBe(109);
      await importReferenceFile(store, "ncci-mue", [fixture("mue-cms-csv-layout.csv")], {
        ...quiet,
        edition: "2024-07-01",
      });
      await importReferenceFile(store, "ncci-mue", [fixture("mue-cms-csv-layout.csv")], {
        ...quiet,
        edition: "2024-10-01",
      });
      expect(await count(store, "ref_ncci_mue")).toBe(4);
      expect(await count(store, "ref_imports")).toBe(3);
    });
  });

  it("a failed re-import leaves the previous rows in place", async () => {
    await withStore(async (store) => {
      await importReferenceFile(store, "pos", [bundled(BUNDLED.pos.path)], {
        ...quiet,
        edition: "2024",
      });
      await expect(
        importReferenceFile(store, "pos", [fixture("pos-unknown-facility-flag.csv")], {
          ...quiet,
          edition: "2024",
        }),
      ).rejects.toThrow(InputError);
      expect(await count(store, "ref_pos")).toBe(99);
    });
  });
});

describe("importReferenceFile: publishers' other layouts", () => {
  it("reads CMS's PTP text, MUE CSV and AOC layouts", async () => {
    await withStore(async (store) => {
      await importReferenceFile(
        store,
        "ncci-ptp",
        [fixture("ptp-cms-txt-layout-synthetic-dates.txt")],
        { ...quiet, edition: "2024-10-01" },
      );
      await importReferenceFile(store, "ncci-mue", [fixture("mue-cms-csv-layout.csv")], {
        ...quiet,
        edition: "2024-10-01",
      });
      await importReferenceFile(
        store,
        "ncci-aoc",
        [fixture("aoc-cms-layout-synthetic-dates.csv")],
        { ...quiet, edition: "2024-10-01" },
      );
      const ref = await loadReferenceData(store);
      expect(ref.ncci.ptp.get("64490|77003")).toMatchObject({
        modifierIndicator: "1",
        effectiveDate: "2010-01-01",
        deletionDate: null,
      });
      expect(ref.ncci.ptp.has("64462|62320")).toBe(false); // deleted 2017-03-31
      expect(ref.ncci.ptp.size).toBe(2);
      expect(ref.ncci.mue.get("64490")).toEqual({
        code: "64490",
        maxUnits: 1,
        mai: 2,
        rationale: "CMS Policy",
      });
      expect([...ref.ncci.addOnPrimaries.get("64494")!].sort()).toEqual(["64490", "64493"]); // 64999 edit deleted 2015
      expect(ref.ncci.mueSource.file).toContain("mue-cms-csv-layout.csv");
    });
  });

  it("reads CDC's ICD-10-CM text layout, CMS's ZIP5 file and a state Medicaid CSV", async () => {
    await withStore(async (store) => {
      const icd = await importReferenceFile(
        store,
        "icd10",
        [fixture("icd10cm-codes-2026-cdc-txt-layout.txt")],
        quiet,
      );
      expect(icd.edition).toBe("FY2026");
      const zip = await importReferenceFile(
        store,
        "zip",
        [fixture("zip5-layout-sample-synthetic.txt")],
        quiet,
      );
      expect(zip.edition).toBe("20251");
      await importReferenceFile(store, "medicaid", [fixture("medicaid-fl-synthetic-amounts.csv")], {
        ...quiet,
        state: "fl",
      });
      const ref = await loadReferenceData(store);
      expect(ref.icd10Titles.get("M54.2")).toBe("Cervicalgia");
      expect(ref.zipLocalities?.get("10001")).toBe("13202-01");
      const fl = ref.medicaid.get("FL")!;
      expect(
        fl.map((f) => [f.code, f.modifier, f.facilityAmount, f.nonFacilityAmount, f.effectiveDate]),
      ).toEqual([
        ["64490", "", 1001.5, 120, "2025-07-01"],
        ["64491", "", 40, null, "2025-07-01"],
        ["77003", "26", 12.34, 12.34, "2025-07-01"],
      ]);
      expect(fl[0]!.source.file).toContain("FL Medicaid");
    });
  });
});

describe("importReferenceFile: malformed files fail cleanly", () => {
  const cases: [
    ReferenceKind,
    string,
    RegExp,
    { year?: number; edition?: string; state?: string },
  ][] = [
    [
      "pfs",
      "pfs-non-numeric-work-rvu.csv",
      /line 12, column 6\): work RVU is not a number: "1\.l6"/,
      {},
    ],
    [
      "pfs",
      "pfs-missing-work-rvu-column.csv",
      /line 10\): the stacked header has no "WORKRVU" column/,
      {},
    ],
    [
      "pfs",
      "pfs-flat-header-not-cms-layout.csv",
      /line 1\): the stacked header has no "STATUSCODE" column/,
      { year: 2025 },
    ],
    [
      "gpci",
      "gpci-unknown-state.csv",
      /line 7, column 1\): "99999"|line 7, column 2\): "ZZ" is not a US state/,
      { year: 2025 },
    ],
    [
      "ncci-ptp",
      "ptp-modifier-indicator-2.csv",
      /line 3, column 3\): modifier indicator must be 0, 1 or 9, found "2"/,
      { edition: "2024-07-01" },
    ],
    [
      "ncci-mue",
      "mue-units-not-a-number.csv",
      /line 3, column 2\): MUE value must be a whole number, found "one"/,
      { edition: "2024-07-01" },
    ],
    [
      "ncci-aoc",
      "aoc-edit-type-4.csv",
      /line 3, column 3\): AOC edit type must be 1, 2 or 3/,
      { edition: "2024-06-03" },
    ],
    [
      "icd10",
      "icd10-malformed-code.csv",
      /line 3, column 1\): "M47-812" is not an ICD-10-CM code/,
      { edition: "FY2025" },
    ],
    [
      "icd10",
      "icd10-unterminated-quote.csv",
      /line 2, column 9\): a quoted field is never closed/,
      { edition: "FY2025" },
    ],
    [
      "taxonomy",
      "taxonomy-nine-character-code.csv",
      /line 3, column 1\): "208VP001X" is not a NUCC taxonomy code/,
      { edition: "25.1" },
    ],
    [
      "pos",
      "pos-unknown-facility-flag.csv",
      /line 3, column 2\): facility indicator must be/,
      { edition: "2024" },
    ],
    [
      "medicaid",
      "medicaid-no-fee-column.csv",
      /line 1\): the header has no fee column/,
      { state: "FL" },
    ],
    [
      "medicaid",
      "medicaid-no-effective-date.csv",
      /line 1\): the header has no "Effective Date" column/,
      { state: "FL" },
    ],
    [
      "zip",
      "zip5-zip-with-letter.txt",
      /line 2, column 3\): "1000A" is not a 5-digit ZIP code/,
      {},
    ],
  ];
  for (const [kind, name, message, options] of cases) {
    it(`${kind}: ${name}`, async () => {
      await withStore(async (store) => {
        const error = await importReferenceFile(store, kind, [fixture(name)], {
          ...quiet,
          ...options,
        }).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(InputError);
        expect((error as InputError).message).toContain(name);
        expect((error as InputError).message).toMatch(message);
        expect(await count(store, "ref_imports")).toBe(0);
      });
    });
  }

  it("asks for --year / --edition / --state when the file does not say", async () => {
    await withStore(async (store) => {
      await expect(
        importReferenceFile(store, "ncci-mue", [fixture("mue-cms-csv-layout.csv")], quiet),
      ).rejects.toThrow(UsageError);
      await expect(
        importReferenceFile(
          store,
          "medicaid",
          [fixture("medicaid-fl-synthetic-amounts.csv")],
          quiet,
        ),
      ).rejects.toThrow(/--state/);
      await expect(
        importReferenceFile(store, "pfs", [bundled(BUNDLED.pfs[0].path)], { ...quiet, year: 2026 }),
      ).rejects.toThrow(/2025 file but --year 2026/);
    });
  });
});
