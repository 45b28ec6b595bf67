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
import {
  resolveReferenceBatch,
  type ReferenceBatch,
  type ReferenceResult,
} from "../normalize/tic/reference-batch.js";

/** Where the compiled worker lives next to this module (only under `dist/`). */
function defaultWorkerPath(): string | undefined {
  const path = fileURLToPath(new URL("./parse-worker.js", import.meta.url));
  return existsSync(path) ? path : undefined;
}

/**
 * What the pool posts to a worker: a batch of items, a batch of root references to resolve, or the
 * start of a file (its NPI filter, fresh dictionaries).
 */
export type ToParseWorker =
  | ItemBatch
  | { readonly references: ReferenceBatch }
  | { readonly reset: { readonly npis: number[] | null } };

/** Pools between two files, by thread count and worker path: at most one kept per kind. */
const idlePools = new Map<string, ParsePool>();

/** The key of a pool with threads in `idlePools`; undefined for a pool that parses inline. */
function poolKind(workers: number, workerPath: string | undefined): string | undefined {
  return workers > 0 && workerPath !== undefined ? `${workers}\0${workerPath}` : undefined;
}

/** A message posted to a worker and not answered yet (answers come back in order). */
interface Pending {
  resolve(result: unknown): void;
  reject(error: unknown): void;
}

/**
 * Parses item batches: in 1-2 worker threads when `workers > 0` and the compiled worker exists
 * (`JSON.parse` is the bottleneck of an unfiltered ingest: a second core gives ~1.5-1.8x), otherwise
 * inline on the calling thread (narrow filters, tests). Batches are transferred, not copied.
 *
 * A pool parses one file at a time. `acquire` reuses the threads a previous file `release`d: a
 * `ratelens worker` takes file after file from the queue (and `--jobs` worker processes parse
 * inline), and starting two threads and loading their modules cost ~0.15 CPU-s per file, half of a
 * 1.5 MB file's whole load.
 */
export class ParsePool {
  /** Threads this process has started (diagnostics and tests: reused pools start none). */
  static threadsStarted = 0;
  private readonly workers: Worker[] = [];
  private readonly queues: Pending[][] = [];
  private next = 0;
  private failure: unknown;
  /** The dictionaries when parsing inline. */
  private readonly dictionaries: FileDictionaries = newFileDictionaries();

  private constructor(
    private npis: ReadonlySet<number> | undefined,
    /** Key in `idlePools` when the pool has threads (undefined: inline, never kept). */
    private readonly kind: string | undefined,
  ) {}

  /** Starts `workers` threads (0 = inline). `workerPath` defaults to the compiled worker, if present. */
  static create(
    workers: number,
    npis: ReadonlySet<number> | undefined,
    workerPath = defaultWorkerPath(),
  ): ParsePool {
    const pool = new ParsePool(npis, poolKind(workers, workerPath));
    if (workers > 0 && workerPath !== undefined) {
      for (let w = 0; w < workers; w++) pool.startWorker(workerPath, w, workers);
    }
    return pool;
  }

  /** A pool for the next file: the idle one of that kind if a previous file released it, else a new one. */
  static acquire(
    workers: number,
    npis: ReadonlySet<number> | undefined,
    workerPath = defaultWorkerPath(),
  ): ParsePool {
    const kind = poolKind(workers, workerPath);
    const idle = kind === undefined ? undefined : idlePools.get(kind);
    if (kind === undefined || idle === undefined) {
      return ParsePool.create(workers, npis, workerPath);
    }
    idlePools.delete(kind);
    idle.npis = npis;
    for (const worker of idle.workers) {
      worker.ref();
      worker.postMessage({ reset: { npis: npis === undefined ? null : [...npis] } });
    }
    return idle;
  }

  /**
   * Ends the pool's file. A pool whose file went through (`clean`) with nothing pending is kept for
   * the next `acquire`, its dictionaries dropped and its threads not holding the process open;
   * otherwise (a failure, batches still out, one idle already) its threads stop.
   */
  async release(clean: boolean): Promise<void> {
    const keep =
      clean &&
      this.kind !== undefined &&
      this.failure === undefined &&
      !idlePools.has(this.kind) &&
      this.queues.every((queue) => queue.length === 0);
    if (!keep) return this.close();
    for (const worker of this.workers) {
      worker.postMessage({ reset: { npis: null } });
      worker.unref();
    }
    idlePools.set(this.kind, this);
  }

  /** Number of worker threads (0 when parsing inline). */
  get size(): number {
    return this.workers.length;
  }

  private startWorker(path: string, index: number, count: number): void {
    // A small young generation: batches are short-lived, and peak RSS must stay low (< 600 MB).
    ParsePool.threadsStarted++;
    const worker = new Worker(path, {
      workerData: { npis: this.npis === undefined ? null : [...this.npis], index, count },
      resourceLimits: { maxYoungGenerationSizeMb: 16 },
    });
    const queue: Pending[] = [];
    worker.on("message", (message: { result?: unknown; crash?: string }) => {
      const pending = queue.shift();
      if (pending === undefined) return;
      if (message.result !== undefined) pending.resolve(message.result);
      else pending.reject(new Error(`parse worker failed: ${message.crash ?? "unknown error"}`));
    });
    worker.on("error", (error) => {
      this.failure = error;
      if (this.kind !== undefined && idlePools.get(this.kind) === this) idlePools.delete(this.kind);
      for (const pending of queue.splice(0)) pending.reject(error);
    });
    this.workers.push(worker);
    this.queues.push(queue);
  }

  /** Parses one batch. The batch's buffers are transferred to the worker (unusable afterwards). */
  run(batch: ItemBatch): Promise<BatchResult> {
    return this.post(
      batch,
      [batch.bytes.buffer, batch.ends.buffer, batch.itemIndexes.buffer, batch.fileOffsets.buffer],
      () => normalizeBatch(batch, this.npis, this.dictionaries),
    );
  }

  /**
   * Resolves root references (parsed, normalised, checked against the NPI filter, written as group
   * lines) in a worker when the pool has one: an unfiltered file's whole provider map is resolved
   * at its end, on both threads instead of the main one. (A filtered ingest parses inline: giving it
   * a thread for its references cost ~0.4 CPU-s more on the 1 GB fan-out file for no gain in wall
   * time, interleaved runs, as the two cores are already busy with the scan, gunzip and GC.)
   */
  resolveReferences(batch: ReferenceBatch): Promise<ReferenceResult> {
    return this.post(
      { references: batch },
      [batch.bytes.buffer, batch.ends.buffer, batch.indexes.buffer, batch.fileOffsets.buffer],
      () => resolveReferenceBatch(batch, this.npis),
    );
  }

  /** Posts to the least-loaded worker (buffers transferred), or does `inline` when there is none. */
  private post<T>(message: ToParseWorker, buffers: ArrayBufferLike[], inline: () => T): Promise<T> {
    if (this.failure !== undefined) {
      return Promise.reject(
        this.failure instanceof Error ? this.failure : new Error("parse worker failed"),
      );
    }
    if (this.workers.length === 0) {
      try {
        return Promise.resolve(inline());
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
    return new Promise<T>((resolve, reject) => {
      queue.push({
        resolve: (result) => {
          resolve(result as T);
        },
        reject,
      });
      const transfer = buffers.filter(
        (buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer,
      );
      worker.postMessage(message, transfer);
    });
  }

  /** Stops the threads. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.workers.length = 0;
  }
}
