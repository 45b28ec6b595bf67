/**
 * The ingest queue against a real redis-server on a random loopback port, with the SYNTHETIC payer
 * and `ratelens worker` child processes (the compiled CLI: `npm test` builds first), every worker of
 * a test writing into one shared store folder, as workers on several machines share one.
 */
import { until } from "../../testing/until.js";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Queue } from "bullmq";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { describeError, QueueUnavailableError } from "../../errors.js";
import { gunzipSync } from "node:zlib";
import { Store } from "../../store/store.js";
import { STREAMING_V8_FLAGS } from "../streaming-heap.js";
import { expectedCounts } from "../../testing/independent-counts.js";
import {
  startSyntheticPayer,
  type SyntheticPayer,
} from "../../testing/synthetic-payer/payer-server.js";
import { enqueueFromIndex, enqueueIndex } from "./enqueue-index.js";
import { jobIdFor, QUEUE_NAME, type FileJobData, type FileJobResult } from "./ingest-queue.js";
import { describeQueueStatus, queueStatus, type QueueStatus } from "./queue-status.js";
import { connectionOptions } from "./redis-connection.js";
import { parseRedisUrl } from "./redis-url.js";
import { freePort, startRedis, type TestRedis } from "./testing/redis-server.js";

const CLI = resolve(import.meta.dirname, "../../../dist/src/cli.js");
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

beforeAll(() => {
  if (!existsSync(resolve(import.meta.dirname, "../../../dist/src/cli/worker-command.js"))) {
    throw new Error(
      "the queue tests run `ratelens worker` from dist/: run `npm run build` first (npm test does)",
    );
  }
});

async function redis(): Promise<TestRedis> {
  const server = await startRedis();
  cleanups.push(() => server.stop());
  return server;
}

async function payer(options: Parameters<typeof startSyntheticPayer>[0]): Promise<SyntheticPayer> {
  const started = await startSyntheticPayer(options);
  cleanups.push(() => started.close());
  return started;
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "ratelens-queue-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A `ratelens worker` child process on the store folder `dir/store`; resolves once it waits for files. */
async function worker(
  queueUrl: string,
  dir: string,
  name: string,
): Promise<{ child: ChildProcess; log: () => string; exited: Promise<number | null> }> {
  const db = join(dir, "store");
  const args = [
    CLI,
    "worker",
    "--queue",
    queueUrl,
    "--db",
    db,
    "--name",
    name,
    "--cache-dir",
    join(dir, "cache"),
    "--workers",
    "0",
    "--lock-ms",
    "2000",
    "--stalled-ms",
    "500",
  ];
  // With the flags the CLI would start itself again with: this pid is the worker's own (its staging
  // folder is named by it), as under a supervisor that runs `node` with them.
  const child = spawn(process.execPath, [...STREAMING_V8_FLAGS, ...args], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let text = "";
  child.stderr.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  const exited = new Promise<number | null>((resolveExit) =>
    child.once("exit", (code) => {
      resolveExit(code);
    }),
  );
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
  });
  await until(
    () => text.includes("waiting for files") || child.exitCode !== null,
    15_000,
    () => `worker ${name} did not start: ${text}`,
  );
  if (child.exitCode !== null) throw new Error(`worker ${name} exited: ${text}`);
  return { child, log: () => text, exited };
}

/** Runs the compiled CLI to its end. */
async function cli(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const code = await new Promise<number | null>((resolveExit) => child.once("exit", resolveExit));
  return { code, stdout, stderr };
}

interface StoredFile {
  location: string;
  sha256: string;
  rate_count: number;
  item_count: number;
}

/** The files published in the shared store folder `dir/store` (none when nothing was ever published). */
async function storedFiles(dir: string): Promise<StoredFile[]> {
  if (!existsSync(join(dir, "store"))) return [];
  const store = await Store.open(join(dir, "store"));
  try {
    return await store.withConnection(async (connection) => {
      const reader = await connection.runAndReadAll(
        "SELECT location, sha256, rate_count::INTEGER AS rate_count, item_count::INTEGER AS item_count FROM source_files ORDER BY location",
      );
      return reader.getRowObjects().map((row) => ({
        location: String(row.location),
        sha256: String(row.sha256),
        rate_count: Number(row.rate_count),
        item_count: Number(row.item_count),
      }));
    });
  } finally {
    store.close();
  }
}

