/**
 * `npm run bench:index-walk [-- --plans 4106,100000]`
 *
 * Writes SYNTHETIC index (table-of-contents) files with the seeded generator: the shape of Blue
 * Cross Blue Shield of Oklahoma's 2025-07 index (4,106 plans, 4,124 in-network files, ~2.6 MB) and
 * bigger ones of the same shape; then walks each, offline, into a fresh store folder in a child
 * process (the index becomes a unit with its plans and its job list; the listed files are counted
 * as not fetched) and reports the time and the child's peak RSS: the walk must stay in bounded
 * memory whatever the index's size.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

interface ChildResult {
  seconds: number;
  listedFiles: number;
  plans: number;
  notFetched: number;
  maxRssMb: number;
}

async function child(index: string, store: string): Promise<void> {
  const { Store } = await import("../src/store/store.js");
  const { ingestFiles } = await import("../src/ingest/ingest.js");
  const target = await Store.open(store);
  const started = performance.now();
  const summaries = await ingestFiles(target, [index], {
    offline: true,
    cacheDir: join(store, "..", "cache"),
  });
  const seconds = (performance.now() - started) / 1000;
  target.close();
  const result: ChildResult = {
    seconds,
    listedFiles: summaries[0]?.listedFiles ?? 0,
    plans: summaries[0]?.plans ?? 0,
    notFetched: summaries[1]?.files ?? 0,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      child: { type: "string" },
      store: { type: "string" },
      plans: { type: "string", default: "4106,100000" },
    },
  });
  if (values.child !== undefined && values.store !== undefined) {
    await child(values.child, values.store);
    return;
  }
  const { writeIndexFile } = await import("../src/testing/index-generator.js");
  const script = fileURLToPath(import.meta.url);
  process.stdout.write(
    `index walk benchmark: ${new Date().toISOString()}, Node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}\n`,
  );
  process.stdout.write(
    "| index | size | plans | distinct files | wall s | peak RSS MB |\n|---|---:|---:|---:|---:|---:|\n",
  );
  let failed = false;
  for (const plans of values.plans.split(",").map(Number)) {
    const dir = mkdtempSync(join(tmpdir(), "ratelens-index-bench-"));
    try {
      const index = join(dir, "index.json");
      // BCBS Oklahoma lists 18 more files than plans; bigger indexes keep that ratio.
      const counts = await writeIndexFile(index, {
        plans,
        files: Math.round(plans * (4124 / 4106)),
        baseUrl: "https://payer.example/mrf",
      });
      const run = spawnSync(
        process.execPath,
        [script, "--child", index, "--store", join(dir, "bench.store")],
        { encoding: "utf8", maxBuffer: 1 << 26 },
      );
      if (run.status !== 0) {
        process.stderr.write(`${plans} plans failed: ${run.stderr}\n`);
        failed = true;
        continue;
      }
      const result = JSON.parse(run.stdout.trim().split("\n").pop() ?? "{}") as ChildResult;
      if (
        result.listedFiles !== counts.distinctFiles ||
        result.notFetched !== counts.distinctFiles ||
        result.plans !== counts.plans
      ) {
        process.stderr.write(
          `${plans} plans: walked ${result.listedFiles} files / ${result.plans} plans, generator wrote ${counts.distinctFiles} / ${counts.plans}\n`,
        );
        failed = true;
      }
      const name = plans === 4106 ? "BCBS-OK shape" : "same shape";
      process.stdout.write(
        `| ${name} | ${(counts.bytes / 1e6).toFixed(1)} MB | ${result.plans.toLocaleString("en-US")} | ${result.listedFiles.toLocaleString("en-US")} | ${result.seconds.toFixed(1)} | ${result.maxRssMb.toFixed(0)} |\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  process.exitCode = failed ? 1 : 0;
}

await main();
