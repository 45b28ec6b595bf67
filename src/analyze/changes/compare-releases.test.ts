import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataMissingError, NotFoundError, UsageError } from "../../errors.js";
import { ingestFiles } from "../../ingest/ingest.js";
import { Store } from "../../store/store.js";
import {
  PERCENTAGE_CODE,
  RELEASE_CODES,
  SYNTHETIC_PAYER,
  writeSyntheticReleases,
  type SyntheticReleases,
} from "../../testing/synthetic-releases.js";
import { filesAsOf, listReleaseFiles, releasesOf } from "../releases/list-releases.js";
import { compareReleases } from "./compare-releases.js";
import { medianHistory } from "./median-history.js";

describe("compareReleases on two synthetic monthly releases with planted changes", () => {
  let dir: string;
  let store: Store;
  let generated: SyntheticReleases;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ratelens-changes-"));
    generated = await writeSyntheticReleases(dir);
    store = await Store.memory();
    await ingestFiles(store, [...generated.fromFiles, ...generated.toFiles], {
      offline: true,
      synthetic: true,
      workers: 0,
    });
  });
  afterAll(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("places each file in a payer, plan and month, saying where the month came from", async () => {
    const files = await listReleaseFiles(store);
    expect(files).toHaveLength(4);
    for (const file of files) {
      expect(file.payer.payer).toBe(SYNTHETIC_PAYER);
      expect(file.monthSource).toBe("last_updated_on");
      expect(file.planSource).toBe("plan fields");
    }
    const releases = releasesOf(files, SYNTHETIC_PAYER);
    expect(
      releases.map((release) => [release.month, release.plans.length, release.synthetic]),
    ).toEqual([
      ["2026-05", 2, true],
      ["2026-06", 2, true],
    ]);
    // The renamed HMO file replaces the old one as of June: same plan, new month.
    const asOfJune = filesAsOf(files, SYNTHETIC_PAYER, "2026-06").map((file) => file.location);
    expect(asOfJune.sort()).toEqual([...generated.toFiles].sort());
  });

  it("finds exactly the planted changes, amounts included, and nothing in the renamed file", async () => {
    const result = await compareReleases(store, { payer: "acme synthetic health synthetic" });
    expect([result.from, result.to]).toEqual([generated.fromMonth, generated.toMonth]);
    const found = result.changes.map(
      (c) =>
        `${c.kind}|${c.billingCode}|${String(c.npi)}|${String(c.oldAmount)}|${String(c.newAmount)}`,
    );
    const planted = generated.planted.map(
      (c) =>
        `${c.kind}|${c.billingCode}|${String(c.npi)}|${String(c.oldAmount)}|${String(c.newAmount)}`,
    );
    expect(found.sort()).toEqual(planted.sort());
    expect(result.changesLeftOut).toBe(0);
    expect(result.synthetic).toBe(true);
    expect(result.files.to.map((file) => file.sha256)).toHaveLength(2);
  });

  it("reports a rate-type change apart, never as a dollar change", async () => {
    const result = await compareReleases(store, {
      payer: SYNTHETIC_PAYER,
      codes: [PERCENTAGE_CODE],
    });
    const typed = result.changes.filter((change) => change.kind === "rate-type");
    expect(typed.length).toBe(28);
    for (const change of typed) {
      expect([change.oldUnit, change.newUnit, change.oldType, change.newType]).toEqual([
        "dollars",
        "percent",
        "negotiated",
        "percentage",
      ]);
      expect(change.changeAmount).toBeNull();
      expect(change.changePercent).toBeNull();
    }
    const summary = result.summary[0];
    expect(summary?.changed).toBe(0);
    expect(summary?.medianChangePercent).toBe(0);
  });

  it("summarises each code: counts, share changed, median change", async () => {
    const result = await compareReleases(store, {
      payer: SYNTHETIC_PAYER,
      from: "2026-05",
      to: "2026-06",
    });
    expect(result.summary.map((row) => row.billingCode)).toEqual([...RELEASE_CODES]);
    const code64490 = result.summary.find((row) => row.billingCode === "64490");
    // 30 PPO + 20 HMO providers before; 2 dropped, 2 added; two rates up 5 %.
    expect(code64490).toMatchObject({
      oldRates: 50,
      newRates: 50,
      added: 2,
      dropped: 2,
      changed: 2,
      rateTypeChanged: 0,
      unchanged: 46,
      increases: 2,
      decreases: 0,
    });
    expect(code64490?.shareChanged).toBeCloseTo(2 / 48, 6);
    expect(code64490?.medianChangePercent).toBe(0);
    const limited = await compareReleases(store, { payer: SYNTHETIC_PAYER, limit: 3 });
    expect(limited.changes).toHaveLength(3);
    expect(limited.changesLeftOut).toBe(generated.planted.length - 3);
  });

  it("charts each code's median as the comparison computes it, for all codes or the ones asked", async () => {
    const result = await compareReleases(store, { payer: SYNTHETIC_PAYER });
    const all = await medianHistory(store, SYNTHETIC_PAYER);
    const one = await medianHistory(store, SYNTHETIC_PAYER, ["64490"]);
    expect(one).toEqual(all.filter((series) => series.billingCode === "64490"));
    const row = result.summary.find((summary) => summary.billingCode === "64490");
    expect(one[0]?.points.map((point) => point.median)).toEqual([
      row?.oldMedianRate,
      row?.newMedianRate,
    ]);
  });

  it("fails clearly: unknown payer, bad month, single release", async () => {
    await expect(compareReleases(store, { payer: "Nobody Health" })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      compareReleases(store, { payer: SYNTHETIC_PAYER, from: "2026-13" }),
    ).rejects.toBeInstanceOf(UsageError);
    await expect(
      compareReleases(store, { payer: SYNTHETIC_PAYER, to: "2026-05" }),
    ).rejects.toBeInstanceOf(DataMissingError);
  });
});

describe("compareReleases when a plan's file is republished byte for byte under a new name", () => {
  it("carries the plan's earlier file forward instead of reporting its rates dropped", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ratelens-changes-same-bytes-"));
    const store = await Store.memory();
    try {
      const generated = await writeSyntheticReleases(dir);
      const hmoOld = generated.fromFiles[1] ?? "";
      const sameBytes = join(dir, "2026-06-01_acme-hmo-renamed.json");
      await copyFile(hmoOld, sameBytes);
      const ppoNew = generated.toFiles[0] ?? "";
      const summaries = await ingestFiles(store, [...generated.fromFiles, ppoNew, sameBytes], {
        offline: true,
        synthetic: true,
        workers: 0,
      });
      // The store keeps one copy of identical bytes: the renamed file is not loaded again.
      expect(summaries.map((summary) => summary.status)).toEqual([
        "ingested",
        "ingested",
        "ingested",
        "skipped",
      ]);
      const result = await compareReleases(store, { payer: SYNTHETIC_PAYER });
      expect(result.files.to.map((file) => file.location).sort()).toEqual([hmoOld, ppoNew].sort());
      expect(result.changes).toHaveLength(generated.planted.length);
    } finally {
      store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
