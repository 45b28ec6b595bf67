import { fork, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { FileTask, TaskResult, TaskRunner } from "./ingest-folder.js";
import type { IngestOptions } from "./ingest-types.js";
import { notLoaded } from "./ingest-unit.js";
import { streamingEnv, withStreamingHeap } from "./streaming-heap.js";
import type { ProgressDisplay } from "./progress-reporter.js";
import { toWire, type FromWorker, type ToWorker } from "./worker-messages.js";

/** The compiled worker process entry next to this module (only under `dist/`). */
export function defaultWorkerScript(): string | undefined {
  const path = fileURLToPath(new URL("./ingest-worker-process.js", import.meta.url));
  return existsSync(path) ? path : undefined;
}

/** Counters of a whole run, for the one progress display. */
interface RunCounts {
  done: number;
  failed: number;
  bytes: number;
  rows: number;
}

/** Times a file is given to a fresh process after the one loading it died, before it is failed. */
const MAX_RECOVERIES = 2;

/**
 * A `TaskRunner` over `jobs` worker processes, each with its own DuckDB, each loading one file at a
 * time into the store folder. A worker that dies (killed, out of memory) is replaced and its file is
 * loaded again by a fresh process (nothing of the dead attempt was published: a unit is published
 * whole or not at all), at most twice; a file that kills its worker a third time is failed with the
 * reason. The others go on meanwhile. One display for the whole run: files done / failed /
 * left, uncompressed bytes, MB/s, rates and an ETA from the files left at the pace so far.
 */
export function processPoolRunner(
  root: string,
  jobs: number,
  options: IngestOptions,
  startDisplay?: () => ProgressDisplay,
  script = defaultWorkerScript(),
  log?: (line: string) => void,
): PoolRunner {
  // Worker processes started ahead of their first file (`warm`), taken before new ones are forked.
  const spare: ChildProcess[] = [];
  const start = (path: string): ChildProcess =>
    fork(path, [], {
      execArgv: withStreamingHeap(process.execArgv),
      stdio: ["ignore", "ignore", "inherit", "ipc"],
      env: streamingEnv(process.env),
    });
  const run: TaskRunner = async (tasks, onResult) => {
    if (script === undefined) {
      throw new Error("the ingest worker process is not compiled: run `npm run build`");
    }
    const display = startDisplay?.();
    const wire = toWire({
      ...options,
      workers: options.workers ?? 0,
      scratchThreads: options.scratchThreads ?? (jobs >= 2 ? 1 : 2),
    });
    const counts: RunCounts = { done: 0, failed: 0, bytes: 0, rows: 0 };
    const live = new Map<number, { bytes: number; rows: number }>();
    const started = performance.now();
    let next = 0;
    // Files whose process died mid-file, to be loaded again first (with the deaths so far).
    const again: { id: number; task: FileTask; deaths: number }[] = [];
    const show = (): void => {
      if (display === undefined) return;
      let bytes = counts.bytes;
      let rows = counts.rows;
      for (const running of live.values()) {
        bytes += running.bytes;
        rows += running.rows;
      }
      const finished = counts.done + counts.failed;
      const left = tasks.length - finished; // a file loaded again is still left
      const seconds = (performance.now() - started) / 1000;
      const eta = finished === 0 ? "" : `, ETA ~${Math.round((seconds / finished) * left)} s`;
      display.update({
        bytes,
        rows,
        items: counts.done,
        detail: `${counts.failed} failed, ${left} left of ${tasks.length}${eta}`,
      });
    };
    // The queue grows while it runs (an index's files are added when it is done): an idle worker
    // waits while others are busy, and all stop once nothing is queued and nothing runs.
    let busy = 0;
    let wake: (() => void) | undefined;
    let waiting: Promise<void> | undefined;
    const changed = (): void => {
      const resolve = wake;
      wake = undefined;
      waiting = undefined;
      resolve?.();
    };
    const nextChange = (): Promise<void> =>
      (waiting ??= new Promise<void>((resolve) => {
        wake = resolve;
      }));
    const runWorker = async (): Promise<void> => {
      let child: ChildProcess | undefined;
      for (;;) {
        const retry = again.shift();
        if (retry === undefined && next >= tasks.length) {
          if (busy === 0) break;
          await nextChange();
          continue;
        }
        const id = retry?.id ?? next++;
        const task = retry?.task ?? tasks[id]!;
        const deaths = retry?.deaths ?? 0;
        busy++;
        child ??= takeSpare() ?? start(script);
        const result = await runOne(child, id, root, task, wire, (bytes, rows) => {
          live.set(id, { bytes, rows });
          show();
        }).catch((reason: unknown): TaskResult | undefined => {
          child = undefined; // dead: the next file gets a fresh process
          const why = reason instanceof Error ? reason.message : String(reason);
          if (deaths < MAX_RECOVERIES) {
            log?.(`${task.location}: ${why}; loading it again in a fresh process`);
            again.push({ id, task, deaths: deaths + 1 });
            return undefined;
          }
          const failed = notLoaded(
            task.location,
            "failed",
            `${why} (${deaths + 1} times)`,
            performance.now(),
          );
          return {
            summaries: [
              task.parentFileId === undefined
                ? failed
                : { ...failed, parentFileId: task.parentFileId },
            ],
            listed: [],
          };
        });
        live.delete(id);
        if (result === undefined) {
          busy--;
          changed();
          continue;
        }
        for (const summary of result.summaries) {
          if (summary.status === "failed") counts.failed++;
          else counts.done++;
          counts.bytes += summary.uncompressedBytes;
          counts.rows += summary.rows;
        }
        onResult(task, result);
        busy--;
        show();
        changed();
      }
      if (child !== undefined) await stopWorker(child);
    };
    await Promise.all(Array.from({ length: Math.max(1, jobs) }, runWorker));
    await stopSpares();
    display?.finish(undefined, counts.failed === 0 ? "" : `(${counts.failed} failed)`);
  };
  // A started process that died while it waited (killed) is not given a file: its exit is past.
  const takeSpare = (): ChildProcess | undefined => {
    for (let next = spare.pop(); next !== undefined; next = spare.pop()) {
      if (next.exitCode === null && next.signalCode === null) return next;
    }
    return undefined;
  };
  const stopSpares = async (): Promise<void> => {
    await Promise.all(spare.splice(0).map(stopWorker));
  };
  let warmed = false;
  return Object.assign(run, {
    warm: (): void => {
      if (warmed || script === undefined) return;
      warmed = true;
      for (let n = 0; n < Math.max(1, jobs); n++) spare.push(start(script));
    },
    stop: stopSpares,
  });
}

/**
 * A pool's `TaskRunner`, which can start its worker processes before it has files for them: a
 * process takes ~0.35 s of CPU to load its modules, and an index's walk leaves a core idle meanwhile
 * (~0.5 s of the 8 s that 100 files of the synthetic payer take with 2 workers).
 */
export interface PoolRunner extends TaskRunner {
  /** Starts the worker processes now (once the input is known to be an index); once per pool. */
  warm(): void;
  /** Ends the started processes no file was given to (the runner ends its own when it is done). */
  stop(): Promise<void>;
}

/**
 * Ends an idle worker process and waits for it to exit (reaped, its CPU time counted in the parent's
 * children): it exits once its channel closes; killed if it has not within 5 s.
 */
async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => {
      resolve();
    });
  });
  const timer = setTimeout(() => child.kill(), 5_000);
  child.disconnect();
  await exited;
  clearTimeout(timer);
}

/** Sends one task to a worker process; resolves with its summaries, rejects if the process dies. */
function runOne(
  child: ChildProcess,
  id: number,
  root: string,
  task: FileTask,
  options: ToWorker["options"],
  progress: (bytes: number, rows: number) => void,
): Promise<TaskResult> {
  return new Promise<TaskResult>((resolve, reject) => {
    const onMessage = (message: FromWorker): void => {
      if (message.id !== id) return;
      if (message.type === "progress") {
        progress(message.bytes, message.rows);
        return;
      }
      cleanup();
      resolve({ summaries: message.summaries, listed: message.listed });
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      cleanup();
      reject(
        new Error(
          `the worker process loading it stopped (${signal ?? `exit code ${code ?? "?"}`}); nothing of it was published`,
        ),
      );
    };
    const cleanup = (): void => {
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
    const message: ToWorker = { type: "task", id, root, task, options };
    // A process started ahead that died while it waited: its channel is closed (EPIPE), given here
    // rather than as an 'error' event, and its file goes to a fresh process as after any death.
    child.send(message, (error) => {
      if (error === null) return;
      cleanup();
      reject(new Error(`the worker process to load it had stopped (${error.message})`));
    });
  });
}
