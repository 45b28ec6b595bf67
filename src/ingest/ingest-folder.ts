import { describeError, InputError, StoreError, UpstreamError, UsageError } from "../errors.js";
import { isUrl } from "../sources/tic/open-input.js";
import { ingestFileUnit, type FileUnitOptions } from "./ingest-file-unit.js";
import type { ListedFile } from "./index-walk.js";
import type { IngestOptions, IngestReporter, IngestSummary } from "./ingest-types.js";
import { notLoaded } from "./ingest-unit.js";

/** One file to load: an input as given, or a file an index lists. */
export interface FileTask {
  readonly location: string;
  readonly parentFileId?: number;
  readonly plans?: ListedFile["plans"];
}

/** Runs tasks; `ingestIntoFolder` uses one in-process runner or a pool of worker processes. */
export type TaskRunner = (tasks: readonly FileTask[], onResult: (task: FileTask, summaries: IngestSummary[]) => void) => Promise<void>;

/**
 * Loads inputs into a store folder, each file as its own unit (`ingestFileUnit`). An index's
 * listed files are loaded after it, by `runner` (one after another by default; `--jobs N` passes a
 * pool of N worker processes). A listed file that fails is recorded as failed with its reason and
 * the others go on; a failing input given on the command line stops the run (as with one file).
 */
export async function ingestIntoFolder(
  root: string,
  inputs: readonly string[],
  options: IngestOptions,
  reporter: IngestReporter | undefined,
  runner?: TaskRunner,
): Promise<IngestSummary[]> {
  const summaries: IngestSummary[] = [];
  for (const input of inputs) {
    if (options.offline === true && isUrl(input)) throw new UsageError(`${input}: a URL cannot be ingested with --offline`);
    const outcome = await ingestFileUnit(root, input, options, reporter);
    summaries.push(...outcome.summaries);
    const index = outcome.summaries.find((summary) => summary.kind === "table-of-contents" && summary.status === "ingested");
    if (outcome.listed.length === 0 || index?.fileId === undefined) continue;
    const indexFileId = index.fileId;
    const started = performance.now();
    const tasks: FileTask[] = [];
    let notFetched = 0;
    for (const listed of outcome.listed) {
      if (options.offline === true && isUrl(listed.location)) notFetched++;
      else tasks.push({ location: listed.location, parentFileId: indexFileId, plans: listed.plans });
    }
    const run = runner ?? inProcessRunner(root, options, reporter);
    await run(tasks, (_task, results) => {
      summaries.push(...results);
    });
    if (notFetched > 0) {
      const note = `offline: ${notFetched.toLocaleString("en-US")} listed remote file${notFetched === 1 ? "" : "s"} not fetched (recorded in listed_files)`;
      summaries.push({ ...notLoaded(`${index.location} (listed files)`, "skipped", note, started), parentFileId: indexFileId, files: notFetched });
    }
  }
  return summaries;
}

/** Loads one listed file; a failure becomes a "failed" summary with its reason. */
export async function loadTask(root: string, task: FileTask, options: IngestOptions, reporter: IngestReporter | undefined): Promise<IngestSummary[]> {
  const started = performance.now();
  const unitOptions: FileUnitOptions = {
    ...options,
    ...(task.parentFileId === undefined ? {} : { parentFileId: task.parentFileId }),
    ...(task.plans === undefined ? {} : { plans: task.plans }),
  };
  try {
    return (await ingestFileUnit(root, task.location, unitOptions, reporter)).summaries;
  } catch (error) {
    if (!(error instanceof InputError || error instanceof UpstreamError || error instanceof StoreError)) throw error;
    return [{ ...notLoaded(task.location, "failed", describeError(error), started), ...(task.parentFileId === undefined ? {} : { parentFileId: task.parentFileId }) }];
  }
}

function inProcessRunner(root: string, options: IngestOptions, reporter: IngestReporter | undefined): TaskRunner {
  return async (tasks, onResult) => {
    for (const task of tasks) onResult(task, await loadTask(root, task, options, reporter));
  };
}