/** The published units of the folder (the schema unit aside) and what is left in its staging area. */
async function folderContents(dir: string): Promise<{ units: string[]; staging: string[] }> {
  const units = (await readdir(join(dir, "store", "units"))).filter((name) => name !== "0-schema");
  return { units: units.sort(), staging: await readdir(join(dir, "store", "staging")) };
}

/** The items of a served file counted by a plain JSON.parse of its body (no ingest code involved). */
async function independentItems(url: string): Promise<number> {
  const response = await fetch(url);
  const bytes = Buffer.from(await response.arrayBuffer());
  const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString(
    "utf8",
  );
  return expectedCounts(JSON.parse(text) as Record<string, unknown>).items;
}

describe("queue: Redis that cannot be reached", () => {
  it("is a QueueUnavailableError in one line, and exit 6 from the CLI", async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const error = await enqueueIndex(url, [{ url: "http://127.0.0.1:1/x.json", plans: [] }]).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(QueueUnavailableError);
    expect(describeError(error)).toMatch(
      /^cannot reach the queue's Redis at redis:\/\/127\.0\.0\.1:\d+: caused by: .*ECONNREFUSED/,
    );
    const child = spawn(process.execPath, [CLI, "queue", "status", "--queue", url], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const code = await new Promise<number | null>((resolveExit) => child.once("exit", resolveExit));
    expect(code).toBe(6);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/^ratelens: cannot reach the queue's Redis at .*ECONNREFUSED/);
  });
});

describe("queue: a synthetic index over two worker processes", () => {
  it(
    "queues each file once, loads every file exactly once, retries 503s, fails a 404 with its reason",
    { timeout: 120_000 },
    async () => {
      const server = await redis();
      const dir = await tempDir();
      const site = await payer({
        seed: 3,
        files: 10,
        medianBytes: 20_000,
        faults: ["missing", "flaky"],
        gzipContentType: "application/octet-stream",
      });
      // The enqueue as a user runs it: `ratelens ingest INDEX --queue URL`.
      const enqueued = await cli(["ingest", site.indexUrl, "--queue", server.url, "--synthetic"]);
      expect(enqueued.stderr).toBe("");
      expect(enqueued.code).toBe(0);
      const files = site.manifest.files.length;
      expect(enqueued.stdout).toBe(
        `queued ${files} of ${files} files on ${server.url} (0 already queued); start workers with: ratelens worker --queue ${server.url}\n`,
      );
      const again = await enqueueFromIndex(server.url, [site.indexUrl], {
        attempts: 3,
        backoffMs: 100,
      });
      expect(again).toEqual({
        files: site.manifest.files.length,
        queued: 0,
        retried: 0,
        alreadyQueued: site.manifest.files.length,
      });

      const workers = await Promise.all([
        worker(server.url, dir, "w1"),
        worker(server.url, dir, "w2"),
      ]);
      let status: QueueStatus | undefined;
      await until(
        async () => {
          status = await queueStatus(server.url);
          return status.completed + status.failed === site.manifest.files.length;
        },
        45_000,
        () => JSON.stringify(status),
      );
      const missing = site.fileUrls.filter((url) => site.fileAt(url)?.faultName === "missing");
      expect(status?.failed).toBe(missing.length);
      expect(status?.failures.map((failure) => failure.url).sort()).toEqual([...missing].sort());
      expect(
        status?.failures.every(
          (failure) => failure.attempts === 1 && /HTTP 404/.test(failure.reason),
        ),
      ).toBe(true);
      const text = describeQueueStatus(status ?? (await queueStatus(server.url)));
      expect(text).toContain(
        `done ${site.manifest.files.length - missing.length}, failed ${missing.length}`,
      );
      expect(text).toContain(
        `failed: ${missing[0] ?? "?"} after 1 attempt: ${missing[0] ?? "?"}: HTTP 404`,
      );
      // The flaky file failed twice with 503 and was loaded on its third attempt.
      const flaky = site.fileUrls.find((url) => site.fileAt(url)?.faultName === "flaky") ?? "";
      expect(site.gets.get(new URL(flaky).pathname)).toBe(3);

      for (const child of workers) child.child.kill("SIGTERM");
      expect(await Promise.all(workers.map((child) => child.exited))).toEqual([0, 0]);
      // The index queued again: only its failed files are queued again, with fresh attempts.
      const retry = await cli(["ingest", site.indexUrl, "--queue", server.url, "--synthetic"]);
      expect(retry.stdout).toContain(
        `queued 0 of ${files} files on ${server.url} (${files - missing.length} already queued, ${missing.length} that had failed queued again)`,
      );
      const requeued = await queueStatus(server.url);
      expect({ waiting: requeued.waiting, failed: requeued.failed }).toEqual({
        waiting: missing.length,
        failed: 0,
      });
      // One shared folder: each distinct file (by SHA-256: a byte-identical copy listed under a second
      // URL is the same file) is published exactly once, with the generator's own counts.
      const stored = await storedFiles(dir);
      const loadable = site.manifest.files.filter((file) => file.faultName !== "missing");
      const shas = [...new Set(loadable.map((file) => file.sha256))].sort();
      expect(stored.map((row) => row.sha256).sort()).toEqual(shas);
      for (const row of stored) {
        const file = site.fileAt(row.location);
        expect({ url: row.location, rows: row.rate_count }).toEqual({
          url: row.location,
          rows: file?.rows,
        });
      }
      expect((await folderContents(dir)).units).toHaveLength(shas.length);
      // Each copy that lost the race, or came second, was reported as skipped, not loaded again.
      const queue = new Queue<FileJobData, FileJobResult>(QUEUE_NAME, {
        connection: connectionOptions(parseRedisUrl(server.url)),
      });
      cleanups.push(() => queue.close());
      const results = (await queue.getCompleted(0, -1)).map((job) => job.returnvalue);
      expect(results.filter((result) => result.status === "ingested")).toHaveLength(shas.length);
      expect(results.filter((result) => result.status === "skipped")).toHaveLength(
        loadable.length - shas.length,
      );
      expect(workers.map((child) => child.log()).join("")).toMatch(/w1: waiting for files[\s\S]*/);
    },
  );
});

