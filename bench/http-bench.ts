/**
 * `npm run bench:http`: a bounded load test of `ratelens serve` on 127.0.0.1. Starts the real
 * server (`dist/src/cli.js serve --port 0`) as a child over a store of SYNTHETIC rates (generated
 * once into bench/.data/, git-ignored, reused), then with 20 concurrent clients (fetch):
 * cold (the first requests after start, cache empty: the same URL, then 20 distinct filter sets)
 * and warm (2,000 requests). Prints p50/p95/p99, errors and the server's RSS, then stops the
 * server. Targets: /api/v1/benchmarks/64491 p99 < 100 ms warm, < 1 s cold, no errors, RSS < 400 MB.
 *
 * Options: --rates N (default 1,000,000), --requests N (default 2000), --clients N (default 20),
 * --code CODE (default 64491).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, readFile, stat } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateBenchmarkStore } from "./generate-benchmark-store.js";
import { Store } from "../src/store/store.js";

const { values } = parseArgs({
  options: {
    rates: { type: "string" },
    requests: { type: "string" },
    clients: { type: "string" },
    code: { type: "string" },
  },
});
const rates = Number(values.rates ?? 1_000_000);
const requests = Number(values.requests ?? 2000);
const clients = Number(values.clients ?? 20);
const code = values.code ?? "64491";
const dataDir = fileURLToPath(new URL("../../bench/.data/", import.meta.url));
const dbPath = join(dataDir, `http-bench-${rates}.duckdb`);
const cli = fileURLToPath(new URL("../src/cli.js", import.meta.url));

async function ensureStore(): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  if (
    await stat(dbPath).then(
      () => true,
      () => false,
    )
  ) {
    return;
  }
  const started = performance.now();
  const store = await Store.open(dbPath);
  try {
    const summary = await generateBenchmarkStore(store, { rates, seed: 42 });
    await store.withConnection((c) => c.run("CHECKPOINT"));
    process.stdout.write(
      `generated ${summary.rates.toLocaleString("en-US")} SYNTHETIC rates in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
  } finally {
    store.close();
  }
}

/** Starts `ratelens serve` on a free port and resolves with its URL from the start banner. */
function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      cli,
      "serve",
      "--db",
      dbPath,
      "--port",
      "0",
      "--publications",
      join(dataDir, "no-publications"),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stdout.on("data", (chunk: Buffer) => {
      seen += chunk.toString("utf8");
      const url = /listening on (http:\/\/\S+\/)/.exec(seen)?.[1];
      if (url !== undefined) resolve({ child, url });
    });
    child.once("exit", (status) => {
      reject(new Error(`the server exited with ${status ?? "a signal"} before listening`));
    });
  });
}

/** Resident and peak resident set of a process, in MB (Linux /proc). */
async function rss(pid: number): Promise<{ now: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = (field: string): number =>
    Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return { now: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

function percentile(sorted: number[], p: number): number {
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
}

interface Round {
  label: string;
  times: number[];
  errors: number;
}

/** `total` requests from `clients` concurrent loops, each request's URL from `urlFor(i)`. */
async function round(
  label: string,
  total: number,
  urlFor: (index: number) => string,
): Promise<Round> {
  const times: number[] = [];
  let errors = 0;
  let next = 0;
  const client = async (): Promise<void> => {
    while (next < total) {
      const index = next++;
      const started = performance.now();
      try {
        const response = await fetch(urlFor(index));
        await response.arrayBuffer();
        if (response.status !== 200) errors++;
      } catch {
        errors++;
      }
      times.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return { label, times: times.sort((a, b) => a - b), errors };
}

function report(result: Round): string {
  const [p50, p95, p99] = [50, 95, 99].map((p) => percentile(result.times, p).toFixed(1));
  return `${result.label.padEnd(34)} n=${String(result.times.length).padStart(5)}  p50 ${p50} ms  p95 ${p95} ms  p99 ${p99} ms  errors ${result.errors}`;
}

const STATES = [
  "AL",
  "AK",
  "AZ",
  "AR",
  "CA",
  "CO",
  "CT",
  "DE",
  "FL",
  "GA",
  "HI",
  "ID",
  "IL",
  "IN",
  "IA",
  "KS",
  "KY",
  "LA",
  "ME",
  "MD",
];

await ensureStore();
const { child, url } = await startServer();
try {
  const endpoint = `${url}api/v1/benchmarks/${code}`;
  const before = await rss(child.pid!);
  process.stdout.write(
    `shared machine, indicative: ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}; ${rates.toLocaleString("en-US")} synthetic rates; ${clients} clients\n`,
  );
  const results = [
    await round(`cold, same URL (${code})`, clients, () => endpoint),
    await round(
      "cold, 20 distinct filter sets",
      clients,
      (i) => `${endpoint}?state=${STATES[i % STATES.length]!}`,
    ),
    await round(`warm (${code})`, requests, () => endpoint),
    await round(
      "warm, 20 filter sets",
      requests,
      (i) => `${endpoint}?state=${STATES[i % STATES.length]!}`,
    ),
  ];
  for (const result of results) process.stdout.write(`${report(result)}\n`);
  const after = await rss(child.pid!);
  process.stdout.write(
    `server RSS: ${before.now.toFixed(0)} MB at start, ${after.now.toFixed(0)} MB after, peak ${after.peak.toFixed(0)} MB\n`,
  );
  const warm = results[2]!;
  const cold = results[0]!;
  const ok =
    percentile(warm.times, 99) < 100 &&
    percentile(cold.times, 99) < 1000 &&
    results.every((r) => r.errors === 0) &&
    after.peak < 400;
  process.stdout.write(
    `targets (warm p99 < 100 ms, cold p99 < 1 s, no errors, RSS < 400 MB): ${ok ? "met" : "NOT met"}\n`,
  );
} finally {
  child.kill("SIGTERM");
}
