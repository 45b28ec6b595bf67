/**
 * The ingest queue on Redis (BullMQ): one job per file to load, its id derived from the file's URL
 * so a file is queued once however many indexes or runs list it.
 */
import { createHash } from "node:crypto";
import { Queue } from "bullmq";
import type { PlanInfo } from "../ingest-types.js";
import { connectionOptions } from "./redis-connection.js";
import type { RedisAddress } from "./redis-url.js";

/** The BullMQ queue every `ratelens ingest --queue` and `ratelens worker` shares. */
export const QUEUE_NAME = "ratelens-ingest";

/** What a worker needs to load one file: where it is, the plans listing it, the filters. */
export interface FileJobData {
  readonly url: string;
  /** Every plan that lists the file (merged over the index's structures). */
  readonly plans: readonly PlanInfo[];
  /** The index that listed it (absent for a file named directly). */
  readonly index?: string;
  /** The index's file id in the store folder, when the enqueuer recorded the index there. */
  readonly parentFileId?: number;
  readonly codes?: readonly string[];
  readonly npis?: readonly number[];
  readonly synthetic?: boolean;
}

/** What a worker reports for a file it finished (the job's return value). */
export interface FileJobResult {
  readonly url: string;
  readonly status: "ingested" | "skipped";
  readonly fileId?: number;
  readonly rows: number;
  readonly uncompressedBytes: number;
  readonly seconds: number;
  readonly worker: string;
  readonly note?: string;
}

/** The job id of a file: a hash of its URL (BullMQ ids may not contain ':'; URLs do). */
export function jobIdFor(url: string): string {
  return `file-${createHash("sha256").update(url).digest("hex").slice(0, 40)}`;
}

/** Opens the queue (the caller closes it). */
export function openQueue(
  address: RedisAddress,
  name = QUEUE_NAME,
): Queue<FileJobData, FileJobResult> {
  return new Queue<FileJobData, FileJobResult>(name, { connection: connectionOptions(address) });
}
