import { jobIdFor, openQueue, QUEUE_NAME } from "./ingest-queue.js";
import { reachRedis } from "./redis-connection.js";

/** A file that failed for good, and why. */
export interface FailedFile {
  readonly url: string;
  readonly reason: string;
  readonly attempts: number;
}

/** A file being loaded, and by whom. */
export interface ActiveFile {
  readonly url: string;
  readonly worker: string | undefined;
  readonly startedAt: string | undefined;
}

/** The queue at a glance. */
export interface QueueStatus {
  readonly queue: string;
  readonly waiting: number;
  readonly active: number;
  /** Waiting for a retry (backoff). */
  readonly delayed: number;
  readonly completed: number;
  readonly failed: number;
  /** The first `limit` failures, with their reasons. */
  readonly failures: readonly FailedFile[];
  readonly running: readonly ActiveFile[];
}

/** Counts per state and the failures' reasons. Throws `QueueUnavailableError` if Redis cannot be reached. */
export async function queueStatus(
  queueUrl: string,
  options: { limit?: number; queueName?: string } = {},
): Promise<QueueStatus> {
  const address = await reachRedis(queueUrl);
  const queue = openQueue(address, options.queueName ?? QUEUE_NAME);
  const limit = options.limit ?? 20;
  try {
    const counts = await queue.getJobCounts(
      "waiting",
      "active",
      "delayed",
      "completed",
      "failed",
      "prioritized",
    );
    const failed = await queue.getFailed(0, limit - 1);
    const active = await queue.getActive(0, limit - 1);
    return {
      queue: `${address.display} (${queue.name})`,
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      completed: counts.completed ?? 0,
      failed: counts.failed ?? 0,
      failures: failed.map((job) => ({
        url: job.data.url,
        reason: job.failedReason,
        attempts: job.attemptsMade,
      })),
      running: active.map((job) => ({
        url: job.data.url,
        worker: job.processedBy,
        startedAt:
          job.processedOn === undefined ? undefined : new Date(job.processedOn).toISOString(),
      })),
    };
  } finally {
    await queue.close();
  }
}

/** The state of one file's job ("unknown" when it was never queued). */
export async function fileJobState(
  queueUrl: string,
  url: string,
  queueName = QUEUE_NAME,
): Promise<string> {
  const queue = openQueue(await reachRedis(queueUrl), queueName);
  try {
    return await queue.getJobState(jobIdFor(url));
  } finally {
    await queue.close();
  }
}

/** The status as lines for a terminal. */
export function describeQueueStatus(status: QueueStatus): string {
  const lines = [
    `queue ${status.queue}`,
    `  waiting ${status.waiting}, running ${status.active}, retrying later ${status.delayed}, done ${status.completed}, failed ${status.failed}`,
  ];
  for (const file of status.running) {
    lines.push(
      `  running: ${file.url}${file.worker === undefined ? "" : ` on ${file.worker}`}${file.startedAt === undefined ? "" : ` since ${file.startedAt}`}`,
    );
  }
  for (const file of status.failures) {
    lines.push(
      `  failed: ${file.url} after ${file.attempts} attempt${file.attempts === 1 ? "" : "s"}: ${file.reason}`,
    );
  }
  if (status.failed > status.failures.length) {
    lines.push(`  … and ${status.failed - status.failures.length} more failures`);
  }
  return `${lines.join("\n")}\n`;
}
