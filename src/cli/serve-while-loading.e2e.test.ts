/**
 * Issue #12's "done when", end to end with the compiled CLI (`npm test` builds first): `ratelens
 * serve` runs on a temporary store folder; `ratelens ingest INDEX --jobs 2` loads the SYNTHETIC
 * payer's index into the same folder; the running server's API shows the payer's files appear as
 * they complete; one of the two worker processes is killed (SIGKILL) mid-file, and in the end every
 * file is in the store exactly once, with the generator's own counts, and nothing of the killed
 * attempt is left.
 */
import { until } from "../testing/until.js";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { BenchmarkResult } from "../analyze/benchmark/benchmark-types.js";
import { Store } from "../store/store.js";
import { startSyntheticPayer } from "../testing/synthetic-payer/payer-server.js";
import { generatedCode } from "../testing/mrf-generator.js";

const CLI = resolve(import.meta.dirname, "../../dist/src/cli.js");
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

beforeAll(() => {
  if (!existsSync(resolve(import.meta.dirname, "../../dist/src/ingest/ingest-worker-process.js"))) {
    throw new Error("this test runs the compiled CLI: run `npm run build` first (npm test does)");
  }
});

interface Running {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

function run(args: string[]): Running {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolveExit) => child.once("exit", resolveExit));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/**
 * The units being written under `staging/` (`<host>-<pid>-<n>-<time>`), with the process writing
 * each. A worker's work folder (`work-folders.ts`: its staged CSV files, kept from file to file) is
 * there too, but is no file's.
 */
async function staging(store: string): Promise<{ name: string; pid: number }[]> {
  const names = await readdir(join(store, "staging")).catch(() => []);
  return names
    .filter((name) => !existsSync(join(store, "staging", name, "csv")))
    .map((name) => ({ name, pid: Number(/-(\d+)-\d+-\d+$/.exec(name)?.[1] ?? 0) }));
}

