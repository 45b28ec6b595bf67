/**
 * `npm run bench:benchmark`: the benchmark engine over a store of 10 million SYNTHETIC rates
 * (generated once into bench/.data/, git-ignored, reused while it has enough rates), then the
 * publication for one code. Prints medians of repeated runs; targets: benchmark < 500 ms,
 * publication < 1 s.
 *
 * Options: --rates N (default 10,000,000), --runs N (default 7), --code CODE (default 64491),
 * --threads N (DuckDB threads, default 2 as `Store.open`), --store folder (read the same rates from a
 * store folder: one Parquet unit written from the generated database, which also serves as the
 * folder's reference database for its providers).
 */
import { copyFile, mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { benchmarkCode } from "../src/analyze/benchmark/benchmark-code.js";
import type { BenchmarkFilters } from "../src/analyze/benchmark/benchmark-types.js";
import { loadBundledReferenceData } from "../src/analyze/reference/load-reference-data.js";
import { generateBenchmarkStore } from "./generate-benchmark-store.js";
import type { DuckDBConnection } from "@duckdb/node-api";
import { partFileName, PART_TABLES, type PartTable } from "../src/store/rate-parts.js";
import { Store } from "../src/store/store.js";

const { values } = parseArgs({
  options: {
    rates: { type: "string" },
    runs: { type: "string" },
    code: { type: "string" },
    threads: { type: "string" },
    store: { type: "string" },
  },
});
const targetRates = Number(values.rates ?? 10_000_000);
const runs = Number(values.runs ?? 7);
const code = values.code ?? "64491";
const threads = Number(values.threads ?? 2);
const dataDir = fileURLToPath(new URL("../../bench/.data/", import.meta.url));
const dbPath = join(dataDir, `benchmark-engine-${targetRates}.duckdb`);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function rateCount(store: Store): Promise<number> {
  return store.withConnection(async (c) =>
    Number(
      (await c.runAndReadAll("SELECT count(*)::INTEGER AS n FROM rates")).getRowObjectsJson()[0]
        ?.n ?? 0,
    ),
  );
}

async function openStore(): Promise<Store> {
  await mkdir(dataDir, { recursive: true });
  const exists = await stat(dbPath).then(
    () => true,
    () => false,
  );
  if (exists) {
    const store = await Store.open(dbPath, { threads });
    if ((await rateCount(store)) >= targetRates) return store;
    store.close();
    await rm(dbPath, { force: true });
    await rm(`${dbPath}.wal`, { force: true });
  }
  const started = performance.now();
  const store = await Store.open(dbPath, { threads });
  const summary = await generateBenchmarkStore(store, { rates: targetRates, seed: 42 });
  await store.withConnection((c) => c.run("CHECKPOINT"));
  process.stdout.write(
    `generated ${summary.rates.toLocaleString("en-US")} SYNTHETIC rates, ${summary.providerGroupRows.toLocaleString("en-US")} provider-group rows, ` +
      `${summary.providers.toLocaleString("en-US")} providers, ${summary.codes.length} codes, ${summary.files} files in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return store;
}

async function time<T>(label: string, work: () => Promise<T>): Promise<{ ms: number[]; last: T }> {
  await work(); // warm-up: first run pays for loading column segments from disk
  const ms: number[] = [];
  const cpu: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    last = await work();
    ms.push(performance.now() - started);
    // CPU time of this process (all DuckDB threads): unlike wall time, barely affected by other
    // people's load on the shared machine, so it bounds what an idle 2-core machine would see.
    const used = process.cpuUsage(cpuStarted);
    cpu.push((used.user + used.system) / 1000);
  }
  process.stdout.write(
    `${label}: wall median ${median(ms).toFixed(0)} ms (min ${Math.min(...ms).toFixed(0)}, max ${Math.max(...ms).toFixed(0)}), ` +
      `CPU median ${median(cpu).toFixed(0)} ms, ${runs} runs\n`,
  );
  return { ms, last: last as T };
}

/**
 * Writes `table` into `dir` as an ingest does (`RateParts`): parts of a million rows, each sorted,
 * in order across parts.
 */
async function writeParts(c: DuckDBConnection, table: PartTable, dir: string): Promise<void> {
  const order =
    table === "rate_prices"
      ? "file_id, item_index, rate_index, price_index"
      : "file_id, item_index, rate_index, group_key";
  await c.run(
    `CREATE OR REPLACE TEMP TABLE numbered AS SELECT *, (row_number() OVER (ORDER BY ${order}) - 1) // 1000000 AS part FROM ${table}`,
  );
  const [row] = (
    await c.runAndReadAll("SELECT coalesce(max(part), -1)::INTEGER AS last FROM numbered")
  ).getRowObjectsJson();
  for (let part = 0; part <= Number(row?.last ?? -1); part++) {
    const path = join(dir, partFileName(table, part + 1));
    await c.run(
      `COPY (SELECT * EXCLUDE (part) FROM numbered WHERE part = ${part} ORDER BY ${order}) TO '${path}' (FORMAT parquet, COMPRESSION zstd)`,
    );
  }
  await c.run("DROP TABLE numbered");
}

/**
 * The generated rates as a store folder: one unit whose rate tables are in parts as an ingest writes
 * them, and the database itself as its reference database.
 */
async function openFolder(): Promise<Store> {
  const folder = join(dataDir, `benchmark-engine-${targetRates}-parts.store`);
  if (
    !(await stat(join(folder, "units", "bench-rates")).then(
      () => true,
      () => false,
    ))
  ) {
    const single = await openStore();
    const { ensureStoreFolder } = await import("../src/store/folder-views.js");
    const { newStagingDir, publishUnit, writeUnitFiles, UNIT_TABLES } =
      await import("../src/store/store-folder.js");
    await rm(folder, { recursive: true, force: true });
    await ensureStoreFolder(folder);
    const staging = await newStagingDir(folder);
    await single.withConnection(async (c) => {
      const tables = UNIT_TABLES.filter(
        (table) => !(PART_TABLES as readonly string[]).includes(table),
      );
      await writeUnitFiles(c, join(staging, "unit"), tables);
      for (const table of PART_TABLES) await writeParts(c, table, join(staging, "unit"));
    });
    single.close();
    await copyFile(dbPath, join(folder, "reference.duckdb"));
    await publishUnit(folder, join(staging, "unit"), "bench-rates");
    await rm(staging, { recursive: true, force: true });
  }
  return Store.open(folder, { threads });
}

const store = values.store === "folder" ? await openFolder() : await openStore();
try {
  const ref = await loadBundledReferenceData();
  const total = await rateCount(store);
  // Load average before and after: the machine is shared, so wall times need their conditions.
  process.stdout.write(
    `store ${store.path}: ${total.toLocaleString("en-US")} rates; code ${code}; DuckDB threads ${threads}; load average at start ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}\n`,
  );
  const all: BenchmarkFilters = { codes: [code] };
  const full = await time(`benchmarkCode(${code}), all payers, cleaning included`, () =>
    benchmarkCode(store, ref, all),
  );
  const steps = full.last.cleaning;
  const inScope = (steps[0]?.removed ?? 0) + (steps[0]?.remaining ?? 0);
  process.stdout.write(
    `  ${inScope.toLocaleString("en-US")} rate observations in scope → ${(steps.at(-1)?.remaining ?? 0).toLocaleString("en-US")} kept; ${full.last.payers.length} payer rows\n`,
  );
  await time(`benchmarkCode(${code}), --state VA --setting nonfacility`, () =>
    benchmarkCode(store, ref, { codes: [code], states: ["VA"], facilityClass: "nonfacility" }),
  );
  try {
    const { writePublication } = await import("../src/present/report/write-publication.js");
    const outDir = await mkdtemp(join(tmpdir(), "ratelens-bench-publication-"));
    try {
      await time(`writePublication(${code}) (HTML, Markdown, JSON)`, () =>
        writePublication(store, ref, code, outDir),
      );
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ERR_MODULE_NOT_FOUND") {
      process.stdout.write("writePublication: module absent, skipped\n");
    } else throw error;
  }
  process.stdout.write(
    `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; ${cpus().length} CPUs, load average at end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}\n`,
  );
} finally {
  store.close();
}
