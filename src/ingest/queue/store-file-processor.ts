import { UpstreamError } from "../../errors.js";
import { ingestFiles } from "../ingest.js";
import type { Store } from "../../store/store.js";
import { insertPlans } from "../../store/tic-source-files.js";
import type { FileJobResult } from "./ingest-queue.js";
import type { ProcessFile } from "./run-worker.js";

/** Settings of the single-file ingest a worker runs. */
export interface StoreProcessorOptions {
  readonly cacheDir?: string;
  /** Parse threads (see `ingest --workers`). */
  readonly workers?: number;
}

/**
 * The per-file function for `runWorker` over today's single DuckDB store: the existing ingest of one
 * file (one transaction: a worker killed mid-file leaves nothing of it), then the plans that list
 * it. A file already loaded (same SHA-256) is skipped, so a file done twice is stored once.
 * Until the store is made of per-file units (issue #12, item 4), the store file is held by one
 * process: give each worker process its own `--db`.
 */
export function storeFileProcessor(store: Store, options: StoreProcessorOptions = {}): ProcessFile {
  return async (data, context) => {
    const summaries = await ingestFiles(store, [data.url], {
      ...(data.codes === undefined ? {} : { codes: new Set(data.codes) }),
      ...(data.npis === undefined ? {} : { npis: new Set(data.npis) }),
      synthetic: data.synthetic === true,
      ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
      ...(options.workers === undefined ? {} : { workers: options.workers }),
    });
    const failed = summaries.find((summary) => summary.status === "failed");
    if (failed !== undefined) {
      throw new UpstreamError(`${failed.location}: ${failed.note ?? "failed"}`);
    }
    let rows = 0;
    let bytes = 0;
    let seconds = 0;
    for (const summary of summaries) {
      rows += summary.rows;
      bytes += summary.uncompressedBytes;
      seconds += summary.seconds;
      const fileId = summary.fileId;
      if (summary.status === "ingested" && fileId !== undefined && data.plans.length > 0) {
        await store.withConnection((connection) => insertPlans(connection, fileId, data.plans));
      }
    }
    const first = summaries[0];
    const result: FileJobResult = {
      url: data.url,
      status: summaries.every((summary) => summary.status === "skipped") ? "skipped" : "ingested",
      ...(first?.fileId === undefined ? {} : { fileId: first.fileId }),
      rows,
      uncompressedBytes: bytes,
      seconds,
      worker: context.worker,
      ...(first?.note === undefined ? {} : { note: first.note }),
    };
    return result;
  };
}
