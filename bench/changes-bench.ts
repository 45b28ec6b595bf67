/**
 * `npm run bench:changes`: builds two SYNTHETIC monthly releases of one payer, N rates each, in a
 * temporary store, then times `compareReleases` over all codes (the `ratelens changes` engine).
 * Release 2 differs from release 1 by ~2 % rates moved up or down, ~0.5 % dropped, ~0.5 % providers
 * added and one code moved to a percentage rate. Target (issue 17): 10 million rates per release in
 * under 10 s on the 2-core machine. Prints medians of repeated runs, wall and CPU, for the three
 * cases of the kept comparison keys (cold, monthly, warm; see below).
 *
 * Options: --rates N per release (default 10,000,000), --codes N (default 200), --runs N
 * (default 3), --threads N (DuckDB threads, default 2 as `Store.open`).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { DuckDBConnection } from "@duckdb/node-api";
import { compareReleases } from "../src/analyze/changes/compare-releases.js";
import { forgetRateKeys } from "../src/analyze/changes/rate-keys.js";
import { Store } from "../src/store/store.js";
import { WIDE_RATE_COLUMNS, insertWideRates } from "../src/store/wide-rates.js";
import { insertFixtureSourceFile } from "../src/testing/tic-row-writer.js";

const { values } = parseArgs({
  options: {
    rates: { type: "string" },
    codes: { type: "string" },
    runs: { type: "string" },
    threads: { type: "string" },
  },
});
const rates = Number(values.rates ?? 10_000_000);
const codeCount = Number(values.codes ?? 200);
const runs = Number(values.runs ?? 3);
const threads = Number(values.threads ?? 2);
const providers = Math.ceil(rates / codeCount);
const PAYER = "Bench Synthetic Health (SYNTHETIC BENCH)";

function median(list: number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * One release file as `rates` rows made in SQL (the appender would spend minutes in JS for 10 M
 * rows): code c × provider p, one group per provider. `month2` applies the planted differences.
 */
async function writeRelease(
  connection: DuckDBConnection,
  fileId: number,
  month2: boolean,
): Promise<void> {
  const extra = month2 ? Math.ceil(providers / 200) : 0;
  // Deterministic noise per (code, provider): DuckDB's hash of the pair.
  const h = "hash(c.range * 1000003 + p.range)";
  const base = `100 + (${h} % 90000) / 100.0`;
  const moved = `CASE WHEN ${h} % 50 = 1 THEN round((${base}) * (1 + ((${h} % 11)::DOUBLE - 5) / 100), 2) ELSE ${base} END`;
  const isPercent = month2 ? "c.range = 0" : "false";
  await connection.run(`CREATE OR REPLACE TEMP TABLE bench_staging (${WIDE_RATE_COLUMNS})`);
  await connection.run(
    `INSERT INTO bench_staging
     SELECT ${String(fileId)}, c.range, p.range, 0, 'CPT', '2026', CAST(20000 + c.range AS VARCHAR), 'ffs', p.range, CAST(p.range AS VARCHAR),
       CASE WHEN ${isPercent} THEN 'percentage' ELSE 'negotiated' END, CASE WHEN ${isPercent} THEN 'percent' ELSE 'dollars' END,
       CASE WHEN ${isPercent} THEN 65 WHEN ${month2 ? "true" : "false"} THEN ${moved} ELSE ${base} END,
       'professional', NULL, ['11'], NULL, '9999-12-31', NULL
     FROM range(${String(codeCount)}) c, range(${String(providers + extra)}) p
     WHERE p.range < ${String(providers)} ${month2 ? `AND ${h} % 200 <> 0` : ""} OR p.range >= ${String(providers)}`,
  );
  await insertWideRates(connection, "bench_staging");
  await connection.run(
    `INSERT INTO provider_groups SELECT ${String(fileId)}, range, CAST(range AS VARCHAR), 1000000000 + range, 'ein',
       lpad(CAST(100000000 + range // 10 AS VARCHAR), 9, '0'), NULL FROM range(${String(providers + extra)})`,
  );
  await connection.run("DROP TABLE bench_staging");
}

