/**
 * `npm run bench:ingest [-- --size 1,2,5] [--only full,filtered,inline,after] [--workers N] [--memory 128MB]
 *   [--fanout narrow|lognormal] [--store file|folder]`
 *
 * --fanout lognormal: provider references per rate log-normal (median 5, up to 300), as in real
 * national payers' files; --store folder: into a store folder (scratch DuckDB + Parquet unit).
 * --only giant: items of 400,000-600,000 rates each (100-300 MB of JSON an item), loaded in pieces.
 *
 * Generates SYNTHETIC in-network files with the seeded generator into bench/.data/ (git-ignored,
 * reused across runs), then ingests each into a fresh DuckDB file in a child process and reports
 * uncompressed MB/s, rate rows/s, CPU seconds and the child's peak RSS (`process.resourceUsage()`).
 * Scenarios: full = every item normalised (root references), filtered = ~1 % of codes kept,
 * inline = 1.x inline provider_groups, after = references after in_network, giant = large items. Each run's row count is
 * checked against the generator's own count.
 */
import { spawnSync } from "node:child_process";
import { STREAMING_V8_FLAGS, streamingEnv } from "../src/ingest/streaming-heap.js";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateMrfFile } from "./generate-mrf.js";

/** DuckDB `memory_limit` of the ingest child: what keeps its peak RSS under 600 MB. */
const DEFAULT_MEMORY = "128MB";

const DATA = fileURLToPath(new URL("../../bench/.data/", import.meta.url));

interface ChildResult {
  seconds: number;
  uncompressedBytes: number;
  rows: number;
  keptItems: number;
  items: number;
  maxRssMb: number;
  cpuSeconds: number;
}

