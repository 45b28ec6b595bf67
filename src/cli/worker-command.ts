import { UsageError } from "../errors.js";
import { reachRedis } from "../ingest/queue/redis-connection.js";
import { runWorker } from "../ingest/queue/run-worker.js";
import { storeFileProcessor } from "../ingest/queue/store-file-processor.js";
import { unitFileProcessor } from "../ingest/queue/unit-file-processor.js";
import type { ProcessFile } from "../ingest/queue/run-worker.js";
import { isFolderStore } from "../store/store-folder.js";
import { compactInBackground } from "./compact-in-background.js";
import { defaultStorePath, Store } from "../store/store.js";
import type { Command } from "./command.js";
import { EXIT } from "./exit-code.js";
import { parseCommandArgs } from "./parse-command-args.js";

const usage = `ratelens worker --queue redis://HOST:PORT [options]

Takes files queued by \`ratelens ingest INDEX --queue redis://HOST:PORT\` and loads them, one at a
time, until stopped; run one per core, on any number of machines. A file that fails is retried with
backoff (network errors, 5xx), or failed at once when retrying cannot help (a malformed file, a
404); a worker killed mid-file leaves nothing of it, and the file goes back to the queue once its
lock expires (30 s). Every worker, on any machine, may share one store folder (a local or shared
file system): each file is published there once, as its own unit, whole or not at all, and a
running \`ratelens serve\` on the same folder shows it as soon as it lands. Ctrl-C or SIGTERM: finish the current file, then stop (exit 0); a second
signal puts the current file back in the queue at once (exit 130). Redis not reachable: exit 6.
On a store folder the workers also merge the small units they write, once 256 are waiting (one
merge at a time per store; \`ratelens compact\` merges the rest once the queue is drained).

options:
  --queue URL         the queue's Redis: redis://[user:password@]HOST[:PORT][/DB] (or rediss://)
  --db PATH           store folder shared by every worker (default ./ratelens.store, or
                      $RATELENS_DB); a PATH ending in .duckdb is a single-file store, held by one
                      process: one such file per worker
  --cache-dir DIR     cache for remote references and downloaded archives (default .cache)
  --workers N         parse threads per file (see ingest --workers)
  --name NAME         shown in \`ratelens queue status\` (default host:pid)
  --lock-ms MS        lock of a running file (default 30000; a dead worker's file waits this long)
  --stalled-ms MS     how often to look for files of dead workers (default 15000)`;

function positiveInteger(value: string | undefined, flag: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > max) {
    throw new UsageError(`${flag} must be a whole number from 0 to ${max}`);
  }
  return number;
}

const command: Command = {
  usage,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        queue: { type: "string" },
        db: { type: "string" },
        "cache-dir": { type: "string" },
        workers: { type: "string" },
        name: { type: "string" },
        "lock-ms": { type: "string" },
        "stalled-ms": { type: "string" },
      },
      usage,
    );
    if (values.queue === undefined) {
      throw new UsageError(`--queue redis://HOST:PORT is required\n\nusage: ${usage}`);
    }
    if (positionals.length > 0) {
      throw new UsageError(`unexpected argument "${positionals[0] ?? ""}"\n\nusage: ${usage}`);
    }
    const workers = positiveInteger(values.workers, "--workers", 16);
    const lockMs = positiveInteger(values["lock-ms"], "--lock-ms", 3_600_000);
    const stalledMs = positiveInteger(values["stalled-ms"], "--stalled-ms", 3_600_000);
    // A bad URL or an unreachable Redis is said before the store is opened (or created).
    await reachRedis(values.queue);
    const path = values.db ?? defaultStorePath(context.env);
    const processorOptions = {
      ...(values["cache-dir"] === undefined ? {} : { cacheDir: values["cache-dir"] }),
      ...(workers === undefined ? {} : { workers }),
    };
    // A store folder is written unit by unit (no store held open); a single file is held by this
    // worker for as long as it runs.
    const store = isFolderStore(path)
      ? undefined
      : await Store.open(path, { memoryLimit: "128MB" });
    const processFile: ProcessFile =
      store === undefined
        ? unitFileProcessor(path, processorOptions)
        : storeFileProcessor(store, processorOptions);
    const log = (line: string): void => {
      context.stderr.write(`${line}\n`);
    };
    // Workers on any number of machines merge the small units they write, one at a time per store.
    const background = store === undefined ? compactInBackground(path, log) : undefined;
    try {
      const worker = await runWorker(values.queue, processFile, {
        log,
        ...(values.name === undefined ? {} : { name: values.name }),
        ...(lockMs === undefined ? {} : { lockDurationMs: lockMs }),
        ...(stalledMs === undefined ? {} : { stalledIntervalMs: stalledMs }),
      });
      let signals = 0;
      const onSignal = (signal: NodeJS.Signals): void => {
        signals++;
        if (signals === 1) {
          log(
            `${worker.name}: ${signal}: finishing the current file, then stopping (${signal} again to put it back in the queue now)`,
          );
          worker.stop("finish").catch(() => undefined);
        } else if (signals === 2) {
          log(`${worker.name}: ${signal}: putting the current file back in the queue`);
          // Exits before the abandoned load can commit: the store keeps nothing of it.
          const exit = (): never => process.exit(130);
          worker.stop("release").then(exit, exit);
        }
      };
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
      try {
        await worker.stopped;
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
    } finally {
      await background?.stop();
      store?.close();
    }
    return EXIT.ok;
  },
};
export default command;