describe("queue: a worker killed mid-file", () => {
  it(
    "loses the file to the other worker, which publishes it once; nothing of the killed attempt is visible",
    { timeout: 120_000 },
    async () => {
      const server = await redis();
      const dir = await tempDir();
      const site = await payer({
        seed: 5,
        files: 20,
        medianBytes: 150_000,
        faults: ["slow"],
        slow: { firstByteDelayMs: 0, bytesPerSecond: 15_000 },
        gzipContentType: "application/octet-stream",
      });
      const slow = site.fileUrls.find((url) => site.fileAt(url)?.faultName === "slow") ?? "";
      const file = site.fileAt(slow);
      expect(file?.bytes ?? 0).toBeGreaterThan(45_000); // at 15 kB/s: 3 s or more to download

      // Two workers on one store folder, both waiting before the slow file is queued: the one that
      // takes it is killed mid-file, the other loads it again (and has other files meanwhile).
      const first = await worker(server.url, dir, "w1");
      const second = await worker(server.url, dir, "w2");
      await enqueueIndex(server.url, [{ url: slow, plans: [] }], { attempts: 2, backoffMs: 100 });
      await until(
        () => first.log().includes(`loading ${slow}`) || second.log().includes(`loading ${slow}`),
        20_000,
        () => first.log() + second.log(),
      );
      const [doomed, rescuer, rescuerName] = first.log().includes(`loading ${slow}`)
        ? [first, second, "w2"]
        : [second, first, "w1"];
      const others = site.fileUrls
        .filter((url) => url !== slow && site.fileAt(url)?.duplicateOf === undefined)
        .filter((url) => !site.manifest.files.some((f) => f.duplicateOf === site.fileAt(url)?.name))
        .slice(0, 3);
      await enqueueIndex(
        server.url,
        others.map((url) => ({ url, plans: [] })),
        { attempts: 2, backoffMs: 100 },
      );
      // Mid-file: the slow file's download has begun and the doomed worker's scratch database is in
      // the staging area (waited for, not slept: a loaded machine may take seconds to get there).
      await until(
        async () =>
          (site.gets.get(new URL(slow).pathname) ?? 0) > 0 &&
          (await folderContents(dir)).staging.some((name) =>
            name.includes(`-${doomed.child.pid ?? 0}-`),
          ),
        20_000,
        () => doomed.log(),
      );
      await sleep(300);
      expect(doomed.log()).not.toMatch(/ingested|skipped/);
      doomed.child.kill("SIGKILL");
      await doomed.exited;

      const queue = new Queue<FileJobData, FileJobResult>(QUEUE_NAME, {
        connection: connectionOptions(parseRedisUrl(server.url)),
      });
      cleanups.push(() => queue.close());
      await until(
        async () =>
          (
            await Promise.all([slow, ...others].map((url) => queue.getJobState(jobIdFor(url))))
          ).every((state) => state === "completed"),
        30_000,
        () => rescuer.log(),
      );
      const job = await queue.getJob(jobIdFor(slow));
      expect(job?.returnvalue.worker).toBe(rescuerName);
      expect(job?.returnvalue.status).toBe("ingested");
      expect(job?.returnvalue.rows).toBe(file?.rows);
      expect(site.gets.get(new URL(slow).pathname)).toBe(2);
      expect(rescuer.log()).toContain("recovered from a stopped worker");

      rescuer.child.kill("SIGTERM");
      expect(await rescuer.exited).toBe(0);
      // Each file exactly once, with the generator's rate count and an item count from JSON.parse.
      const stored = await storedFiles(dir);
      const expected = await Promise.all(
        [slow, ...others].sort().map(async (url) => ({
          location: url,
          sha256: site.fileAt(url)?.sha256,
          rate_count: site.fileAt(url)?.rows,
          item_count: await independentItems(url),
        })),
      );
      expect(stored).toEqual(expected);
      // The killed attempt's staging folder was removed by the rescuer's next load; one unit per file.
      const contents = await folderContents(dir);
      expect(contents.units).toEqual(expected.map((row) => row.sha256).sort());
      expect(contents.staging).toEqual([]);
    },
  );
});

