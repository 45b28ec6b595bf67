/**
 * Worker-thread entry: parses and normalises batches of raw items sent by `ParsePool`. Runs from the
 * compiled `dist/` output only (a worker cannot load the TypeScript sources); the pool falls back to
 * parsing inline when this file is not there.
 */
import { parentPort, workerData } from "node:worker_threads";
import { normalizeBatch, type ItemBatch } from "../../normalize/tic/normalize-batch.js";

const data = workerData as { npis: number[] | null };
const npis = data.npis === null ? undefined : new Set(data.npis);
const port = parentPort;

port?.on("message", (batch: ItemBatch) => {
  // Never let an exception escape an event handler: report it as data instead.
  try {
    const result = normalizeBatch(batch, npis);
    // Transfer the CSV bytes instead of copying them.
    const transfer = [result.rowsCsv.buffer, result.groupsCsv.buffer].filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer);
    port.postMessage({ result }, transfer);
  } catch (error) {
    port.postMessage({ crash: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
