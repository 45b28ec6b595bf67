import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildBenchmarkFixture, loadBenchmarkFixture } from "../../testing/benchmark-fixture.js";
import { loadBundledReferenceData } from "../../analyze/reference/load-reference-data.js";
import { Store } from "../../store/store.js";
import type { Publication } from "./publication-types.js";
import { settingGroups } from "./setting-groups.js";
import { writePublication } from "./write-publication.js";

let store: Store;
let dir: string;
const now = new Date("2026-01-02T03:04:05Z");

beforeEach(async () => {
  store = await Store.memory();
  dir = await mkdtemp(join(tmpdir(), "ratelens-publication-"));
});

afterEach(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

describe("writePublication(store, ref, code, outDir, options)", () => {
  it("writes HTML, Markdown and JSON whose numbers come from the benchmark engine", async () => {
    await loadBenchmarkFixture(store, buildBenchmarkFixture(), { withDirectory: true });
    const ref = await loadBundledReferenceData();
    const written = await writePublication(store, ref, "64491", join(dir, "pubs"), { now });
    expect(written.html).toBe(join(dir, "pubs", "64491.html"));
    const pub = JSON.parse(await readFile(written.json, "utf8")) as Publication;
    expect(pub).toEqual(written.publication);
    expect(pub.benchmark?.payers.length).toBeGreaterThan(0);
    // The first sentence names the payer with the largest stats.mean in the first setting.
    const top = [...settingGroups(pub.benchmark!.payers)[0]!.rows].sort(
      (a, b) => b.stats.mean - a.stats.mean,
    )[0]!;
    expect(pub.benchmarkSentences[0]).toContain(top.payer);
    expect(pub.benchmarkSentences[0]).toContain(`$${top.stats.mean.toFixed(2)}`);
    // Medicare years shown cite their RVU file.
    expect(pub.referenceSources.some((source) => source.file.startsWith("PPRRVU2025"))).toBe(true);
    const html = await readFile(written.html, "utf8");
    expect(html).toContain(`class="benchmark-table"`);
    expect(await readFile(written.markdown, "utf8")).toContain("## Reimbursement benchmarks");
  });

  it("shows real payer data only by default, and the synthetic data on a linked page", async () => {
    await loadBenchmarkFixture(store, buildBenchmarkFixture(), { withDirectory: true });
    const ref = await loadBundledReferenceData();
    const written = await writePublication(store, ref, "64491", dir, { now });
    expect(written.publication.dataView).toMatchObject({
      shown: "real-only",
      alternate: "including-synthetic",
    });
    expect(written.publication.synthetic).toBe(false);
    expect(written.publication.benchmark?.payers.length).toBeGreaterThan(0);
    expect(written.publication.benchmark?.payers.every((row) => !row.synthetic)).toBe(true);
    const html = await readFile(written.html, "utf8");
    expect(html).not.toContain(`class="synthetic-banner"`);
    expect(html).toContain(`href="64491-including-synthetic.html"`);
    const other = await readFile(join(dir, "64491-including-synthetic.html"), "utf8");
    expect(other).toContain(`class="synthetic-banner"`);
    expect(other).toContain(`href="64491.html"`);
    const otherJson = JSON.parse(
      await readFile(join(dir, "64491-including-synthetic.json"), "utf8"),
    ) as Publication;
    expect(otherJson.benchmark?.payers.some((row) => row.synthetic)).toBe(true);
    const markdown = await readFile(written.markdown, "utf8");
    expect(markdown).toContain("(64491-including-synthetic.md)");
  });

  it("shows the synthetic data, labelled, and says why there is no real-only view when no real file has rates", async () => {
    const fixture = buildBenchmarkFixture();
    await loadBenchmarkFixture(
      store,
      { ...fixture, files: fixture.files.map((file) => ({ ...file, synthetic: true })) },
      { withDirectory: true },
    );
    const ref = await loadBundledReferenceData();
    const written = await writePublication(store, ref, "64491", dir, { now });
    expect(written.publication.dataView).toMatchObject({
      shown: "including-synthetic",
      alternate: null,
    });
    expect(written.publication.dataView?.note).toContain("no real-only view");
    expect(written.publication.synthetic).toBe(true);
    const html = await readFile(written.html, "utf8");
    expect(html).toContain(`class="synthetic-banner"`);
    expect(html).toContain("No real payer file in the store has rates for this code");
    expect((await readdir(dir)).sort()).toEqual(["64491.html", "64491.json", "64491.md"]);
  });

  it("is idempotent and leaves no temporary files", async () => {
    await loadBenchmarkFixture(store, buildBenchmarkFixture(), { withDirectory: true });
    const ref = await loadBundledReferenceData();
    const first = await writePublication(store, ref, "64491", dir, { now });
    const firstHtml = await readFile(first.html, "utf8");
    await writePublication(store, ref, "64491", dir, { now });
    expect(await readFile(first.html, "utf8")).toBe(firstHtml);
    expect((await readdir(dir)).sort()).toEqual([
      "64491-including-synthetic.html",
      "64491-including-synthetic.json",
      "64491-including-synthetic.md",
      "64491.html",
      "64491.json",
      "64491.md",
    ]);
  });

  it("says plainly that no rates are loaded, without a banner, on an empty store", async () => {
    const ref = await loadBundledReferenceData();
    const { publication } = await writePublication(store, ref, "64633", dir, { now });
    expect(publication.synthetic).toBe(false);
    expect(publication.missing).toContain("No rate file in the store has rates for 64633.");
    const html = await readFile(join(dir, "64633.html"), "utf8");
    expect(html).not.toContain(`class="synthetic-banner"`);
    expect(html).toContain("No chart: no payer has dollar rates for these filters.");
  });

  it("turns an unloaded Medicare year into a stated gap, not a failure", async () => {
    await loadBenchmarkFixture(store, buildBenchmarkFixture(), { withDirectory: true });
    const ref = await loadBundledReferenceData();
    const { publication } = await writePublication(store, ref, "64491", dir, { now, year: 2019 });
    expect(publication.benchmark).toBeNull();
    expect(publication.missing.some((line) => line.includes("2019"))).toBe(true);
  });
});