async function child(
  file: string,
  db: string,
  codes: string | undefined,
  workers: string | undefined,
  memory: string,
): Promise<void> {
  const { Store } = await import("../src/store/store.js");
  const { ingestFiles } = await import("../src/ingest/ingest.js");
  rmSync(db, { force: true, recursive: true });
  rmSync(`${db}.wal`, { force: true });
  const store = await Store.open(db, { memoryLimit: memory });
  const started = performance.now();
  const [summary] = await ingestFiles(store, [file], {
    offline: true,
    synthetic: true,
    ...(codes === undefined ? {} : { codes: new Set(codes.split(",")) }),
    ...(workers === undefined ? {} : { workers: Number(workers) }),
  });
  const seconds = (performance.now() - started) / 1000;
  store.close();
  const usage = process.resourceUsage();
  const result: ChildResult = {
    seconds,
    uncompressedBytes: summary?.uncompressedBytes ?? 0,
    rows: summary?.rows ?? 0,
    keptItems: summary?.keptItems ?? 0,
    items: summary?.items ?? 0,
    maxRssMb: usage.maxRSS / 1024,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  rmSync(db, { force: true, recursive: true });
}

interface Meta {
  items: number;
  rows: number;
  bytes: number;
  codeCount: number;
}

async function ensureFile(
  size: number,
  style: "references" | "inline",
  after: boolean,
  fanout: "narrow" | "lognormal" = "narrow",
  giant = false,
): Promise<{ path: string; meta: Meta }> {
  const base = join(
    DATA,
    `mrf-${size}gb-${style}${after ? "-after" : ""}${fanout === "lognormal" ? "-fanout" : ""}${giant ? "-giant" : ""}`,
  );
  const path = `${base}.json.gz`;
  if (!existsSync(path) || !existsSync(`${base}.meta.json`)) {
    process.stdout.write(`generating ${path} (SYNTHETIC, seed 1) …\n`);
    await generateMrfFile(path, {
      targetBytes: size * 1e9,
      style,
      referencesAfter: after,
      seed: 1,
      fanout,
      ...(giant ? { ratesPerItem: [400_000, 600_000] as const } : {}),
    });
  }
  return { path, meta: JSON.parse(readFileSync(`${base}.meta.json`, "utf8")) as Meta };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      child: { type: "string" },
      db: { type: "string" },
      codes: { type: "string" },
      workers: { type: "string" },
      memory: { type: "string", default: DEFAULT_MEMORY },
      size: { type: "string", default: "1,2" },
      only: { type: "string", default: "full,filtered,inline,after" },
      fanout: { type: "string", default: "narrow" },
      store: { type: "string", default: "file" },
    },
  });
  if (values.child !== undefined) {
    await child(
      values.child,
      values.db ?? join(DATA, "bench.duckdb"),
      values.codes,
      values.workers,
      values.memory,
    );
    return;
  }
  const sizes = values.size.split(",").map(Number);
  const only = new Set(values.only.split(","));
  const script = fileURLToPath(import.meta.url);
  process.stdout.write(
    `ingest benchmark: ${new Date().toISOString()}, Node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}\n`,
  );
  process.stdout.write(
    "| scenario | size | MB/s (uncompressed) | rate rows/s | rows | wall s | CPU s | peak RSS MB |\n|---|---:|---:|---:|---:|---:|---:|---:|\n",
  );
  let failed = false;
  for (const size of sizes) {
    const scenarios: {
      name: string;
      style: "references" | "inline";
      after: boolean;
      filtered: boolean;
      giant?: boolean;
    }[] = [
      { name: "full", style: "references", after: false, filtered: false },
      { name: "filtered", style: "references", after: false, filtered: true },
      { name: "inline", style: "inline", after: false, filtered: false },
      { name: "after", style: "references", after: true, filtered: false },
      { name: "giant", style: "references", after: false, filtered: false, giant: true },
    ];
    for (const scenario of scenarios.filter((entry) => only.has(entry.name))) {
      const { path, meta } = await ensureFile(
        size,
        scenario.style,
        scenario.after,
        values.fanout === "lognormal" ? "lognormal" : "narrow",
        scenario.giant === true,
      );
      // Every 100th code: ~1 % of items.
      const codes = scenario.filtered
        ? Array.from({ length: Math.ceil(meta.codeCount / 100) }, (_, k) =>
            String(10_000 + k * 100),
          ).join(",")
        : undefined;
      const args = [
        script,
        "--child",
        path,
        "--db",
        join(DATA, `bench-${process.pid}.${values.store === "folder" ? "store" : "duckdb"}`),
        ...(codes === undefined ? [] : ["--codes", codes]),
        ...(values.workers === undefined ? [] : ["--workers", values.workers]),
        "--memory",
        values.memory,
      ];
      // With the V8 flags and environment `ratelens ingest` runs with (it starts itself again with them).
      const run = spawnSync(process.execPath, [...STREAMING_V8_FLAGS, ...args], {
        env: streamingEnv(process.env),
        encoding: "utf8",
        maxBuffer: 1 << 26,
      });
      if (run.status !== 0) {
        process.stderr.write(`${scenario.name} ${size} GB failed: ${run.stderr}\n`);
        failed = true;
        continue;
      }
      const result = JSON.parse(run.stdout.trim().split("\n").pop() ?? "{}") as ChildResult;
      if (!scenario.filtered && result.rows !== meta.rows) {
        process.stderr.write(
          `${scenario.name} ${size} GB: ${result.rows} rows stored, generator wrote ${meta.rows}\n`,
        );
        failed = true;
      }
      const mbps = result.uncompressedBytes / 1e6 / result.seconds;
      process.stdout.write(
        `| ${scenario.name}${scenario.filtered ? ` (${result.keptItems}/${result.items} items)` : ""} | ${(result.uncompressedBytes / 1e9).toFixed(2)} GB | ${mbps.toFixed(0)} | ${Math.round(result.rows / result.seconds).toLocaleString("en-US")} | ${result.rows.toLocaleString("en-US")} | ${result.seconds.toFixed(1)} | ${result.cpuSeconds.toFixed(1)} | ${result.maxRssMb.toFixed(0)} |\n`,
      );
    }
  }
  process.exitCode = failed ? 1 : 0;
}

await main();