const fileIds: number[] = [];
const dir = await mkdtemp(join(tmpdir(), "ratelens-changes-bench-"));
const store = await Store.open(join(dir, "changes.duckdb"), { threads });
try {
  const started = performance.now();
  await store.withConnection(async (connection) => {
    for (const [month, month2] of [
      ["2026-05", false],
      ["2026-06", true],
    ] as const) {
      const fileId: number = await insertFixtureSourceFile(connection, {
        location: `bench/${month}-01_bench-ppo_in-network-rates.json.gz`,
        sha256: `synthetic-bench-${month}`,
        reportingEntityName: PAYER,
        lastUpdatedOn: `${month}-01`,
        planName: "Bench PPO (SYNTHETIC)",
        synthetic: true,
      });
      await writeRelease(connection, fileId, month2);
      fileIds.push(fileId);
    }
    await connection.run("CHECKPOINT");
  });
  process.stdout.write(
    `generated 2 SYNTHETIC releases of ~${rates.toLocaleString("en-US")} rates (${String(codeCount)} codes × ${providers.toLocaleString("en-US")} providers) ` +
      `in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  // Three cases, because each file's comparison keys are computed once and kept (rate-keys.ts):
  // cold = neither release keyed yet; monthly = last month keyed, the new one not (the usual run
  // after loading a new month); warm = both keyed (alerts, the payer page, a second look).
  const cases: { label: string; ms: number[]; cpu: number[] }[] = [];
  const forget = async (fileIds: readonly number[]): Promise<void> => {
    await store.withConnection((connection) => forgetRateKeys(connection, fileIds));
  };
  const timed = async (label: string): Promise<void> => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const result = await compareReleases(store, { payer: PAYER, limit: 100 });
    const wall = performance.now() - t0;
    const used = process.cpuUsage(c0);
    let entry = cases.find((c) => c.label === label);
    if (entry === undefined) {
      entry = { label, ms: [], cpu: [] };
      cases.push(entry);
    }
    entry.ms.push(wall);
    entry.cpu.push((used.user + used.system) / 1000);
    if (cases.length === 1 && entry.ms.length === 1) {
      const total = (
        key: "added" | "dropped" | "changed" | "rateTypeChanged" | "unchanged",
      ): number => result.summary.reduce((sum, row) => sum + row[key], 0);
      process.stdout.write(
        `compared ${result.from} → ${result.to}: ${String(result.summary.length)} codes, changed ${total("changed").toLocaleString("en-US")}, ` +
          `added ${total("added").toLocaleString("en-US")}, dropped ${total("dropped").toLocaleString("en-US")}, rate-type ${total("rateTypeChanged").toLocaleString("en-US")}, ` +
          `unchanged ${total("unchanged").toLocaleString("en-US")}\n`,
      );
    }
  };
  for (let i = 0; i < runs; i++) {
    await forget(fileIds);
    await timed("cold (neither release keyed)");
    await forget(fileIds.slice(1));
    await timed("monthly (new release not keyed yet)");
    await timed("warm (both releases keyed)");
  }
  for (const { label, ms, cpu } of cases) {
    process.stdout.write(
      `changes (all codes), ${label}: wall median ${median(ms).toFixed(0)} ms (min ${Math.min(...ms).toFixed(0)}, max ${Math.max(...ms).toFixed(0)}), CPU median ${median(cpu).toFixed(0)} ms, ` +
        `${String(runs)} runs, ${String(threads)} DuckDB threads, ${String(cpus().length)} cores, load ${loadavg()[0]?.toFixed(1) ?? "?"} (shared machine, indicative)\n`,
    );
  }
} finally {
  store.close();
  if (process.env.KEEP_BENCH_STORE === undefined) await rm(dir, { recursive: true, force: true });
  else process.stdout.write(`kept ${dir}\n`);
}
