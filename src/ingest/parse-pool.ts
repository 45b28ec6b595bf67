import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { FileDictionaries } from "../normalize/tic/in-network-item.js";
import {
  newFileDictionaries,
  normalizeBatch,
  type BatchResult,
  type ItemBatch,
} from "../normalize/tic/normalize-batch.js";

/** Where the compiled worker lives next to this module (only under `dist/`). */
function defaultWorkerPath(): string | undefined {
  const path = fileURLToPath(new URL("./parse-worker.js", import.meta.url));
  return existsSync(path) ? path : undefined;
}

interface Pending {
  resolve(result: BatchResult): void;
  reject(error: unknown): void;
}

/**
 * Parses item batches: in 1-2 worker threads when `workers > 0` and the compiled worker exists
 * (`JSON.parse` is the bottleneck of an unfiltered ingest: a second core gives ~1.5-1.8x), otherwise
 * inline on the calling thread (narrow filters, tests). Batches are transferred, not copied.
 */
export class ParsePool {
  private readonly workers: Worker[] = [];
  private readonly queues: Pending[][] = [];
  private next = 0;
  private failure: unknown;
  /** The dictionaries when parsing inline. */
  private readonly dictionaries: FileDictionaries = newFileDictionaries();

  private constructor(private readonly npis: ReadonlySet<number> | undefined) {}

  /** Starts `workers` threads (0 = inline). `workerPath` defaults to the compiled worker, if present. */
  static create(
    workers: number,
    npis: ReadonlySet<number> | undefined,
    workerPath = defaultWorkerPath(),
  ): ParsePool {
    const pool = new ParsePool(npis);
    if (workers > 0 && workerPath !== undefined) {
      for (let w = 0; w < workers; w++) pool.startWorker(workerPath, w, workers);
    }
    return pool;
  }

  /** Number of worker threads (0 when parsing inline). */
  get size(): number {
    return this.workers.length;
  }

  private startWorker(path: string, index: number, count: number): void {
    // A small young generation: batches are short-lived, and peak RSS must stay low (< 600 MB).
    const worker = new Worker(path, {
      workerData: { npis: this.npis === undefined ? null : [...this.npis], index, count },
      resourceLimits: { maxYoungGenerationSizeMb: 16 },
    });
    const queue: Pending[] = [];
    worker.on("message", (message: { result?: BatchResult; crash?: string }) => {
      const pending = queue.shift();
      if (pending === undefined) return;
      if (message.result !== undefined) pending.resolve(message.result);
      else pending.reject(new Error(`parse worker failed: ${message.crash ?? "unknown error"}`));
    });
    worker.on("error", (error) => {
      this.failure = error;
      for (const pending of queue.splice(0)) pending.reject(error);
    });
    this.workers.push(worker);
    this.queues.push(queue);
  }

  /** Parses one batch. The batch's buffers are transferred to the worker (unusable afterwards). */
  run(batch: ItemBatch): Promise<BatchResult> {
    if (this.failure !== undefined) {
      return Promise.reject(
        this.failure instanceof Error ? this.failure : new Error("parse worker failed"),
      );
    }
    if (this.workers.length === 0) {
      try {
        return Promise.resolve(normalizeBatch(batch, this.npis, this.dictionaries));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
    // Least-loaded worker; ties go round-robin.
    let chosen = this.next % this.workers.length;
    for (let w = 0; w < this.workers.length; w++) {
      if (this.queues[w]!.length < this.queues[chosen]!.length) chosen = w;
    }
    this.next++;
    const worker = this.workers[chosen]!;
    const queue = this.queues[chosen]!;
    return new Promise<BatchResult>((resolve, reject) => {
      queue.push({ resolve, reject });
      const transfer = [
        batch.bytes.buffer,
        batch.ends.buffer,
        batch.itemIndexes.buffer,
        batch.fileOffsets.buffer,
      ].filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer);
      worker.postMessage(batch, transfer);
    });
  }

  /** Stops the threads. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.workers.length = 0;
  }
}