describe("queue: stopping a worker", () => {
  it("finishes the current file on SIGTERM; on a second signal puts it back in the queue and exits 130", async () => {
    const server = await redis();
    const dir = await tempDir();
    const site = await payer({
      seed: 5,
      files: 20,
      medianBytes: 150_000,
      faults: ["slow"],
      slow: { firstByteDelayMs: 0, bytesPerSecond: 30_000 },
      gzipContentType: "application/octet-stream",
    });
    const slow = site.fileUrls.find((url) => site.fileAt(url)?.faultName === "slow") ?? "";
    // The same bytes under a second URL (the server ignores the query): a second, distinct job.
    const other = `${slow}?mirror=2`;
    await enqueueIndex(server.url, [{ url: slow, plans: [] }], { attempts: 2, backoffMs: 100 });
    const queue = new Queue<FileJobData, FileJobResult>(QUEUE_NAME, {
      connection: connectionOptions(parseRedisUrl(server.url)),
    });
    cleanups.push(() => queue.close());

    const polite = await worker(server.url, dir, "polite");
    await until(
      () => polite.log().includes(`loading ${slow}`),
      10_000,
      () => polite.log(),
    );
    polite.child.kill("SIGTERM");
    // Started meanwhile, with nothing to take: the only job is the one polite is finishing.
    const hasty = await worker(server.url, dir, "hasty");
    expect(await polite.exited).toBe(0);
    expect(await queue.getJobState(jobIdFor(slow))).toBe("completed");
    expect(polite.log()).not.toContain("released");
    const loaded = [
      {
        location: slow,
        sha256: site.fileAt(slow)?.sha256,
        rate_count: site.fileAt(slow)?.rows,
        item_count: site.fileAt(slow)?.items,
      },
    ];
    expect(await storedFiles(dir)).toEqual(loaded);

    await enqueueIndex(server.url, [{ url: other, plans: [] }], { attempts: 2, backoffMs: 100 });
    await until(
      () => hasty.log().includes(`loading ${other}`),
      10_000,
      () => hasty.log(),
    );
    hasty.child.kill("SIGTERM");
    await until(
      () => hasty.log().includes("finishing the current file"),
      5_000,
      () => hasty.log(),
    );
    hasty.child.kill("SIGTERM");
    expect(await hasty.exited).toBe(130);
    expect(hasty.log()).toContain(`released ${other} back to the queue`);
    expect(await queue.getJobState(jobIdFor(other))).toBe("waiting");
    // The released load was abandoned before its publish: the store holds the first file only.
    expect(await storedFiles(dir)).toEqual(loaded);
    expect((await folderContents(dir)).units).toHaveLength(1);
  });
});
