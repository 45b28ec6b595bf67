import { ingestFileUnit } from "../ingest-file-unit.js";
import type { FileJobResult } from "./ingest-queue.js";
import type { ProcessFile } from "./run-worker.js";
import type { StoreProcessorOptions } from "./store-file-processor.js";

/**
 * The per-file function for `runWorker` over a store folder shared by every worker (on one machine
 * or a shared file system): `ingestFileUnit`, so the file is streamed into a scratch database under
 * `staging/` and published by one atomic rename. A job done twice (a retry after the publish, two
 * workers racing on a recovered job, a byte-identical copy under another URL) publishes once: the
 * second load finds the unit of that SHA-256 and reports "skipped". A worker killed mid-file leaves
 * only its staging folder, which readers never see and the next load on that host removes.
 *
 * Failures are thrown as `ingestFileUnit` throws them (`InputError` for a malformed file,
 * `UpstreamError` for a download), so `runWorker` retries what can be retried and fails the rest.
 */
export function unitFileProcessor(root: string, options: StoreProcessorOptions = {}): ProcessFile {
  return async (data, context) => {
    const started = performance.now();
    const outcome = await ingestFileUnit(root, data.url, {
      ...(data.codes === undefined ? {} : { codes: new Set(data.codes) }),
      ...(data.npis === undefined ? {} : { npis: new Set(data.npis) }),
      synthetic: data.synthetic === true,
      ...(data.parentFileId === undefined ? {} : { parentFileId: data.parentFileId }),
      ...(data.plans.length === 0 ? {} : { plans: data.plans }),
      ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      keepWorkFolders: true, // a worker loads file after file
    });
    let rows = 0;
    let bytes = 0;
    for (const summary of outcome.summaries) {
      rows += summary.rows;
      bytes += summary.uncompressedBytes;
    }
    const first = outcome.summaries[0];
    const result: FileJobResult = {
      url: data.url,
      status: outcome.summaries.every((summary) => summary.status === "skipped")
        ? "skipped"
        : "ingested",
      ...(first?.fileId === undefined ? {} : { fileId: first.fileId }),
      rows,
      uncompressedBytes: bytes,
      seconds: (performance.now() - started) / 1000,
      worker: context.worker,
      ...(first?.note === undefined ? {} : { note: first.note }),
    };
    return result;
  };
}
