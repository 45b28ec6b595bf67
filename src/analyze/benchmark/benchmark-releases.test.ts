/**
 * Benchmarks over two monthly releases of one payer (`writeSyntheticReleases`: 2026-05 and
 * 2026-06, two plans each, providers dropped and added, rates moved, one code moved to a
 * percentage of charges): the default reads each plan's latest release only, `asOf` an older one,
 * and every output names the release. Expected figures are computed from the generated files
 * themselves (JSON.parse, plain JS statistics), not from the store.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataMissingError, UsageError } from "../../errors.js";
import { createApp } from "../../http/create-app.js";
import { defaultServices } from "../../http/default-services.js";
import { ingestFiles } from "../../ingest/ingest.js";
import { formatBenchmarkText } from "../../present/text/benchmark-text.js";
import { Store } from "../../store/store.js";
import { fixtureReferenceData } from "../../testing/fixture-reference.js";
import {
  PERCENTAGE_CODE,
  writeSyntheticReleases,
  type SyntheticReleases,
} from "../../testing/synthetic-releases.js";
import { mapPayer } from "../../normalize/payers/map-payer.js";
import { buildBenchmarkFixture, loadBenchmarkFixture } from "../../testing/benchmark-fixture.js";
import benchmarkCommand from "../../cli/benchmark-command.js";
import reportCommand from "../../cli/report-command.js";
import type { Publication } from "../../present/report/publication-types.js";
import type { ReferenceData } from "../reference/reference-types.js";
import { benchmarkCode } from "./benchmark-code.js";
import type { BenchmarkResult } from "./benchmark-types.js";
import { parseBenchmarkFilters } from "./parse-benchmark-filters.js";

/** No Medicare fee schedule: no Medicare bounds, so the expected figures need only the files. */
function refWithoutMedicare(): ReferenceData {
  return { ...fixtureReferenceData(), feeSchedules: new Map() };
}

interface InNetworkJson {
  in_network: {
    billing_code: string;
    negotiated_rates: {
      negotiated_prices: { negotiated_type: string; negotiated_rate: number }[];
    }[];
  }[];
}

/** The dollar (negotiated) rates of `code` written in `files`: one per provider in these files. */
async function writtenRates(files: readonly string[], code: string): Promise<number[]> {
  const rates: number[] = [];
  for (const file of files) {
    const json = JSON.parse(await readFile(file, "utf8")) as InNetworkJson;
    for (const item of json.in_network) {
      if (item.billing_code !== code) continue;
      for (const rate of item.negotiated_rates) {
        for (const price of rate.negotiated_prices) {
          if (price.negotiated_type === "negotiated") rates.push(price.negotiated_rate);
        }
      }
    }
  }
  return rates;
}

/** Type-7 quantile (linear interpolation between closest ranks). */
function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] ?? Number.NaN;
  return a + (h - lo) * (b - a);
}

/** docs/methodology.md rule 8: with n ≥ 10, drop ln(rate) outside [Q1 − 1.5·IQR, Q3 + 1.5·IQR]. */
function fenced(rates: readonly number[]): number[] {
  if (rates.length < 10) return [...rates];
  const logs = rates.map((rate) => Math.log(rate));
  const q1 = quantile(logs, 0.25);
  const q3 = quantile(logs, 0.75);
  const [lower, upper] = [q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)];
  return rates.filter((rate) => Math.log(rate) >= lower && Math.log(rate) <= upper);
}

/** The payer row's figures equal plain statistics of the written rates, after the IQR fence. */
function expectFigures(result: BenchmarkResult, written: readonly number[]): void {
  const rates = fenced(written);
  expect(result.payers).toHaveLength(1);
  const stats = result.payers[0]?.stats;
  expect(stats?.count).toBe(rates.length);
  expect(stats?.mean).toBeCloseTo(rates.reduce((sum, rate) => sum + rate, 0) / rates.length, 6);
  expect(stats?.median).toBeCloseTo(quantile(rates, 0.5), 6);
  expect(stats?.p10).toBeCloseTo(quantile(rates, 0.1), 6);
  expect(stats?.p90).toBeCloseTo(quantile(rates, 0.9), 6);
  expect(stats?.min).toBe(Math.min(...rates));
  expect(stats?.max).toBe(Math.max(...rates));
}

