/**
 * `npm run bench:index [-- --files 100] [--median-kb 256] [--seed 12] [--codes-percent 1]
 *   [--queue-workers 2] [--faults all|safe|none] [--serve]`
 *
 * Starts the SYNTHETIC payer (src/testing/synthetic-payer/: an index of in-network files of mixed
 * sizes, some failing) on 127.0.0.1, its files written once into bench/.data/ and reused, then
 * measures:
 *   1. the server alone: every listed file fetched, 4 at a time, bodies discarded (MB/s of bytes sent);
 *   2. `ingest INDEX --jobs 1` and `--jobs 2` into a fresh store folder (every item kept, then the
 *      code filter), each file's outcome and row count checked against the payer's manifest, and
 *      the speed-up from 1 to 2 worker processes;
 *   3. the queue: a throwaway redis-server and N `ratelens worker` processes on one shared store
 *      folder (0 to skip).
 * `--serve` only serves the payer and prints the index URL, until Ctrl-C.
 * The stores the runs write are removed when the benchmark ends, not between runs: on a file system
 * without a journal (this machine's ext4), a new inode is not taken from those freed in the last 30
 * s, and the search past them cost the next run ~0.5 CPU-s of its ~12 (`perf`: `recently_deleted`
 * under `openat` and `mkdir`), a cost of the benchmark's cleaning up, not of the ingest. Room for
 * every run's store is needed meanwhile (the 500-file payer's six: ~2.5 GB).
 * Shared-machine figures are indicative: each row gives its CPU seconds (worker processes included)
 * and the load average when it started.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ingestIntoFolder } from "../src/ingest/ingest-folder.js";
import { processPoolRunner } from "../src/ingest/process-pool.js";
import { generatedCode } from "../src/testing/mrf-generator.js";
import { attemptsToSucceed, type FaultName } from "../src/testing/synthetic-payer/payer-plan.js";
import {
  startSyntheticPayer,
  type SyntheticPayer,
} from "../src/testing/synthetic-payer/payer-server.js";
import { queueRun } from "./index-queue-run.js";
import { processTreeCpuSeconds } from "./process-tree-cpu.js";

const DATA = fileURLToPath(new URL("../../bench/.data/", import.meta.url));

async function serverThroughput(payer: SyntheticPayer): Promise<string> {
  payer.resetAttempts();
  // Files without a failure plan: the server's own speed, not its simulated slow links.
  const urls = payer.fileUrls.filter((url) => payer.fileAt(url)?.faultName === "none");
  const count = urls.length;
  const before = payer.bytesSent();
  const started = performance.now();
  let failed = 0;
  const fetchOne = async (): Promise<void> => {
    for (let url = urls.shift(); url !== undefined; url = urls.shift()) {
      try {
        const response = await fetch(url);
        const reader = response.body?.getReader();
        while (reader !== undefined && !(await reader.read()).done);
        if (!response.ok) failed++;
      } catch {
        failed++;
      }
    }
  };
  await Promise.all([fetchOne(), fetchOne(), fetchOne(), fetchOne()]);
  const seconds = (performance.now() - started) / 1000;
  const mb = (payer.bytesSent() - before) / 1e6;
  return `| server alone (4 parallel GETs, files without faults) | ${count} | ${mb.toFixed(1)} MB sent | ${(mb / seconds).toFixed(0)} MB/s | ${seconds.toFixed(1)} s | | | ${failed} failed or dropped |`;
}

/**
 * `ratelens ingest INDEX --jobs N` as the CLI runs it: the index loaded into a fresh store folder,
 * its listed files by N worker processes (the in-process runner for 1), each file's outcome and row
 * count checked against the payer's manifest. CPU seconds include the worker processes.
 */
