import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestHospitalFile } from "../../ingest/hospital/ingest-hospital-file.js";
import { generateDemoMrfs } from "../../sources/synthetic/generate-demo-mrfs.js";
import {
  generateSeededHospitalFile,
  type SeededHospitalFile,
} from "../../testing/generate-hospital-file.js";
import { silentReporter } from "../../ingest/progress-reporter.js";
import { ingestFiles } from "../../ingest/ingest.js";
import { Store } from "../../store/store.js";
import { crosscheck } from "./crosscheck.js";
import type { CrosscheckResult } from "./crosscheck-types.js";

const quiet = silentReporter;

let dir: string;
let store: Store;
let seeded: SeededHospitalFile;
let result: CrosscheckResult;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ratelens-crosscheck-"));
  store = await Store.memory();
  const demo = await generateDemoMrfs(join(dir, "demo"));
  await ingestFiles(
    store,
    demo.files,
    { synthetic: true, offline: true, workers: 0, cacheDir: join(dir, "cache") },
    quiet,
  );
  seeded = await generateSeededHospitalFile(dir, {
    demoDir: join(dir, "demo"),
    payerFiles: demo.files,
  });
  const loaded = await ingestHospitalFile(store, seeded.path, { synthetic: true });
  expect(loaded.errors).toBe(0);
  result = await crosscheck(store);
}, 120_000);

afterAll(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

const key = (o: {
  status: string;
  payer: string;
  code: string;
  setting: string;
  unit: string;
  hospital: number | null;
  payer_: number | null;
}): string =>
  `${o.status}|${o.payer}|${o.code}|${o.setting}|${o.unit}|${o.hospital ?? "-"}|${o.payer_ ?? "-"}`;

describe("crosscheck on a seeded hospital file built from the synthetic payers' rates", () => {
  it("plants every kind of outcome", () => {
    const kinds = new Set(seeded.planted.map((p) => p.status));
    expect([...kinds].sort()).toEqual(["agree", "differ", "hospital-missing", "payer-missing"]);
    expect(seeded.planted.filter((p) => p.status === "differ").length).toBeGreaterThanOrEqual(3);
  });

  it("reports exactly the planted agreements, differences and missing sides", () => {
    const expected = seeded.planted
      .map((p) =>
        key({
          status: p.status,
          payer: p.payer,
          code: p.code,
          setting: p.setting,
          unit: p.unit,
          hospital: p.hospitalValue,
          payer_: p.payerValue,
        }),
      )
      .sort();
    const actual = result.rows
      .map((r) =>
        key({
          status: r.status,
          payer: r.payer,
          code: r.code,
          setting: r.setting,
          unit: r.unit,
          hospital: r.hospitalValues[0]?.value ?? null,
          payer_: r.payerValues[0]?.value ?? null,
        }),
      )
      .sort();
    expect(actual).toEqual(expected);
    expect(
      result.rows.every((r) => r.hospitalValues.length <= 1 && r.payerValues.length <= 1),
    ).toBe(true);
  });

  it("gives both values and both sources for a difference, and labels synthetic data", () => {
    const differ = result.rows.find((r) => r.status === "differ")!;
    expect(differ.difference).toBeCloseTo(
      differ.hospitalValues[0]!.value - differ.payerValues[0]!.value,
      2,
    );
    expect(differ.hospitalValues[0]!.location).toBe(seeded.path);
    expect(differ.hospitalValues[0]!.position).toMatch(
      /^\$\.standard_charge_information\[\d+\]\.standard_charges\[0\]\.payers_information\[\d+\]$/,
    );
    expect(differ.payerValues[0]!.location).toMatch(/-in-network-SYNTHETIC\.json\.gz$/);
    expect(differ.payerValues[0]!.position).toMatch(
      /^in_network\[\d+\]\.negotiated_rates\[\d+\]\.negotiated_prices\[0\]$/,
    );
    expect(differ.payerValues[0]!.tin).toBe(seeded.ein);
    expect(result.synthetic).toBe(true);
    expect(result.payersWithoutTicFile).toEqual(["SYNTHETIC Valley Community Plan"]);
  });

  it("filters by payer, hospital and code, and a wider tolerance turns small differences into agreement", async () => {
    const aetna = await crosscheck(store, { payer: "Aetna" });
    expect(aetna.rows.length).toBeGreaterThan(0);
    expect(aetna.rows.every((r) => r.payer === "Aetna")).toBe(true);
    expect((await crosscheck(store, { hospital: seeded.ein })).rows).toHaveLength(
      result.rows.length,
    );
    expect((await crosscheck(store, { hospital: String(seeded.npi) })).rows).toHaveLength(
      result.rows.length,
    );
    expect((await crosscheck(store, { hospital: "no such hospital" })).rows).toHaveLength(0);
    const code = result.rows[0]!.code;
    expect((await crosscheck(store, { codes: [code] })).rows.every((r) => r.code === code)).toBe(
      true,
    );
    const loose = await crosscheck(store, { tolerance: 1e9 });
    expect(loose.summary.differ).toBe(0);
    expect(loose.summary.agree).toBe(result.summary.agree + result.summary.differ);
  });
});
