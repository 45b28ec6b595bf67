import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ingestFileUnit } from "../ingest/ingest-file-unit.js";
import { emptyCounts, generateMrf } from "../testing/mrf-generator.js";
import { until } from "../testing/until.js";
import { startBackgroundCompaction } from "./background-compaction.js";
import type { CompactionResult } from "./compact-units.js";

describe("startBackgroundCompaction", () => {
  let dir: string;
  let root: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ratelens-background-compaction-"));
    root = join(dir, "test.store");
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("merges the units while files load, each time enough are waiting, and stops when told", async () => {
    const done: CompactionResult[] = [];
    const load = async (seed: number): Promise<void> => {
      const path = join(dir, `generated-${seed}.json`);
      // SYNTHETIC, one small file per seed.
      writeFileSync(
        path,
        [...generateMrf({ targetBytes: 20_000, style: "references", seed }, emptyCounts())].join(
          "",
        ),
      );
      await ingestFileUnit(root, path, { offline: true, workers: 0, cacheDir: join(dir, "cache") });
    };
    await load(1); // the store folder exists before the checks start
    const background = startBackgroundCompaction(root, {
      everyMs: 20,
      minUnits: 3,
      graceMs: 0,
      onCompacted: (result) => done.push(result),
    });
    try {
      await load(2);
      expect(done).toHaveLength(0); // 2 units: fewer than 3
      await load(3);
      await until(
        () => done.length === 1,
        20_000,
        () => "a first compaction",
      );
      expect(done[0]).toMatchObject({ mergedUnits: 1, replacedUnits: 3 });
      for (const seed of [4, 5, 6]) await load(seed);
      await until(
        () => done.length === 2,
        20_000,
        () => "a second compaction",
      );
    } finally {
      await background.stop();
    }
    expect(readdirSync(join(root, "merged"))).toHaveLength(2);
    expect(readdirSync(join(root, "units"))).toEqual(["0-schema"]);
    await load(7);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(done).toHaveLength(2); // stopped: no more checks
  });
});
