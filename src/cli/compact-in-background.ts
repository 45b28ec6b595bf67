import { spawn } from "node:child_process";
import { StoreError } from "../errors.js";
import {
  startBackgroundCompaction,
  type BackgroundCompaction,
} from "../store/background-compaction.js";
import {
  INGEST_BACKGROUND_COMPACT_UNITS,
  mergeSmallUnits,
  type CompactionResult,
} from "../store/compact-units.js";
import { describeCompaction } from "./compact-command.js";

/**
 * What `ratelens ingest` and `ratelens worker` run while they load into a store folder: a check
 * every 5 s, and a merge in a child process (`mergeInChildProcess`) once 256 small units wait.
 */
export function compactInBackground(
  root: string,
  log: (line: string) => void,
): BackgroundCompaction {
  return startBackgroundCompaction(root, {
    everyMs: 5_000,
    minUnits: INGEST_BACKGROUND_COMPACT_UNITS,
    log,
    onCompacted: (result) => {
      log(describeCompaction(result));
    },
    merge: () => mergeInChildProcess(root, INGEST_BACKGROUND_COMPACT_UNITS, log),
  });
}

/**
 * One merge of `ratelens compact` in a child process (this CLI's script): a worker streaming a big
 * file stays within its memory budget whatever the merge reads (~150 MB for 128 units). Resolves
 * with the merge's result as soon as the child prints it; `removal` ends when the child exits,
 * after its grace period.
 */
export function mergeInChildProcess(
  root: string,
  minUnits: number,
  log: (line: string) => void,
): Promise<{ result: CompactionResult; removal: Promise<void> }> {
  const script = process.argv[1] ?? "";
  // Not started as the CLI (a test runs the command in its own process): merged here.
  if (!/cli\.[jt]s$/.test(script)) return mergeSmallUnits(root, { minUnits, log });
  const child = spawn(
    process.execPath,
    [script, "compact", "--db", root, "--json", "--min-units", String(minUnits)],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    stderr += chunk;
    const lines = stderr.split("\n");
    stderr = lines.pop() ?? "";
    for (const line of lines) if (line !== "") log(line);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once("close", (code) => {
      resolve(code);
    });
    child.once("error", () => {
      resolve(null);
    });
  });
  return new Promise((resolve, reject) => {
    let stdout = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      stdout += chunk;
      const end = stdout.indexOf("\n");
      if (end < 0) return;
      try {
        const result = JSON.parse(stdout.slice(0, end)) as CompactionResult;
        const removal = exited.then((code) => {
          if (code !== 0) log(`ratelens compact ended with exit ${String(code)}`);
        });
        resolve({ result, removal });
      } catch (error) {
        reject(
          new StoreError(`ratelens compact printed ${stdout.slice(0, 200)}`, { cause: error }),
        );
      }
    });
    void exited.then((code) => {
      // Nothing printed: it failed before merging (its error is in what it logged).
      if (!stdout.includes("\n")) {
        reject(new StoreError(`ratelens compact ended with exit ${String(code)} before merging`));
      }
    });
  });
}
