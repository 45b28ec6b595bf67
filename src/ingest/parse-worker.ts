/**
 * Worker-thread entry: parses and normalises batches of raw items sent by `ParsePool`. Runs from the
 * compiled `dist/` output only (a worker cannot load the TypeScript sources); the pool falls back to
 * parsing inline when this file is not there. One worker serves one file (the pool is per file), so
 * its term and inline-group dictionaries are that file's.
 */
import { parentPort, workerData } from "node:worker_threads";
import {
  newFileDictionaries,
  normalizeBatch,
  resultBuffers,
  type ItemBatch,
} from "../normalize/tic/normalize-batch.js";

const data = workerData as { npis: number[] | null; index: number; count: number };
const npis = data.npis === null ? undefined : new Set(data.npis);
const dictionaries = newFileDictionaries(data.index, data.count);
const port = parentPort;

port?.on("message", (batch: ItemBatch) => {
  // Never let an exception escape an event handler: report it as data instead.
  try {
    const result = normalizeBatch(batch, npis, dictionaries);
    port.postMessage({ result }, resultBuffers(result));
  } catch (error) {
    port.postMessage({
      crash: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});
