import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchmarkCode } from "../../analyze/benchmark/benchmark-code.js";
import { loadBundledReferenceData } from "../../analyze/reference/load-reference-data.js";
import { Store } from "../../store/store.js";
import { importNppes } from "../../ingest/import-nppes.js";
import { ingestFiles } from "../../ingest/ingest.js";
import { generateDemoMrfs } from "./generate-demo-mrfs.js";

describe("generateDemoMrfs (SYNTHETIC demo set)", () => {
  let dir: string;
  let again: string;
  let generated: Awaited<ReturnType<typeof generateDemoMrfs>>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ratelens-demo-"));
    again = await mkdtemp(join(tmpdir(), "ratelens-demo-again-"));
    generated = await generateDemoMrfs(dir, { seed: 7 });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(again, { recursive: true, force: true });
  });

  it("writes six labelled gzip files in 1.x and 2.x style, byte-identical for the same seed", async () => {
    expect(generated.files).toHaveLength(6);
    const versions = new Set<string>();
    for (const file of generated.files) {
      expect(basename(file)).toMatch(/SYNTHETIC\.json\.gz$/);
      const json = JSON.parse(gunzipSync(await readFile(file)).toString("utf8")) as {
        version: string;
        plan_name: string;
        reporting_entity_name: string;
        in_network: { billing_code: string }[];
      };
      versions.add(json.version);
      expect(json.plan_name).toContain("SYNTHETIC");
      expect(json.reporting_entity_name).toContain("SYNTHETIC");
      expect(json.in_network.map((i) => i.billing_code)).toEqual(
        expect.arrayContaining([
          "64490",
          "64495",
          "64461",
          "64463",
          "64633",
          "64636",
          "64479",
          "64484",
        ]),
      );
    }
    expect(versions).toEqual(new Set(["1.0.0", "2.0.0"]));
    const second = await generateDemoMrfs(again, { seed: 7 });
    const hash = async (path: string): Promise<string> =>
      createHash("sha256")
        .update(await readFile(path))
        .digest("hex");
    expect(await Promise.all(second.files.map(hash))).toEqual(
      await Promise.all(generated.files.map(hash)),
    );
  });

  it("loads (ingest + NPPES) and benchmarks end to end: payers mapped, ghosts and outliers removed", async () => {
    const store = await Store.memory();
    try {
      const started = performance.now();
      await ingestFiles(store, generated.files, { offline: true, synthetic: true, workers: 0 });
      const nppes = await importNppes(store, generated.nppesFile, {});
      expect(nppes.rows).toBe(generated.npiCount);
      expect(nppes.synthetic).toBe(true);
      const result = await benchmarkCode(store, await loadBundledReferenceData(), {
        codes: ["64493"],
        billingClass: "professional",
        facilityClass: "nonfacility",
      });
      expect(performance.now() - started).toBeLessThan(60_000);
      expect(result.payers.map((p) => p.payer).sort()).toEqual(
        [
          "Aetna",
          "Anthem (Elevance)",
          "CareFirst BCBS",
          "Chesapeake Community Health Plan (SYNTHETIC DEMO)",
          "Cigna",
          "UnitedHealthcare",
        ].sort(),
      );
      expect(result.payers.every((p) => p.synthetic)).toBe(true);
      expect(result.containsSynthetic).toBe(true);
      const removed = (rule: string): number =>
        result.cleaning.find((s) => s.ruleId === rule)?.removed ?? 0;
      expect(removed("ghost-specialty")).toBeGreaterThan(0);
      expect(removed("medicare-bounds")).toBeGreaterThanOrEqual(6); // ×40 and ×0.2 planted per payer
      expect(removed("modifier-scope")).toBeGreaterThan(0);
      const uhc = result.payers.find((p) => p.payer === "UnitedHealthcare");
      // UHC rates are drawn around 145 % of Medicare (practice spread ±18 % on the log scale).
      expect(uhc?.percentOfMedicare?.median).toBeGreaterThan(110);
      expect(uhc?.percentOfMedicare?.median).toBeLessThan(190);
      expect(new Set(result.payers.map((p) => p.medicareBasis))).toContain("mixed");
      const buca = result.groups?.find((g) => g.group === "BUCA");
      expect(buca?.stats.count).toBeLessThan(
        result.groups?.find((g) => g.group === "All commercial")?.stats.count ?? 0,
      );
      const all = await benchmarkCode(store, await loadBundledReferenceData(), {
        codes: ["64493"],
      });
      expect(all.nonDollar.perDiem.count).toBe(1);
      expect(all.nonDollar.percentage.count).toBeGreaterThan(0);
    } finally {
      store.close();
    }
  }, 120_000);
});
