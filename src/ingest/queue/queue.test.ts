/**
 * The ingest queue against a real redis-server on a random loopback port, with the SYNTHETIC payer
 * and `ratelens worker` child processes (the compiled CLI: `npm test` builds first). Until the store
 * is made of per-file units, each worker has its own DuckDB store and the checks run on their union.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Queue } from "bullmq";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { describeError, QueueUnavailableError } from "../../errors.js";
import { Store } from "../../store/store.js";
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

/** A `ratelens worker` child process with its own store; resolves once it waits for files. */
async function worker(
  queueUrl: string,
  dir: string,
  name: string,
): Promise<{ child: ChildProcess; db: string; log: () => string; exited: Promise<number | null> }> {
  const db = join(dir, `${name}.duckdb`);
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
  const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
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
  return { child, db, log: () => text, exited };
}

async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`);
    await sleep(50);
  }
}

async function storedFiles(db: string): Promise<{ location: string; rate_count: number }[]> {
  const store = await Store.open(db);
  try {
    return await store.withConnection(async (connection) => {
      const reader = await connection.runAndReadAll(
        "SELECT location, rate_count::INTEGER AS rate_count FROM source_files",
      );
      return reader
        .getRowObjects()
        .map((row) => ({ location: String(row.location), rate_count: Number(row.rate_count) }));
    });
  } finally {
    store.close();
  }
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
  it("queues each file once, loads every file exactly once, retries 503s, fails a 404 with its reason", async () => {
    const server = await redis();
    const dir = await tempDir();
    const site = await payer({
      seed: 3,
      files: 10,
      medianBytes: 20_000,
      faults: ["missing", "flaky"],
      gzipContentType: "application/octet-stream",
    });
    const first = await enqueueFromIndex(server.url, [site.indexUrl], {
      attempts: 3,
      backoffMs: 100,
      synthetic: true,
    });
    expect(first).toEqual({
      files: site.manifest.files.length,
      queued: site.manifest.files.length,
      alreadyQueued: 0,
    });
    const again = await enqueueFromIndex(server.url, [site.indexUrl], {
      attempts: 3,
      backoffMs: 100,
    });
    expect(again).toEqual({
      files: site.manifest.files.length,
      queued: 0,
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
      20_000,
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
    const stored = [...(await storedFiles(workers[0].db)), ...(await storedFiles(workers[1].db))];
    const byLocation = new Map<string, number>();
    for (const row of stored) byLocation.set(row.location, (byLocation.get(row.location) ?? 0) + 1);
    for (const url of site.fileUrls) {
      const file = site.fileAt(url);
      if (file?.faultName === "missing") {
        expect(byLocation.has(url)).toBe(false);
        continue;
      }
      const twin = site.manifest.files.find(
        (other) =>
          other.name !== file?.name &&
          (other.duplicateOf === file?.name || file?.duplicateOf === other.name),
      );
      // A byte-identical copy loaded by the same worker is skipped by its hash: one of the pair is stored there.
      const twinUrl = twin === undefined ? undefined : `${site.origin}/files/${twin.name}`;
      const copies =
        (byLocation.get(url) ?? 0) +
        (twinUrl !== undefined && byLocation.get(url) === undefined
          ? (byLocation.get(twinUrl) ?? 0)
          : 0);
      expect({ url, copies }).toEqual({ url, copies: 1 });
      const row = stored.find((candidate) => candidate.location === url);
      if (row !== undefined) {
        expect({ url, rows: row.rate_count }).toEqual({ url, rows: file?.rows });
      }
    }
    expect(workers.map((child) => child.log()).join("")).toMatch(/w1: waiting for files[\s\S]*/);
  });
});

describe("queue: a worker killed mid-file", () => {
  it("loses the file to another worker, which loads it once; nothing of the killed attempt is stored", async () => {
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
    const file = site.fileAt(slow);
    expect(file?.bytes ?? 0).toBeGreaterThan(45_000); // at 30 kB/s: well over a second to download
    await enqueueIndex(server.url, [{ url: slow, plans: [] }], { attempts: 2, backoffMs: 100 });

    const doomed = await worker(server.url, dir, "doomed");
    await until(
      () => doomed.log().includes(`loading ${slow}`),
      10_000,
      () => doomed.log(),
    );
    await sleep(700);
    expect(doomed.log()).not.toMatch(/ingested|skipped/);
    doomed.child.kill("SIGKILL");
    await doomed.exited;
    const rescuer = await worker(server.url, dir, "rescuer");

    const queue = new Queue<FileJobData, FileJobResult>(QUEUE_NAME, {
      connection: connectionOptions(parseRedisUrl(server.url)),
    });
    cleanups.push(() => queue.close());
    await until(
      async () => (await queue.getJobState(jobIdFor(slow))) === "completed",
      20_000,
      () => rescuer.log(),
    );
    const job = await queue.getJob(jobIdFor(slow));
    expect(job?.returnvalue.worker).toBe("rescuer");
    expect(job?.returnvalue.rows).toBe(file?.rows);
    expect(site.gets.get(new URL(slow).pathname)).toBe(2);
    expect(rescuer.log()).toContain("recovered from a stopped worker");

    rescuer.child.kill("SIGTERM");
    expect(await rescuer.exited).toBe(0);
    expect(await storedFiles(doomed.db)).toEqual([]);
    expect(await storedFiles(rescuer.db)).toEqual([{ location: slow, rate_count: file?.rows }]);
  });
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
    expect(await storedFiles(polite.db)).toEqual([
      { location: slow, rate_count: site.fileAt(slow)?.rows },
    ]);

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
    expect(await storedFiles(hasty.db)).toEqual([]);
  });
});
