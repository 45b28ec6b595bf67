import { hostname } from "node:os";
import { UnrecoverableError, Worker, type Job } from "bullmq";
import {
  DataMissingError,
  describeError,
  InputError,
  NotFoundError,
  UpstreamError,
  UsageError,
} from "../../errors.js";
import { QUEUE_NAME, type FileJobData, type FileJobResult } from "./ingest-queue.js";
import { connectionOptions, reachRedis } from "./redis-connection.js";

/** What a file's processing gets besides the job: its worker's name, a cancel signal, the attempt. */
export interface ProcessContext {
  readonly worker: string;
  readonly attempt: number;
  /** Aborted when the worker is asked to give the file up. */
  readonly signal: AbortSignal;
}

/** Loads one file; throws to fail the attempt (retried unless `isPermanentFailure` says otherwise). */
export type ProcessFile = (data: FileJobData, context: ProcessContext) => Promise<FileJobResult>;

/** Worker settings. The lock and stall defaults suit files that take minutes; tests shorten them. */
export interface RunWorkerOptions {
  /** Shown in `queue status` and logs (default host:pid). */
  readonly name?: string;
  /**
   * A job's lock, renewed every half of it while the file loads (default 30 s). A worker that dies
   * stops renewing: after this long its file is free to be taken again.
   */
  readonly lockDurationMs?: number;
  /** How often each worker looks for files whose lock expired (default 15 s). */
  readonly stalledIntervalMs?: number;
  /** Times a file may be recovered from a dead worker before it is failed (default 2). */
  readonly maxStalledCount?: number;
  readonly queueName?: string;
  /** Quiet log lines (default: none). */
  readonly log?: (line: string) => void;
  readonly isPermanentFailure?: (error: unknown) => boolean;
}

/** A running worker. */
export interface RunningWorker {
  readonly name: string;
  /**
   * Stops taking files. "finish" waits for the current file and resolves once stopped; "release"
   * puts the current file back in the queue now and resolves at once: the caller then exits the
   * process, abandoning the load before it commits.
   */
  stop(mode: "finish" | "release"): Promise<void>;
  /** Settles once the worker has stopped. */
  readonly stopped: Promise<void>;
}

/**
 * A failure that retrying will not mend: a malformed file, a bad argument, a missing code, or an
 * HTTP 4xx other than 408/429 (a 404 stays a 404).
 */
export function isPermanentFailure(error: unknown): boolean {
  if (
    error instanceof InputError ||
    error instanceof UsageError ||
    error instanceof NotFoundError ||
    error instanceof DataMissingError
  ) {
    return true;
  }
  if (error instanceof UpstreamError) {
    const status = /\bHTTP (4\d\d)\b/.exec(error.message)?.[1];
    return status !== undefined && status !== "408" && status !== "429";
  }
  return false;
}

/**
 * Takes files from the queue one at a time and loads each with `processFile` (injected: today the
 * single-file ingest into a store, later the per-file unit ingest). Retries with backoff come from
 * the job's options; a worker killed mid-file stops renewing its lock, and another worker's
 * stalled check puts the file back in the queue. Throws `QueueUnavailableError` if Redis cannot be
 * reached at start; afterwards ioredis reconnects by itself and the outage is logged.
 */
export async function runWorker(
  queueUrl: string,
  processFile: ProcessFile,
  options: RunWorkerOptions = {},
): Promise<RunningWorker> {
  const address = await reachRedis(queueUrl);
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const log = options.log ?? (() => undefined);
  const permanent = options.isPermanentFailure ?? isPermanentFailure;
  const active = new Map<string, { job: Job<FileJobData, FileJobResult>; token: string }>();
  const worker = new Worker<FileJobData, FileJobResult>(
    options.queueName ?? QUEUE_NAME,
    async (job, token, signal) => {
      const id = job.id ?? "";
      if (token !== undefined) active.set(id, { job, token });
      const attempt = job.attemptsMade + 1;
      log(
        `${name}: loading ${job.data.url} (attempt ${attempt}${job.stalledCounter > 0 ? `, recovered from a stopped worker` : ""})`,
      );
      try {
        return await processFile(job.data, {
          worker: name,
          attempt,
          signal: signal ?? new AbortController().signal,
        });
      } catch (error) {
        const reason = describeError(error).split("\n")[0] ?? "failed";
        // BullMQ stores the message as the failure reason: one line, no stack.
        if (permanent(error)) throw new UnrecoverableError(reason);
        throw new Error(reason);
      } finally {
        active.delete(id);
      }
    },
    {
      connection: connectionOptions(address),
      name,
      concurrency: 1,
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: options.stalledIntervalMs ?? 15_000,
      maxStalledCount: options.maxStalledCount ?? 2,
      autorun: false,
    },
  );
  worker.on("completed", (job, result) => {
    log(
      `${name}: ${result.status} ${job.data.url}: ${result.rows.toLocaleString("en-US")} rows, ${result.seconds.toFixed(1)} s`,
    );
  });
  worker.on("failed", (job, error) => {
    if (job === undefined) return;
    const retry =
      job.attemptsMade < (job.opts.attempts ?? 1) && !(error instanceof UnrecoverableError);
    log(
      `${name}: failed ${job.data.url} (attempt ${job.attemptsMade}): ${error.message}${retry ? "; will retry" : ""}`,
    );
  });
  let lastError = 0;
  worker.on("error", (error) => {
    // Redis outages repeat every reconnect: one line every 10 s at most.
    if (Date.now() - lastError < 10_000) return;
    lastError = Date.now();
    log(`${name}: queue error (retrying): ${describeError(error)}`);
  });
  const running = worker.run();
  await worker.waitUntilReady();
  log(`${name}: waiting for files on ${address.display}`);
  const stopped = running.then(
    () => undefined,
    (error: unknown) => {
      log(`${name}: stopped: ${describeError(error)}`);
    },
  );
  return {
    name,
    stopped,
    async stop(mode) {
      if (mode === "release") {
        // Back to the queue now, instead of after the lock expires; the attempt is not counted.
        for (const { job, token } of active.values()) {
          try {
            await job.moveToWait(token);
            log(`${name}: released ${job.data.url} back to the queue`);
          } catch (error) {
            log(
              `${name}: could not release ${job.data.url} (${describeError(error)}); it returns to the queue when its lock expires`,
            );
          }
        }
        worker.cancelAllJobs("released");
        // Not awaited: the released file's load may still be running; the caller ends the process
        // before it can commit (a load commits once, at its end).
        worker.close(true).catch(() => undefined);
        return;
      }
      await worker.close();
      await stopped;
    },
  };
}