async function folderIngest(
  payer: SyntheticPayer,
  codes: Set<string> | undefined,
  jobs: number,
  scratch: string[],
): Promise<{ line: string; mismatches: string[]; mbPerSecond: number }> {
  payer.resetAttempts();
  const dir = await mkdtemp(join(tmpdir(), "ratelens-bench-index-"));
  scratch.push(dir);
  const root = join(dir, "bench.store");
  const options = {
    synthetic: true,
    cacheDir: join(dir, "cache"),
    remote: { retries: 0 },
    ...(codes === undefined ? {} : { codes }),
  };
  const cpuBefore = processTreeCpuSeconds();
  const load = loadavg()[0] ?? 0;
  const started = performance.now();
  // Worker processes for 1 as for 2, so the speed-up measures the parallelism alone.
  const pool = processPoolRunner(root, jobs, options);
  let summaries;
  try {
    // As the CLI does for a URL (usually an index): the workers start at once.
    pool.warm();
    summaries = await ingestIntoFolder(root, [payer.indexUrl], options, undefined, pool);
  } finally {
    await pool.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = processTreeCpuSeconds() - cpuBefore;
  const mismatches: string[] = [];
  const outcomes = new Map<string, number>();
  let bytes = 0;
  for (const summary of summaries) {
    const file = payer.fileAt(summary.location);
    if (file === undefined) continue;
    bytes += summary.uncompressedBytes;
    const key = `${summary.status} (${file.faultName === "none" ? file.contentType : file.faultName})`;
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    if (summary.status === "ingested" && codes === undefined && summary.rows !== file.rows) {
      mismatches.push(`${file.name}: ${summary.rows} rows stored, manifest says ${file.rows}`);
    }
    // A file the server serves whole in the end (none, slow, flaky: 503 twice) must load; the others fail.
    const servedWhole = attemptsToSucceed(file) !== undefined;
    if (summary.status === "failed" && servedWhole) {
      mismatches.push(`${file.name}: failed (fault ${file.faultName}): ${summary.note ?? ""}`);
    }
    if (summary.status === "ingested" && !servedWhole) {
      mismatches.push(`${file.name}: ingested despite fault ${file.faultName}`);
    }
  }
  const detail = [...outcomes.entries()]
    .sort()
    .map(([key, n]) => `${n} ${key}`)
    .join("; ");
  const mbPerSecond = bytes / 1e6 / seconds;
  return {
    line: `| ingest INDEX --jobs ${jobs}${codes === undefined ? "" : ` (${codes.size} codes kept)`} | ${summaries.length - 1} | ${(bytes / 1e6).toFixed(1)} MB uncompressed | ${mbPerSecond.toFixed(1)} MB/s | ${seconds.toFixed(1)} s | ${cpu.toFixed(1)} | ${load.toFixed(1)} | ${detail} |`,
    mismatches,
    mbPerSecond,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      files: { type: "string", default: "100" },
      "median-kb": { type: "string", default: "256" },
      seed: { type: "string", default: "12" },
      "codes-percent": { type: "string", default: "1" },
      serve: { type: "boolean" },
      "queue-workers": { type: "string", default: "2" },
      faults: { type: "string", default: "all" },
    },
  });
  const files = Number(values.files);
  const medianBytes = Number(values["median-kb"]) * 1_000;
  const seed = Number(values.seed);
  const dir = join(
    DATA,
    `synthetic-payer-s${seed}-f${files}-m${values["median-kb"]}-${values.faults}`,
  );
  const generating = performance.now();
  // all (default): every failure plan, dropped connections included; safe: without the dropped
  // connections (what runs before the fix of their unforwarded stream error could survive); none:
  // every file served whole at once, for throughput.
  const faults: boolean | FaultName[] =
    values.faults === "none"
      ? false
      : values.faults === "safe"
        ? ["missing", "error", "flaky", "truncated", "slow"]
        : true;
  const payer = await startSyntheticPayer({ seed, files, medianBytes, dir, faults });
  const total = payer.manifest.files.reduce((sum, file) => sum + file.uncompressedBytes, 0);
  const stored = payer.manifest.files.reduce((sum, file) => sum + file.bytes, 0);
  process.stdout.write(
    `synthetic payer: ${payer.manifest.files.length} files, ${(total / 1e6).toFixed(1)} MB uncompressed (${(stored / 1e6).toFixed(1)} MB served), ` +
      `ready in ${((performance.now() - generating) / 1000).toFixed(1)} s (files reused when already written)\nindex: ${payer.indexUrl}\n`,
  );
  if (values.serve === true) {
    process.stdout.write("serving until Ctrl-C\n");
    await new Promise<void>((resolve) => process.once("SIGINT", resolve));
    await payer.close();
    return;
  }
  process.stdout.write(
    `index benchmark: ${new Date().toISOString()}, Node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")} (shared machine: indicative)\n`,
  );
  process.stdout.write(
    "| run | files | volume | speed | wall | CPU s | load | outcomes |\n|---|---:|---:|---:|---:|---:|---:|---|\n",
  );
  let failed = false;
  const scratch: string[] = [];
  try {
    process.stdout.write(`${await serverThroughput(payer)}\n`);
    const every = Math.max(1, Math.round(100 / Number(values["codes-percent"])));
    const codes = new Set(
      Array.from({ length: Math.ceil(payer.plan.options.codes / every) }, (_, k) =>
        generatedCode(k * every),
      ),
    );
    const runs = [];
    for (const filter of [undefined, codes]) {
      const one = await folderIngest(payer, filter, 1, scratch);
      process.stdout.write(`${one.line}\n`);
      const two = await folderIngest(payer, filter, 2, scratch);
      process.stdout.write(`${two.line}\n`);
      process.stdout.write(
        `| speed-up 1 → 2 worker processes${filter === undefined ? "" : " (filtered)"} | | | ${(two.mbPerSecond / one.mbPerSecond).toFixed(2)}× | | | | |\n`,
      );
      runs.push(one, two);
    }
    const workers = Number(values["queue-workers"]);
    if (workers > 0) {
      process.stdout.write(`${await queueRun(payer, workers, undefined, scratch)}\n`);
      process.stdout.write(`${await queueRun(payer, workers, [...codes], scratch)}\n`);
    }
    for (const mismatch of runs.flatMap((run) => run.mismatches)) {
      process.stderr.write(`mismatch: ${mismatch}\n`);
      failed = true;
    }
  } finally {
    await payer.close();
    for (const dir of scratch) await rm(dir, { recursive: true, force: true });
  }
  process.exitCode = failed ? 1 : 0;
}

await main();
