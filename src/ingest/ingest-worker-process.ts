/**
 * Entry of an ingest worker process (`ratelens ingest --jobs N` forks N of them): takes one file at a
 * time from the parent over IPC, loads it into the store folder as its own unit with its own DuckDB
 * (`loadTask`), reports progress and the summaries. Runs from the compiled `dist/` output only.
 */
import { describeError } from "../errors.js";
import { nativeAddon } from "../sources/tic/native-addon.js";
import { loadTask } from "./ingest-folder.js";
import { notLoaded } from "./ingest-unit.js";
import type { ProgressReporter } from "./progress-reporter.js";
import { fromWire, type FromWorker, type ToWorker } from "./worker-messages.js";

function send(message: FromWorker): void {
  process.send?.(message);
}

/** Sends the running counts of the current file to the parent, at most 5 times a second. */
function reporterFor(id: number): ProgressReporter {
  return {
    start: () => {
      let last = 0;
      return {
        update: (update) => {
          const now = performance.now();
          if (now - last < 200) return;
          last = now;
          send({ type: "progress", id, bytes: update.bytes, rows: update.rows ?? 0 });
        },
        finish: () => undefined,
        abort: () => undefined,
      };
    },
    log: () => undefined,
  };
}

async function handle(message: ToWorker): Promise<void> {
  const started = performance.now();
  try {
    const result = await loadTask(
      message.root,
      message.task,
      // File after file: staged in folders kept between them, removed when the process exits.
      { ...fromWire(message.options), keepWorkFolders: true },
      reporterFor(message.id),
    );
    send({ type: "done", id: message.id, summaries: result.summaries, listed: [...result.listed] });
  } catch (error) {
    // Never let a failure escape the handler: it is the file's outcome, reported as data.
    send({
      type: "done",
      id: message.id,
      summaries: [notLoaded(message.task.location, "failed", describeError(error), started)],
      listed: [],
    });
  }
}

// The parent closes the channel when no file is left: end now, whatever keeps the loop alive (kept
// parse threads are unreferenced, but an HTTP keep-alive socket may not be).
process.on("disconnect", () => process.exit(0));

process.on("message", (message: ToWorker) => {
  void handle(message);
});

// What the first file would load on its way, loaded while the process waits for it (it is started
// as the index is read): Node's fetch (undici, ~50 ms to compile) and the native addon.
Reflect.get(globalThis, "fetch"); // a lazy getter: reading it loads undici
nativeAddon();
