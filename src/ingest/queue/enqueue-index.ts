import type { PlanInfo } from "../ingest-types.js";
import { listIndexFiles, type IndexReadOptions, type ListedFile } from "./index-files.js";
import { jobIdFor, openQueue, QUEUE_NAME, type FileJobData } from "./ingest-queue.js";
import { reachRedis } from "./redis-connection.js";

/** How queued files are retried when a worker fails on them (network, 5xx; not bad files). */
export interface EnqueueOptions {
  /** Tries per file, the first included (default 3). */
  readonly attempts?: number;
  /** First retry delay, doubled each time (default 10 s). */
  readonly backoffMs?: number;
  readonly queueName?: string;
}

/** What an enqueue did. */
export interface EnqueueSummary {
  /** Distinct files (by URL) in what was given. */
  readonly files: number;
  /** Newly queued. */
  readonly queued: number;
  /** Failed before (every attempt used): queued again, with fresh attempts. */
  readonly retried: number;
  /** Already in the queue (waiting, running or done): not queued again. */
  readonly alreadyQueued: number;
}

/**
 * Queues one job per distinct file (by URL; the plans of repeated listings are merged). The job id
 * is derived from the URL, so a file already in the queue (waiting, running or done) is not queued
 * again; one that failed is, with fresh attempts: an index queued again retries its failures.
 * Throws `QueueUnavailableError` when Redis cannot be reached, `UsageError` for a bad URL.
 */
export async function enqueueIndex(
  queueUrl: string,
  jobs: Iterable<FileJobData> | AsyncIterable<FileJobData>,
  options: EnqueueOptions = {},
): Promise<EnqueueSummary> {
  const address = await reachRedis(queueUrl);
  const byUrl = new Map<string, FileJobData>();
  for await (const job of jobs) {
    const seen = byUrl.get(job.url);
    byUrl.set(
      job.url,
      seen === undefined ? job : { ...seen, plans: mergePlans(seen.plans, job.plans) },
    );
  }
  const queue = openQueue(address, options.queueName ?? QUEUE_NAME);
  let queued = 0;
  let retried = 0;
  try {
    const all = [...byUrl.values()];
    for (let start = 0; start < all.length; start += 500) {
      const batch = all.slice(start, start + 500);
      // Counting only: the job id alone is what keeps a second add from queueing the file again.
      const states = await Promise.all(batch.map((job) => queue.getJobState(jobIdFor(job.url))));
      const fresh = batch.filter((_, index) => states[index] === "unknown");
      await queue.addBulk(
        fresh.map((job) => ({
          name: "file",
          data: job,
          opts: {
            jobId: jobIdFor(job.url),
            attempts: options.attempts ?? 3,
            backoff: { type: "exponential", delay: options.backoffMs ?? 10_000 },
          },
        })),
      );
      queued += fresh.length;
      for (const [index, job] of batch.entries()) {
        if (states[index] !== "failed") continue;
        await (
          await queue.getJob(jobIdFor(job.url))
        )?.retry("failed", {
          resetAttemptsMade: true,
          resetAttemptsStarted: true,
        });
        retried++;
      }
    }
  } finally {
    await queue.close();
  }
  return { files: byUrl.size, queued, retried, alreadyQueued: byUrl.size - queued - retried };
}

/** Options of `enqueueFromIndex`: the filters the workers apply, how indexes are read, retries. */
export interface EnqueueFromIndexOptions extends EnqueueOptions, IndexReadOptions {
  readonly codes?: readonly string[];
  readonly npis?: readonly number[];
  readonly synthetic?: boolean;
}

/**
 * `ratelens ingest INDEX... --queue redis://HOST:PORT`: reads each index (streamed) and queues one
 * job per distinct file it lists; an input that is not an index is queued as a file itself. The
 * filters travel with each job, so every worker applies the enqueuer's `--codes` / `--npis`.
 */
export async function enqueueFromIndex(
  queueUrl: string,
  locations: readonly string[],
  options: EnqueueFromIndexOptions = {},
): Promise<EnqueueSummary> {
  await reachRedis(queueUrl);
  // Merged as they come: an index lists a file once per plan structure, a big one thousands of times.
  const jobs = new Map<string, FileJobData>();
  const filters = {
    ...(options.codes === undefined || options.codes.length === 0 ? {} : { codes: options.codes }),
    ...(options.npis === undefined || options.npis.length === 0 ? {} : { npis: options.npis }),
    ...(options.synthetic === true ? { synthetic: true } : {}),
  };
  for (const location of locations) {
    await listIndexFiles(
      location,
      (files: ListedFile[]) => {
        for (const file of files) {
          const seen = jobs.get(file.url);
          jobs.set(
            file.url,
            seen === undefined
              ? { ...file, ...filters }
              : { ...seen, plans: mergePlans(seen.plans, file.plans) },
          );
        }
      },
      options,
    );
  }
  return enqueueIndex(queueUrl, jobs.values(), options);
}

/** One line for the user. */
export function describeEnqueue(summary: EnqueueSummary, queueDisplay: string): string {
  const retried = summary.retried === 0 ? "" : `, ${summary.retried} that had failed queued again`;
  return `queued ${summary.queued} of ${summary.files} files on ${queueDisplay} (${summary.alreadyQueued} already queued${retried}); start workers with: ratelens worker --queue ${queueDisplay}`;
}

function mergePlans(a: readonly PlanInfo[], b: readonly PlanInfo[]): PlanInfo[] {
  const seen = new Set(a.map((plan) => JSON.stringify(plan)));
  return [...a, ...b.filter((plan) => !seen.has(JSON.stringify(plan)))];
}