describe("benchmarks over two monthly releases of one payer", () => {
  let dir: string;
  let store: Store;
  let generated: SyntheticReleases;
  const ref = refWithoutMedicare();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ratelens-benchmark-releases-"));
    generated = await writeSyntheticReleases(join(dir, "files"));
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

  it("reads each plan's latest release by default, never the older one beside it", async () => {
    const result = await benchmarkCode(store, ref, { codes: ["64491"] });
    const expected = await writtenRates(generated.toFiles, "64491");
    // 28 kept + 2 added PPO providers and 20 HMO ones: the 2 dropped in June are not counted.
    expect(expected).toHaveLength(50);
    expectFigures(result, expected);
    expect(result.releases).toEqual({ asOf: null, months: ["2026-06"], superseded: 2, undated: 0 });
    expect(result.sources.map((source) => source.location).sort()).toEqual(
      [...generated.toFiles].sort(),
    );
    expect(result.sources.map((source) => [source.release, source.releaseFrom])).toEqual([
      ["2026-06", "last_updated_on"],
      ["2026-06", "last_updated_on"],
    ]);
  });

  it("does not fall back to the older release for a code now paid as a percentage", async () => {
    const result = await benchmarkCode(store, ref, { codes: [PERCENTAGE_CODE] });
    // Only the HMO's 20 dollar rates: the PPO's June rates are percentages, kept apart.
    const expected = await writtenRates(generated.toFiles, PERCENTAGE_CODE);
    expect(expected).toHaveLength(20);
    expectFigures(result, expected);
    expect(result.nonDollar.percentage.count).toBe(30);
  });

  it("gives the older release's figures as of its month", async () => {
    for (const code of ["64491", PERCENTAGE_CODE]) {
      const result = await benchmarkCode(store, ref, { codes: [code], asOf: "2026-05" });
      const expected = await writtenRates(generated.fromFiles, code);
      expect(expected).toHaveLength(50);
      expectFigures(result, expected);
      expect(result.releases?.asOf).toBe("2026-05");
      expect(result.releases?.months).toEqual(["2026-05"]);
      expect(result.sources.map((source) => source.location).sort()).toEqual(
        [...generated.fromFiles].sort(),
      );
    }
    // A later as-of than any release reads the latest.
    const later = await benchmarkCode(store, ref, { codes: ["64491"], asOf: "2027-01" });
    expectFigures(later, await writtenRates(generated.toFiles, "64491"));
  });

  it("says so when the as-of month is before every loaded release", async () => {
    const early = benchmarkCode(store, ref, { codes: ["64491"], asOf: "2026-04" });
    await expect(early).rejects.toThrow(DataMissingError);
    await expect(early).rejects.toThrow(
      "No release on or before 2026-04 is loaded for these filters: the earliest is 2026-05",
    );
  });

  it("names the release in the text output", async () => {
    const text = formatBenchmarkText(
      await benchmarkCode(store, ref, { codes: ["64491"], asOf: "2026-05" }),
    );
    expect(text).toContain(
      "Releases: as of 2026-05: each payer and plan's latest release on or before it (release months read: 2026-05)",
    );
    expect(text).toContain("release 2026-05 (from last_updated_on)");
    const latest = formatBenchmarkText(await benchmarkCode(store, ref, { codes: ["64491"] }));
    expect(latest).toContain(
      "Releases: the latest release of each payer and plan (release months read: 2026-06)",
    );
  });

  it("takes --as-of on the command line and refuses a bad value", async () => {
    const db = join(dir, "releases.duckdb");
    const fileStore = await Store.open(db);
    try {
      await ingestFiles(fileStore, [...generated.fromFiles, ...generated.toFiles], {
        offline: true,
        synthetic: true,
        workers: 0,
      });
    } finally {
      fileStore.close();
    }
    const run = async (args: string[]): Promise<string> => {
      const stdout = new PassThrough();
      let text = "";
      stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
      await benchmarkCommand.run(args, {
        stdout,
        stderr: new PassThrough(),
        interactive: false,
        env: {},
      });
      return text;
    };
    const json = JSON.parse(
      await run(["64491", "--db", db, "--as-of", "2026-05", "--json"]),
    ) as BenchmarkResult;
    expect(json.filters.asOf).toBe("2026-05");
    expect(json.releases?.asOf).toBe("2026-05");
    expect(json.sources.map((source) => source.release)).toEqual(["2026-05", "2026-05"]);
    expect(json.payers[0]?.stats.median).toBeCloseTo(
      quantile(await writtenRates(generated.fromFiles, "64491"), 0.5),
      6,
    );
    await expect(run(["64491", "--db", db, "--as-of", "May 2026"])).rejects.toThrow(
      new UsageError('--as-of must be a release month YYYY-MM (e.g. 2026-05), got "May 2026"'),
    );
    await expect(run(["64491", "--db", db, "--as-of", "2026-01"])).rejects.toThrow(
      DataMissingError,
    );

    // The publication names the release in its sources line, and says when there is none.
    const out = join(dir, "pubs");
    await reportCommand.run(["64491", "--db", db, "--out", out, "--as-of", "2026-05"], {
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      interactive: false,
      env: {},
    });
    const publication = JSON.parse(await readFile(join(out, "64491.json"), "utf8")) as Publication;
    expect(publication.benchmark?.releases?.asOf).toBe("2026-05");
    expect(publication.summary).toContain(
      "Rates come from 2 source files: no real payer file and 2 synthetic demo files (labelled synthetic); as of 2026-05, each payer and plan's latest release on or before it is read (release month 2026-05).",
    );
    await reportCommand.run(["64491", "--db", db, "--out", out, "--as-of", "2026-01"], {
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      interactive: false,
      env: {},
    });
    const early = JSON.parse(await readFile(join(out, "64491.json"), "utf8")) as Publication;
    expect(early.missing).toContain(
      "No benchmark: No release on or before 2026-01 is loaded for these filters: the earliest is 2026-05.",
    );
  });

  it("takes asOf on /api/v1/benchmarks/{code} and in the explorer", async () => {
    const app = createApp(defaultServices(store, ref, join(dir, "publications")));
    const ok = await app.request("/api/v1/benchmarks/64491?asOf=2026-05");
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as BenchmarkResult;
    expect(body.releases?.asOf).toBe("2026-05");
    expectFigures(body, await writtenRates(generated.fromFiles, "64491"));
    const latest = (await (
      await app.request("/api/v1/benchmarks/64491")
    ).json()) as BenchmarkResult;
    expect(latest.releases?.months).toEqual(["2026-06"]);
    expect((await app.request("/api/v1/benchmarks/64491?asOf=2026-13")).status).toBe(400);
    const early = await app.request("/api/v1/benchmarks/64491?asOf=2026-01");
    expect(early.status).toBe(422);
    expect(((await early.json()) as { detail: string }).detail).toContain("2026-01");
    const page = await app.request("/explorer?code=64491&asOf=2026-05");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('name="asOf"');
    expect(html).toContain('value="2026-05"');
    expect(html).toContain("as of release 2026-05");
  });

  it("parses asOf in the one filter parser", () => {
    expect(parseBenchmarkFilters("64491", (name) => (name === "asOf" ? ["2026-05"] : []))).toEqual({
      codes: ["64491"],
      asOf: "2026-05",
    });
  });
});

describe("an as-of between payers' releases", () => {
  it("leaves out a payer with only later releases and says so", async () => {
    const store = await Store.memory();
    try {
      await loadBenchmarkFixture(store, buildBenchmarkFixture(), { withDirectory: false });
      const result = await benchmarkCode(store, refWithoutMedicare(), {
        codes: ["64491"],
        asOf: "2025-02",
      });
      // UHC of Texas (2025-01) and CareFirst (2020-08) are in force; UHC's 2025-06 file (another
      // plan) and the synthetic Acme file (2025-03) are not.
      expect(result.releases).toEqual({
        asOf: "2025-02",
        months: ["2020-08", "2025-01"],
        superseded: 2,
        undated: 0,
      });
      expect(result.sources.map((source) => source.fileId).sort()).toEqual([1, 3]);
      expect(result.gaps).toContain(
        `${mapPayer("Acme Regional Health Plan").payer}: no release on or before 2025-02 is loaded (earliest 2025-03), so it is left out.`,
      );
    } finally {
      store.close();
    }
  });
});
