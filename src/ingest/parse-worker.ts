/**
 * Worker-thread entry: parses and normalises batches of raw items, and resolves batches of root
 * provider references, sent by `ParsePool`. Runs from the
 * compiled `dist/` output only (a worker cannot load the TypeScript sources); the pool falls back to
 * parsing inline when this file is not there. A pool serves one file at a time and is reused for
 * the next one: a `reset` message starts a file, with fresh term and inline-group dictionaries
 * (they hold ids of that file only) and the file's NPI filter.
 */
import { parentPort, workerData } from "node:worker_threads";
import {
  newFileDictionaries,
  normalizeBatch,
  resultBuffers,
  type ItemBatch,
} from "../normalize/tic/normalize-batch.js";
import { referenceResultBuffers, resolveReferenceBatch } from "../normalize/tic/reference-batch.js";
import type { ToParseWorker } from "./parse-pool.js";

const data = workerData as { npis: number[] | null; index: number; count: number };
let npis = data.npis === null ? undefined : new Set(data.npis);
let dictionaries = newFileDictionaries(data.index, data.count);
const port = parentPort;

port?.on("message", (message: ToParseWorker) => {
  if ("reset" in message) {
    npis = message.reset.npis === null ? undefined : new Set(message.reset.npis);
    dictionaries = newFileDictionaries(data.index, data.count);
    return;
  }
  // Never let an exception escape an event handler: report it as data instead.
  try {
    if ("references" in message) {
      const result = resolveReferenceBatch(message.references, npis);
      port.postMessage({ result }, referenceResultBuffers(result));
      return;
    }
    const batch: ItemBatch = message;
    const result = normalizeBatch(batch, npis, dictionaries);
    port.postMessage({ result }, resultBuffers(result));
  } catch (error) {
    // The message only: it ends up in what the user reads, where a stack trace has no place.
    port.postMessage({ crash: error instanceof Error ? error.message : String(error) });
  }
});
