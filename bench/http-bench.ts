/**
 * `npm run bench:http`: a bounded load test of `ratelens serve` on 127.0.0.1. Starts the real
 * server (`dist/src/cli.js serve --port 0`) as a child over a store of SYNTHETIC rates (generated
 * once into bench/.data/, git-ignored, reused), then with 20 concurrent clients (fetch), in this
 * order: cold (the first requests after start, cache empty) and warm (2,000 requests) on the same
 * URL, which the targets are about; then 20 distinct filter sets, cold and warm. Prints p50/p95/p99,
 * errors, wall time, the server's and the clients' CPU seconds and the load average per round, the
 * server's RSS, each target figure against its target, then stops the server; exits 1 when a
 * target is missed. Targets for /api/v1/benchmarks/64491: p99 < 100 ms warm, < 1 s cold, no error,
 * server RSS < 400 MB.
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

/**
 * CPU seconds a process has used (user + system, Linux /proc/PID/stat fields 14 and 15, in clock
 * ticks of 1/100 s): on a shared machine wall time says little, CPU time says what the work cost.
 */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds of this process (the load-generating clients). */
function clientCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
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
  wallSeconds: number;
  serverCpuSeconds: number;
  clientCpuSeconds: number;
  load: number;
}

/** `total` requests from `clients` concurrent loops, each request's URL from `urlFor(i)`. */
async function round(
  label: string,
  total: number,
  urlFor: (index: number) => string,
  serverPid: number,
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
  const [serverBefore, clientBefore, started] = [
    await cpuSeconds(serverPid),
    clientCpuSeconds(),
    performance.now(),
  ];
  await Promise.all(Array.from({ length: clients }, client));
  return {
    label,
    times: times.sort((a, b) => a - b),
    errors,
    wallSeconds: (performance.now() - started) / 1000,
    serverCpuSeconds: (await cpuSeconds(serverPid)) - serverBefore,
    clientCpuSeconds: clientCpuSeconds() - clientBefore,
    load: loadavg()[0]!,
  };
}

function report(result: Round): string {
  const [p50, p95, p99] = [50, 95, 99].map((p) => percentile(result.times, p).toFixed(1));
  return (
    `${result.label.padEnd(34)} n=${String(result.times.length).padStart(5)}  p50 ${p50} ms  p95 ${p95} ms  p99 ${p99} ms  errors ${result.errors}  ` +
    `wall ${result.wallSeconds.toFixed(2)} s  server ${result.serverCpuSeconds.toFixed(2)} CPU-s  clients ${result.clientCpuSeconds.toFixed(2)} CPU-s  load ${result.load.toFixed(1)}`
  );
}

/** One figure against its target, as a line of the summary. */
function against(name: string, figure: string, target: string, met: boolean): string {
  return `  ${name.padEnd(40)} ${figure.padStart(12)}   target ${target.padEnd(10)} ${met ? "met" : "NOT met"}\n`;
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
const pid = child.pid!;
let allMet = false;
try {
  const endpoint = `${url}api/v1/benchmarks/${code}`;
  const atStart = await rss(pid);
  const loadAtStart = loadavg();
  process.stdout.write(
    `${cpus().length} cores, load average ${loadAtStart.map((l) => l.toFixed(1)).join(" / ")} (1/5/15 min)${loadAtStart[0]! > cpus().length ? ": the machine is shared and loaded, figures are indicative" : ""}; ` +
      `${rates.toLocaleString("en-US")} SYNTHETIC rates; ${clients} clients; server RSS at start ${atStart.now.toFixed(0)} MB\n`,
  );
  // The target rounds first: the peak RSS is read before the extra rounds can raise it.
  const cold = await round(`cold, same URL (${code})`, clients, () => endpoint, pid);
  process.stdout.write(`${report(cold)}\n`);
  const warm = await round(`warm (${code})`, requests, () => endpoint, pid);
  process.stdout.write(`${report(warm)}\n`);
  const targetMemory = await rss(pid);
  // Beyond the targets: 20 distinct filter sets, each a benchmark of its own (the limiter runs
  // two at a time), then the same 20 from the cache.
  const byState = (i: number): string => `${endpoint}?state=${STATES[i % STATES.length]!}`;
  const coldFilters = await round("cold, 20 distinct filter sets", clients, byState, pid);
  process.stdout.write(`${report(coldFilters)}\n`);
  const warmFilters = await round("warm, 20 filter sets", requests, byState, pid);
  process.stdout.write(`${report(warmFilters)}\n`);
  const atEnd = await rss(pid);
  process.stdout.write(
    `server RSS: ${atStart.now.toFixed(0)} MB at start, peak ${targetMemory.peak.toFixed(0)} MB over the target rounds, ` +
      `${atEnd.now.toFixed(0)} MB after all rounds, peak ${atEnd.peak.toFixed(0)} MB with the filter rounds\n`,
  );
  const warmP99 = percentile(warm.times, 99);
  const coldP99 = percentile(cold.times, 99);
  const checks = [
    [`warm p99, ${code}`, `${warmP99.toFixed(1)} ms`, "< 100 ms", warmP99 < 100],
    [`cold p99, ${code}`, `${coldP99.toFixed(1)} ms`, "< 1 s", coldP99 < 1000],
    [
      `errors in ${cold.times.length + warm.times.length} requests`,
      String(cold.errors + warm.errors),
      "0",
      cold.errors + warm.errors === 0,
    ],
    [
      "server peak RSS (target rounds)",
      `${targetMemory.peak.toFixed(0)} MB`,
      "< 400 MB",
      targetMemory.peak < 400,
    ],
  ] as const;
  process.stdout.write("against the targets:\n");
  for (const [name, figure, target, met] of checks) {
    process.stdout.write(against(name, figure, target, met));
  }
  allMet = checks.every((check) => check[3]);
  process.stdout.write(
    `targets ${allMet ? "met" : "NOT met"}; load average at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" / ")}\n`,
  );
} finally {
  child.kill("SIGTERM");
}
process.exitCode = allMet ? 0 : 1;
