import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { BenchmarkResult } from "../../analyze/benchmark/benchmark-types.js";
import { pooledRowName, releaseLabel, rowReleases } from "./payer-releases.js";
import { settingGroups } from "./setting-groups.js";

async function fixtureResult(): Promise<BenchmarkResult> {
  const url = new URL("fixtures/publication-64491-real-and-synthetic-payers.json", import.meta.url);
  const text = await readFile(url, "utf8");
  return (JSON.parse(text) as { parts: { benchmark: BenchmarkResult } }).parts.benchmark;
}

describe("payer releases (the Released column)", () => {
  it("flags the 2020 CareFirst file compared with the 2025 fee schedule", async () => {
    const result = await fixtureResult();
    const carefirst = result.payers.find((row) => !row.synthetic)!;
    expect(rowReleases(result, carefirst)).toEqual({
      releases: ["2020-08 (last_updated_on)"],
      olderThanMedicare: true,
    });
    expect(releaseLabel(result, carefirst)).toBe(
      "2020-08 (last_updated_on), older than the 2025 Medicare year",
    );
    const synthetic = result.payers.find((row) => row.synthetic)!;
    expect(rowReleases(result, synthetic).olderThanMedicare).toBe(false);
  });

  it("Released shows the release month and where it came from, not the last_updated_on date", async () => {
    const result = await fixtureResult();
    const carefirst = result.payers.find((row) => !row.synthetic)!;
    const source = result.sources.find((s) => s.reportingEntityName?.includes("CareFirst"))!;
    // A file without last_updated_on, dated by its index: the index month, said to be one.
    const byIndex = {
      ...result,
      sources: [
        {
          ...source,
          lastUpdatedOn: null,
          release: "2026-03",
          releaseFrom: "index" as const,
        },
      ],
    };
    expect(releaseLabel(byIndex, carefirst)).toBe("2026-03 (index date)");
    const byName = {
      ...result,
      sources: [
        { ...source, lastUpdatedOn: null, release: "2026-04", releaseFrom: "file-name" as const },
      ],
    };
    expect(releaseLabel(byName, carefirst)).toBe("2026-04 (file name)");
    const undated = { ...result, sources: [{ ...source, lastUpdatedOn: null, release: null }] };
    expect(releaseLabel(undated, carefirst)).toBe("undated");
    // A result saved before releases were named: the date as written, said to be only that.
    const unnamed = { ...source };
    delete unnamed.release;
    delete unnamed.releaseFrom;
    expect(releaseLabel({ ...result, sources: [unnamed] }, carefirst)).toBe(
      "release not recorded (last_updated_on 2020-08-27), older than the 2025 Medicare year",
    );
  });

  it("says 'not stated' rather than guessing a date for a row no file names", async () => {
    const result = await fixtureResult();
    const row = { ...result.payers[0]!, payer: "Nobody Health", reportingEntities: [] };
    expect(releaseLabel(result, row)).toBe("not stated");
  });
});

describe("pooled row names", () => {
  it("say when real and synthetic rates are pooled, and when a pool is synthetic only", async () => {
    const result = await fixtureResult();
    const names = (result.groups ?? []).map(
      (group) => `${group.group}|${group.facilityClass}|${pooledRowName(result, group)}`,
    );
    expect(names).toContain("All commercial|nonfacility|All commercial, real and synthetic pooled");
    expect(names).toContain("All commercial|facility|All commercial, synthetic only");
    expect(names).toContain("BUCA|nonfacility|BUCA");
  });

  it("list real payers before synthetic ones in each setting", async () => {
    const result = await fixtureResult();
    for (const group of settingGroups(result.payers)) {
      const flags = group.rows.map((row) => row.synthetic);
      expect(flags, group.label).toEqual([...flags].sort((a, b) => Number(a) - Number(b)));
    }
    expect(settingGroups(result.payers)[0]!.rows[0]!.synthetic).toBe(false);
  });
});
