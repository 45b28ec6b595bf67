/**
 * `npm run bench:hospital [-- --size 0.2] [--only csv,json] [--memory 128MB]`
 *
 * Generates SYNTHETIC CMS v3.0 hospital files (tall CSV and JSON, 12 payers per item) into
 * bench/.data/ (git-ignored, reused), validates and loads each into a fresh DuckDB file in a child
 * process, and reports MB/s, charge rows/s, CPU seconds and the child's peak RSS. Each run's counts
 * are checked against the generator's.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateHospitalMrf, type HospitalMrfMeta } from "./generate-hospital-mrf.js";

const DATA = fileURLToPath(new URL("../../bench/.data/", import.meta.url));

interface ChildResult {
  seconds: number;
  records: number;
  charges: number;
  errors: number;
  maxRssMb: number;
  cpuSeconds: number;
}

async function child(file: string, db: string, memory: string): Promise<void> {
  const { Store } = await import("../src/store/store.js");
  const { ingestHospitalFile } = await import("../src/ingest/hospital/ingest-hospital-file.js");
  rmSync(db, { force: true });
  const store = await Store.open(db, { memoryLimit: memory });
  const started = performance.now();
  const result = await ingestHospitalFile(store, file, { synthetic: true });
  const seconds = (performance.now() - started) / 1000;
  store.close();
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  const usage = process.resourceUsage();
  const out: ChildResult = {
    seconds,
    records: result.records,
    charges: result.charges,
    errors: result.errors,
    maxRssMb: usage.maxRSS / 1024,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

async function ensureFile(
  format: "csv" | "json",
  size: number,
): Promise<{ path: string; meta: HospitalMrfMeta }> {
  mkdirSync(DATA, { recursive: true });
  const path = join(DATA, `hospital-${size}gb.${format}`);
  const metaPath = `${path}.meta.json`;
  if (!existsSync(path) || !existsSync(metaPath)) {
    process.stdout.write(`generating ${path} (SYNTHETIC, seed 1) …\n`);
    writeFileSync(
      metaPath,
      JSON.stringify(await generateHospitalMrf(path, { format, targetBytes: size * 1e9 })),
    );
  }
  return { path, meta: JSON.parse(readFileSync(metaPath, "utf8")) as HospitalMrfMeta };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      child: { type: "string" },
      db: { type: "string" },
      memory: { type: "string", default: "128MB" },
      size: { type: "string", default: "0.2" },
      only: { type: "string", default: "csv,json" },
    },
  });
  if (values.child !== undefined) {
    await child(values.child, values.db ?? join(DATA, "hospital-bench.duckdb"), values.memory);
    return;
  }
  const script = fileURLToPath(import.meta.url);
  process.stdout.write(
    `hospital ingest benchmark: ${new Date().toISOString()}, Node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}\n`,
  );
  process.stdout.write(
    "| format | size | MB/s | charge rows/s | rows | wall s | CPU s | peak RSS MB |\n|---|---:|---:|---:|---:|---:|---:|---:|\n",
  );
  let failed = false;
  for (const size of values.size.split(",").map(Number)) {
    for (const format of values.only.split(",") as ("csv" | "json")[]) {
      const { path, meta } = await ensureFile(format, size);
      const run = spawnSync(
        process.execPath,
        [
          script,
          "--child",
          path,
          "--db",
          join(DATA, `hospital-bench-${process.pid}.duckdb`),
          "--memory",
          values.memory,
        ],
        { encoding: "utf8" },
      );
      if (run.status !== 0) {
        process.stderr.write(`${format} ${size} GB failed: ${run.stderr}\n`);
        failed = true;
        continue;
      }
      const result = JSON.parse(run.stdout.trim().split("\n").pop() ?? "{}") as ChildResult;
      if (result.records !== meta.records || result.charges !== meta.rows || result.errors !== 0) {
        process.stderr.write(
          `${format}: ${result.records} records / ${result.charges} rows / ${result.errors} errors; generator wrote ${meta.records} / ${meta.rows}\n`,
        );
        failed = true;
      }
      process.stdout.write(
        `| ${format} | ${(meta.bytes / 1e9).toFixed(2)} GB | ${(meta.bytes / 1e6 / result.seconds).toFixed(0)} | ${Math.round(result.charges / result.seconds).toLocaleString("en-US")} | ${result.charges.toLocaleString("en-US")} | ${result.seconds.toFixed(1)} | ${result.cpuSeconds.toFixed(1)} | ${result.maxRssMb.toFixed(0)} |\n`,
      );
    }
  }
  process.exitCode = failed ? 1 : 0;
}

await main();
