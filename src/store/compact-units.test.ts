import { spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoreError } from "../errors.js";
import { ingestFileUnit } from "../ingest/ingest-file-unit.js";
import { ingestIntoFolder } from "../ingest/ingest-folder.js";
import { emptyCounts, generateMrf } from "../testing/mrf-generator.js";
import { compactUnits, mergeSmallUnits } from "./compact-units.js";
import { Store } from "./store.js";
import { publishUnit, UNIT_TABLES } from "./store-folder.js";

const CLI = resolve(import.meta.dirname, "../../dist/src/cli.js");
const fixture = (name: string): string =>
  join(import.meta.dirname, "../sources/tic/fixtures", name);
// CI has ../shared beside the repository.
const cmsExample = (path: string): string =>
  join(import.meta.dirname, "../../../shared/data/tic/cms-price-transparency-guide", path);

/** Every row of every TiC table and of `rates`, sorted: what readers must see the same. */
async function snapshot(store: Store): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  await store.withConnection(async (connection) => {
    for (const table of [...UNIT_TABLES, "rates"]) {
      const exclude = table === "source_files" ? " EXCLUDE (ingested_at)" : "";
      out[table] = (
        await connection.runAndReadAll(`SELECT *${exclude} FROM ${table} ORDER BY ALL`)
      ).getRowObjectsJson();
    }
  });
  return out;
}

/** `snapshot` on a reader opened now (closed after). */
async function freshSnapshot(root: string): Promise<Record<string, unknown[]>> {
  const fresh = await Store.open(root);
  try {
    return await snapshot(fresh);
  } finally {
    fresh.close();
  }
}