describe("serve while loading: ratelens serve + ratelens ingest INDEX --jobs 2 on one store folder", () => {
  it(
    "the running API shows files as they complete; a worker killed mid-file loses and duplicates nothing",
    { timeout: 240_000 },
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "ratelens-serve-loading-"));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      const store = join(dir, "ratelens.store");
      // Five codes only, so every file holds every code and each finished file shows in the benchmark
      // of one code; a slow link on one file keeps a worker mid-file long enough to kill it there.
      const site = await startSyntheticPayer({
        seed: 21,
        files: 12,
        codes: 5,
        medianBytes: 40_000,
        faults: ["slow"],
        slow: { firstByteDelayMs: 200, bytesPerSecond: 20_000 },
      });
      cleanups.push(() => site.close());
      const slow = site.fileUrls.find((url) => site.fileAt(url)?.faultName === "slow") ?? "";
      expect(site.fileAt(slow)?.bytes ?? 0).toBeGreaterThan(20_000); // over a second on its slow link

      const server = run(["serve", "--db", store, "--port", "0"]);
      await until(
        () =>
          /listening on (http:\/\/\S+\/)/.test(server.stdout()) || server.child.exitCode !== null,
        30_000,
        () => server.stderr(),
      );
      const origin = /listening on (http:\/\/\S+?)\/? /.exec(server.stdout())?.[1] ?? "";
      expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const code = generatedCode(0);
      const sources = async (): Promise<BenchmarkResult["sources"]> => {
        const response = await fetch(`${origin}/api/v1/benchmarks/${code}`);
        if (response.status === 404) return []; // no rates of the code yet: an unknown code
        expect(response.status).toBe(200);
        return ((await response.json()) as BenchmarkResult).sources;
      };
      expect(await sources()).toEqual([]);

      const ingest = run([
        "ingest",
        site.indexUrl,
        "--db",
        store,
        "--jobs",
        "2",
        "--synthetic",
        "--cache-dir",
        join(dir, "cache"),
      ]);
      // Between files, the running server answers with what has landed so far: the count only grows.
      const seen: number[] = [];
      let killed: number | undefined;
      // When each staging folder was first seen: a file of the payer's other ones loads in tens of
      // milliseconds, so a folder still there 300 ms later is the slow file's, mid-file for a second
      // more (killing a worker that had just published its file instead made the test flaky).
      const firstSeen = new Map<string, number>();
      while (ingest.child.exitCode === null) {
        const files = (await sources()).length;
        if (seen.at(-1) !== files) seen.push(files);
        if (killed === undefined && (site.gets.get(new URL(slow).pathname) ?? 0) > 0) {
          // The slow file is being fetched: kill the worker process loading it (its staging folder
          // exists from its scratch database until the unit is published).
          const now = performance.now();
          const loading = (await staging(store)).filter(
            (entry) => entry.pid !== ingest.child.pid && entry.pid > 0,
          );
          for (const entry of loading) {
            if (!firstSeen.has(entry.name)) firstSeen.set(entry.name, now);
          }
          const victim = loading.find((entry) => now - (firstSeen.get(entry.name) ?? now) >= 300);
          if (victim !== undefined) {
            process.kill(victim.pid, "SIGKILL");
            killed = victim.pid;
          }
        }
        await sleep(100);
      }
      expect(await ingest.exited, ingest.stderr()).toBe(0);
      expect(killed).toBeDefined();
      expect(ingest.stderr()).toMatch(
        /stopped \(SIGKILL\); nothing of it was published; loading it again in a fresh process/,
      );

      // Every distinct file (by SHA-256; the payer lists a byte-identical copy under a second URL)
      // exactly once, with the generator's counts; the in-network files all show in the API.
      const shas = [...new Set(site.manifest.files.map((file) => file.sha256))].sort();
      const reader = await Store.open(store);
      let stored: { location: string; sha256: string; rate_count: number }[];
      try {
        stored = await reader.withConnection(async (connection) =>
          (
            await connection.runAndReadAll(
              "SELECT location, sha256, rate_count::INTEGER AS rate_count FROM source_files WHERE file_kind <> 'table-of-contents'",
            )
          )
            .getRowObjects()
            .map((row) => ({
              location: String(row.location),
              sha256: String(row.sha256),
              rate_count: Number(row.rate_count),
            })),
        );
      } finally {
        reader.close();
      }
      expect(stored.map((row) => row.sha256).sort()).toEqual(shas);
      for (const row of stored) expect(row.rate_count).toBe(site.fileAt(row.location)?.rows);
      // Nothing left at all: the workers' folders went with them, the killed one's with the next load.
      expect(await readdir(join(store, "staging"))).toEqual([]);
      const units = (await readdir(join(store, "units"))).filter((name) => name !== "0-schema");
      expect(units).toHaveLength(shas.length + 1); // and the index's own unit

      // The in-network files holding rates of the code, by the generator's own count.
      const inNetwork = new Set(
        site.manifest.files
          .filter((f) => f.kind === "in-network-rates" && (f.rowsByCode[code] ?? 0) > 0)
          .map((f) => f.sha256),
      );
      expect(inNetwork.size).toBeGreaterThan(5);
      await until(
        async () => (await sources()).length === inNetwork.size,
        10_000,
        () => `API sources: ${seen.join(" → ")}`,
      );
      const final = await sources();
      expect(new Set(final.map((source) => source.sha256))).toEqual(inNetwork);
      expect(final.every((source) => source.synthetic)).toBe(true);
      // The server saw the store grow while it ran: empty first, then some files, then all of them.
      seen.push(final.length);
      expect(seen[0]).toBe(0);
      expect(seen.filter((n) => n > 0 && n < inNetwork.size).length).toBeGreaterThan(0);
      expect([...seen].sort((a, b) => a - b)).toEqual(seen);

      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
    },
  );
});
