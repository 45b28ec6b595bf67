import { UsageError } from "../errors.js";
import { mergeSmallUnits, type CompactionResult } from "../store/compact-units.js";
import { defaultStorePath } from "../store/default-store-path.js";
import { isFolderStore } from "../store/store-folder.js";
import type { Command } from "./command.js";
import { EXIT } from "./exit-code.js";
import { parseCommandArgs } from "./parse-command-args.js";

const usage = `ratelens compact [--db PATH] [--grace SECONDS] [--min-units N] [--json]

Merges a store folder's small units (one per loaded file, at most 32 MB of Parquet each) into
merged units of at most 128 units or 256 MB: readers open every unit's files for each new query,
so a payer's thousands of small files make every page slow until they are merged. Safe while
\`ratelens serve\` and ingests run: readers see each file's rows once, before, during and after;
a file merged is still loaded only once. \`ratelens ingest\` and \`ratelens worker\` merge as they
load, once 256 units are waiting, and \`ingest\` again at its end once 64 are (--no-compact to
leave them). Small merged units are merged again once 8 wait. One merge at a time per store.

options:
  --db PATH           store folder (default ./ratelens.store, or $RATELENS_DB)
  --grace SECONDS     how long queries begun before the merged unit was published may still read the
                      units it replaces, whose files are then removed (default 10)
  --min-units N       merge only when at least N small units are waiting (default 2)
  --json              print what was done as one line of JSON, once merged (before the grace period)`;

const command: Command = {
  usage,
  async run(args, context) {
    const { values } = parseCommandArgs(
      args,
      {
        db: { type: "string" },
        grace: { type: "string" },
        "min-units": { type: "string" },
        json: { type: "boolean" },
      },
      usage,
    );
    const minUnits = values["min-units"] === undefined ? 2 : Number(values["min-units"]);
    if (!Number.isInteger(minUnits) || minUnits < 1) {
      throw new UsageError("--min-units must be a whole number of at least 1");
    }
    const grace = values.grace === undefined ? 10 : Number(values.grace);
    if (!Number.isFinite(grace) || grace < 0 || grace > 3600) {
      throw new UsageError("--grace must be a number of seconds from 0 to 3600");
    }
    const root = values.db ?? defaultStorePath(context.env);
    if (!isFolderStore(root)) {
      throw new UsageError(
        `${root} is a single-file store: only a store folder has units to merge`,
      );
    }
    const { result, removal } = await mergeSmallUnits(root, {
      graceMs: grace * 1000,
      minUnits,
      log: (line) => context.stderr.write(`${line}\n`),
    });
    // Said as soon as merged: a process that started this one goes on (mergeInChildProcess).
    context.stdout.write(
      values.json === true ? `${JSON.stringify(result)}\n` : `${describeCompaction(result)}\n`,
    );
    await removal;
    return EXIT.ok;
  },
};
export default command;

/** One line: what a compaction did, or why it did nothing. */
export function describeCompaction(result: CompactionResult): string {
  const finished =
    result.finishedUnits > 0
      ? `; removed ${result.finishedUnits} units an earlier, interrupted compaction had merged`
      : "";
  if (result.skipped !== undefined) return `nothing to merge: ${result.skipped}${finished}`;
  const again =
    result.remergedUnits > 0 ? `; ${result.remergedUnits} small merged units merged again` : "";
  return (
    `merged ${result.replacedUnits.toLocaleString("en-US")} units into ${result.mergedUnits} ` +
    `(${(result.bytesBefore / 1e6).toFixed(1)} MB → ${(result.bytesAfter / 1e6).toFixed(1)} MB of Parquet) ` +
    `in ${result.seconds.toFixed(1)} s${again}${finished}`
  );
}