describe("compactUnits: many small units merged into few", () => {
  let dir: string;
  let root: string;
  const options = (): { offline: true; workers: number; cacheDir: string } => ({
    offline: true,
    workers: 0,
    cacheDir: join(dir, "cache"),
  });
  /** SYNTHETIC in-network files, each distinct (its seed), with root references and fan-out. */
  const generated = (seed: number, style: "references" | "inline" = "references"): string => {
    const path = join(dir, `generated-${seed}.json`);
    const text = [
      ...generateMrf({ targetBytes: 40_000, style, seed, fanout: "lognormal" }, emptyCounts()),
    ].join("");
    writeFileSync(path, text);
    return path;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ratelens-compact-"));
    root = join(dir, "test.store");
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("merges every small unit into one: readers, open before or after, see the same rows; a merged file is still loaded once", async () => {
    // An index (plans, listed files and the two files it lists), in-network files of both
    // provider styles, the quirks fixture and an allowed-amounts file: every table has rows.
    await ingestIntoFolder(root, [fixture("index-local-files.json")], options(), undefined);
    for (const input of [
      generated(1),
      generated(2, "inline"),
      fixture("quirks-v1.json"),
      cmsExample("v2.2.0/examples/allowed-amounts/allowed-amounts-single-plan-sample.json"),
    ]) {
      expect((await ingestFileUnit(root, input, options())).summaries[0]?.status).toBe("ingested");
    }
    const units = readdirSync(join(root, "units")).filter((name) => name !== "0-schema");
    expect(units.length).toBe(7);
    const reader = await Store.open(root);
    try {
      const before = await snapshot(reader);
      for (const table of UNIT_TABLES) expect(before[table]?.length, table).toBeGreaterThan(0);

      const result = await compactUnits(root, { graceMs: 0 });
      // The index stays its own unit (loaded again, it is read for its list).
      expect(result).toMatchObject({ mergedUnits: 1, replacedUnits: 6, finishedUnits: 0 });
      expect(result.skipped).toBeUndefined();
      // The reader opened before sees the merged unit instead of the units, row for row.
      expect(await snapshot(reader)).toEqual(before);
      expect(await freshSnapshot(root)).toEqual(before);
      // The replaced units are gone, each leaving a marker; one merged unit holds the rows.
      const left = readdirSync(join(root, "units")).filter((name) => name !== "0-schema");
      expect(left).toHaveLength(1);
      const [index] = await reader.withConnection(
        async (connection) =>
          (
            await connection.runAndReadAll(
              "SELECT sha256 FROM source_files WHERE file_kind = 'table-of-contents'",
            )
          ).getRows() as string[][],
      );
      expect(left).toEqual(index);
      expect(readdirSync(join(root, "replaced")).sort()).toEqual(
        units.filter((unit) => !left.includes(unit)).sort(),
      );
      expect(readdirSync(join(root, "merged"))).toHaveLength(1);

      // Loading a merged file again: skipped, with its file id.
      const again = await ingestFileUnit(root, fixture("quirks-v1.json"), options());
      const quirksId = (before.source_files as { location: string; file_id: number }[]).find(
        (file) => file.location.endsWith("quirks-v1.json"),
      )?.file_id;
      expect(again.summaries[0]).toMatchObject({ status: "skipped", fileId: quirksId });
      // And a unit of it written again (a download: no local size to check first) is not published.
      const staged = join(dir, "staged-again");
      mkdirSync(staged);
      const replaced = units.filter((unit) => !left.includes(unit));
      expect(await publishUnit(root, staged, replaced[0] ?? "")).toBe(false);
      expect(readdirSync(join(root, "units")).sort()).toEqual(["0-schema", ...left].sort());

      // A file loaded after: read beside the merged unit, then merged into a second one.
      await ingestFileUnit(root, generated(3), options());
      const withThird = await snapshot(reader);
      expect(withThird.source_files).toHaveLength(before.source_files!.length + 1);
      const next = await compactUnits(root, { graceMs: 0 });
      expect(next.skipped).toBe("1 small unit, fewer than 2");
      const forced = await compactUnits(root, { graceMs: 0, minUnits: 1 });
      expect(forced).toMatchObject({ mergedUnits: 1, replacedUnits: 1 });
      expect(readdirSync(join(root, "merged"))).toHaveLength(2);
      expect(await snapshot(reader)).toEqual(withThird);
    } finally {
      reader.close();
    }
  });

  it("a compaction killed after publishing: readers count each file once, and the next one finishes it", async () => {
    for (const seed of [11, 12, 13]) await ingestFileUnit(root, generated(seed), options());
    const reader = await Store.open(root);
    try {
      const before = await snapshot(reader);
      // `ratelens compact` waits 10 s before removing the replaced units' files: killed in between.
      const child = spawn(process.execPath, [CLI, "compact", "--db", root], { stdio: "ignore" });
      try {
        for (let waited = 0; readdirSync(join(root, "merged")).length === 0; waited += 50) {
          if (waited > 20_000) throw new Error("no merged unit was published");
          await new Promise((done) => setTimeout(done, 50));
        }
      } finally {
        child.kill("SIGKILL");
        await new Promise((done) => child.once("exit", done));
      }
      const units = readdirSync(join(root, "units")).filter((name) => name !== "0-schema");
      for (const unit of units) {
        expect(existsSync(join(root, "units", unit, "source_files.parquet"))).toBe(true);
      }
      // Both the merged unit and the units it replaces are on disk: every row is read once.
      expect(await snapshot(reader)).toEqual(before);

      // Its lock names a dead process: taken over, and the replaced units emptied.
      const result = await compactUnits(root, { graceMs: 0 });
      expect(result).toMatchObject({ finishedUnits: 3, replacedUnits: 0 });
      expect(readdirSync(join(root, "units"))).toEqual(["0-schema"]);
      expect(await snapshot(reader)).toEqual(before);
    } finally {
      reader.close();
    }
  }, 60_000);

  it("a reader querying all along sees the same totals, never an error", async () => {
    for (const seed of [31, 32, 33, 34, 35, 36]) {
      await ingestFileUnit(root, generated(seed), options());
    }
    const reader = await Store.open(root);
    const totals = (): Promise<string> =>
      reader.withConnection(async (connection) =>
        JSON.stringify(
          (
            await connection.runAndReadAll(
              `SELECT (SELECT count(*) FROM rates) AS rates, (SELECT round(sum(negotiated_rate), 2) FROM rates) AS amount,
                 (SELECT count(*) FROM provider_groups) AS groups, (SELECT count(*) FROM source_files) AS files`,
            )
          ).getRowObjectsJson(),
        ),
      );
    try {
      const expected = await totals();
      let done = false;
      const seen: string[] = [];
      const polling = (async () => {
        while (!done) seen.push(await totals());
      })();
      await compactUnits(root, { graceMs: 300 });
      done = true;
      await polling;
      seen.push(await totals());
      expect(seen.length).toBeGreaterThan(3);
      expect([...new Set(seen)]).toEqual([expected]);
    } finally {
      reader.close();
    }
  });

  it("merges small merged units again: readers, open before or after, see the same rows", async () => {
    const reader = await Store.open(root);
    try {
      // One merged unit per unit, so three merges leave three small merged units.
      for (const seed of [51, 52, 53]) {
        await ingestFileUnit(root, generated(seed), options());
        await compactUnits(root, { graceMs: 0, minUnits: 1, remergeAt: 99 });
      }
      expect(readdirSync(join(root, "merged"))).toHaveLength(3);
      const before = await snapshot(reader);
      const { result, removal } = await mergeSmallUnits(root, {
        graceMs: 500,
        minUnits: 1,
        remergeAt: 3,
      });
      expect(result).toMatchObject({ replacedUnits: 0, remergedUnits: 3 });
      expect(result.skipped).toBeUndefined();
      // During the grace period the three are still there, superseded: each row is read once.
      expect(readdirSync(join(root, "merged"))).toHaveLength(4);
      expect(await snapshot(reader)).toEqual(before);
      await removal;
      const [only] = readdirSync(join(root, "merged"));
      expect(readdirSync(join(root, "merged"))).toHaveLength(1);
      const manifest = JSON.parse(
        readFileSync(join(root, "merged", only ?? "", "merged.json"), "utf8"),
      ) as { replaces: unknown[]; supersedes: unknown[] };
      expect(manifest.replaces).toHaveLength(3);
      expect(manifest.supersedes).toHaveLength(3);
      expect(await snapshot(reader)).toEqual(before);
      expect(await freshSnapshot(root)).toEqual(before);
    } finally {
      reader.close();
    }
  });

  it("a folder under merged/ without a manifest of ours: a StoreError naming it, not a raw error", async () => {
    await ingestFileUnit(root, generated(41), options());
    mkdirSync(join(root, "merged", "by-hand"));
    writeFileSync(join(root, "merged", "by-hand", "merged.json"), "{}");
    await expect(Store.open(root)).rejects.toThrow(
      /merged\/by-hand\/merged\.json: not a merged unit's manifest \(no replaces list or createdAt\)/,
    );
    await expect(Store.open(root)).rejects.toBeInstanceOf(StoreError);
  });

  it("leaves the store alone while another compaction runs, and units bigger than the limit", async () => {
    for (const seed of [21, 22]) await ingestFileUnit(root, generated(seed), options());
    // A live process holds the lock (this one's parent, the test runner).
    writeFileSync(join(root, "compact.lock"), String(process.ppid));
    const busy = await compactUnits(root, { graceMs: 0 });
    expect(busy.skipped).toBe(`another compaction is running (process ${process.ppid})`);
    expect(readdirSync(join(root, "merged"))).toHaveLength(0);
    rmSync(join(root, "compact.lock"));
    const big = await compactUnits(root, { graceMs: 0, smallUnitBytes: 1_000 });
    expect(big.skipped).toBe("0 small units, fewer than 2");
    expect(readdirSync(join(root, "merged"))).toHaveLength(0);
  });
});
