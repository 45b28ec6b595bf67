/**
 * The queue run of `bench:index`: a throwaway redis-server, N `ratelens worker` processes on one
 * shared store folder, the synthetic payer's index enqueued once the workers wait, timed until every
 * file is done or failed. CPU seconds: the enqueuer and the workers (start to stop).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { enqueueFromIndex } from "../src/ingest/queue/enqueue-index.js";
import { openQueue } from "../src/ingest/queue/ingest-queue.js";
import { queueStatus } from "../src/ingest/queue/queue-status.js";
import { parseRedisUrl } from "../src/ingest/queue/redis-url.js";
import { startRedis } from "../src/ingest/queue/testing/redis-server.js";
import type { SyntheticPayer } from "../src/testing/synthetic-payer/payer-server.js";
import { processTreeCpuSeconds } from "./process-tree-cpu.js";

const CLI = fileURLToPath(new URL("../src/cli.js", import.meta.url));

/** One table row: files, uncompressed MB, aggregate MB/s, wall time, outcomes. */
export async function queueRun(
  payer: SyntheticPayer,
  workerCount: number,
  codes: readonly string[] | undefined,
  scratch: string[],
): Promise<string> {
  payer.resetAttempts();
  let redis;
  try {
    redis = await startRedis();
  } catch (error) {
    return `| queue, ${workerCount} worker processes | skipped: ${error instanceof Error ? error.message : String(error)} |||||||`;
  }
  const dir = await mkdtemp(join(tmpdir(), "ratelens-bench-queue-"));
  scratch.push(dir); // removed when the benchmark ends (`index-bench.ts`)
  const cpuBefore = processTreeCpuSeconds();
  const load = loadavg()[0] ?? 0;
  let line = "";
  const children: ChildProcess[] = [];
  try {
    for (let n = 0; n < workerCount; n++) {
      const args = [
        CLI,
        "worker",
        "--queue",
        redis.url,
        "--db",
        join(dir, "store"),
        "--cache-dir",
        join(dir, "cache"),
        "--name",
        `bench-${n}`,
      ];
      children.push(spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] }));
    }
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve, reject) => {
            let text = "";
            child.stderr?.on("data", (chunk: Buffer) => {
              text += chunk.toString("utf8");
              if (text.includes("waiting for files")) resolve();
            });
            child.once("exit", (code) => {
              reject(new Error(`worker exited ${code}: ${text}`));
            });
          }),
      ),
    );
    const started = performance.now();
    const enqueued = await enqueueFromIndex(redis.url, [payer.indexUrl], {
      synthetic: true,
      attempts: 3,
      backoffMs: 200,
      ...(codes === undefined ? {} : { codes }),
    });
    for (;;) {
      const status = await queueStatus(redis.url);
      if (status.completed + status.failed >= enqueued.files) break;
      await sleep(100);
    }
    const seconds = (performance.now() - started) / 1000;
    const queue = openQueue(parseRedisUrl(redis.url));
    let bytes = 0;
    let completed = 0;
    let failed = 0;
    const reasons = new Map<string, number>();
    try {
      for (const job of await queue.getCompleted(0, -1)) {
        bytes += job.returnvalue.uncompressedBytes;
        completed++;
      }
      for (const job of await queue.getFailed(0, -1)) {
        failed++;
        // Reasons without the file's location, so like failures group.
        const reason = job.failedReason
          .replace(job.data.url, "")
          .replace(/^[:\s]+/, "")
          .slice(0, 60);
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
    } finally {
      await queue.close();
    }
    const label = `queue, ${workerCount} worker processes${codes === undefined ? "" : ` (${codes.length} codes kept)`}`;
    line = `| ${label} | ${enqueued.files} | ${(bytes / 1e6).toFixed(1)} MB uncompressed | ${(bytes / 1e6 / seconds).toFixed(1)} MB/s | ${seconds.toFixed(1)} s | CPU | ${load.toFixed(1)} | ${completed} done, ${failed} failed (${[...reasons].map(([reason, n]) => `${n}: ${reason}`).join("; ")}) |`;
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
    await Promise.all(
      children.map((child) =>
        child.exitCode === null
          ? new Promise((resolve) => child.once("exit", resolve))
          : Promise.resolve(),
      ),
    );
    await redis.stop();
  }
  // The workers have exited: their CPU is counted with this process's children now.
  return line.replace("| CPU |", `| ${(processTreeCpuSeconds() - cpuBefore).toFixed(1)} |`);
}
