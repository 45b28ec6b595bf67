import { readdir } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { describeError } from "../errors.js";
import { mergeSmallUnits, type CompactionResult, type CompactOptions } from "./compact-units.js";
import { folderPaths } from "./store-folder.js";

export interface BackgroundCompaction {
  /** Stops checking, once the merge running (if any) has ended and the units merged are removed. */
  stop(): Promise<void>;
}

/**
 * While a long ingest runs (a payer's index of thousands of files), merges its units every time
 * `minUnits` of them are waiting, so a running `ratelens serve` stays fast as files complete instead
 * of once the ingest is over. Checks every `everyMs` by counting `units/` (a compaction then looks
 * at sizes). A compaction that fails is logged and tried again at the next check: the loads go on.
 */
export function startBackgroundCompaction(
  root: string,
  options: CompactOptions & {
    readonly everyMs: number;
    readonly minUnits: number;
    readonly onCompacted?: (result: CompactionResult) => void;
    /**
     * Runs one merge (default: `mergeSmallUnits` in this process). A process that streams files
     * runs it in a child process instead, so a merge's memory never adds to its own.
     */
    readonly merge?: () => Promise<{ result: CompactionResult; removal: Promise<void> }>;
  },
): BackgroundCompaction {
  const stopped = new AbortController();
  // Each merge's removal of the units it replaced, after its grace period: the next merge need not wait.
  const removals: Promise<void>[] = [];
  const loop = async (): Promise<void> => {
    while (!stopped.signal.aborted) {
      const due = await sleep(options.everyMs, true, { signal: stopped.signal }).catch(() => false);
      if (!due) return; // stopped while waiting
      try {
        // The schema unit is one of the folders.
        const waiting = (await readdir(folderPaths(root).units)).length - 1;
        if (waiting < options.minUnits) continue;
        const { result, removal } = await (options.merge?.() ?? mergeSmallUnits(root, options));
        removals.push(
          removal.catch((error: unknown) => {
            options.log?.(`merged units not removed yet: ${describeError(error)}`);
          }),
        );
        if (result.skipped === undefined) options.onCompacted?.(result);
      } catch (error) {
        options.log?.(`the small units were not merged: ${describeError(error)} (tried again)`);
      }
    }
  };
  const running = loop();
  return {
    async stop() {
      stopped.abort();
      await running;
      await Promise.all(removals);
    },
  };
}
