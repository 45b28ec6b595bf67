import { setTimeout as sleep } from "node:timers/promises";
import { describeError, InputError, StoreError, UpstreamError, UsageError } from "../errors.js";
import { isUrl } from "../sources/tic/open-input.js";
import { loadedRemoteFiles, type LoadedRemoteFile } from "../store/loaded-remote-files.js";
import { Store } from "../store/store.js";
import { ingestFileUnit, type FileUnitOptions } from "./ingest-file-unit.js";
import type { ListedFile } from "./index-walk.js";
import type { IngestOptions, IngestReporter, IngestSummary } from "./ingest-types.js";
import { notLoaded } from "./ingest-unit.js";
import { unchangedSince } from "./unchanged-since.js";

/** One file to load: an input as given, or a file an index lists. */
export interface FileTask {
  readonly location: string;
  readonly parentFileId?: number;
  readonly plans?: ListedFile["plans"];
  /** The store's file loaded from this URL before, if any: skipped when the server says unchanged. */
  readonly loaded?: LoadedRemoteFile;
}

/** What loading one task gave: its summaries, and the job list when it was an index. */
export interface TaskResult {
  readonly summaries: IngestSummary[];
  readonly listed: readonly ListedFile[];
}

/**
 * Runs tasks; `ingestIntoFolder` uses one in-process runner or a pool of worker processes.
 * `tasks` may grow while it runs (`onResult` appends the files an index lists).
 */
export type TaskRunner = (
  tasks: FileTask[],
  onResult: (task: FileTask, result: TaskResult) => void,
) => Promise<void>;

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
    if (options.offline === true && isUrl(input)) {
      throw new UsageError(`${input}: a URL cannot be ingested with --offline`);
    }
    const outcome = await ingestFileUnit(root, input, options, reporter);
    summaries.push(...outcome.summaries);
    const index = indexSummary(outcome.summaries);
    if (outcome.listed.length === 0 || index?.fileId === undefined) continue;
    const indexFileId = index.fileId;
    const started = performance.now();
    const tasks: FileTask[] = [];
    let notFetched = 0;
    const remote = outcome.listed.some((listed) => isUrl(listed.location));
    const loaded = remote
      ? await remoteFilesOf(root, options)
      : new Map<string, LoadedRemoteFile>();
    for (const listed of outcome.listed) {
      if (options.offline === true && isUrl(listed.location)) notFetched++;
      else tasks.push(listedTask(listed, indexFileId, loaded));
    }
    const run = runner ?? inProcessRunner(root, options, reporter);
    await run(tasks, (_task, result) => {
      summaries.push(...result.summaries);
    });
    if (notFetched > 0) {
      const note = `offline: ${notFetched.toLocaleString("en-US")} listed remote file${notFetched === 1 ? "" : "s"} not fetched (recorded in listed_files)`;
      summaries.push({
        ...notLoaded(`${index.location} (listed files)`, "skipped", note, started),
        parentFileId: indexFileId,
        files: notFetched,
      });
    }
  }
  return summaries;
}

/**
 * Loads every input and every file an index lists with `runner` (a pool of worker processes): all
 * failures are recorded as "failed" summaries with their reasons, and the others go on.
 */
export async function ingestAllWith(
  root: string,
  inputs: readonly string[],
  options: IngestOptions,
  runner: TaskRunner,
): Promise<IngestSummary[]> {
  const summaries: IngestSummary[] = [];
  const tasks: FileTask[] = [];
  const loaded = await remoteFilesOf(root, options);
  for (const input of inputs) {
    if (options.offline === true && isUrl(input)) {
      throw new UsageError(`${input}: a URL cannot be ingested with --offline`);
    }
    tasks.push({ location: input });
  }
  const notFetched = new Map<string, { count: number; parentFileId: number }>();
  await runner(tasks, (_task, result) => {
    summaries.push(...result.summaries);
    const index = indexSummary(result.summaries);
    if (index?.fileId === undefined) return;
    for (const listed of result.listed) {
      if (options.offline === true && isUrl(listed.location)) {
        const entry = notFetched.get(index.location) ?? { count: 0, parentFileId: index.fileId };
        entry.count++;
        notFetched.set(index.location, entry);
      } else {
        tasks.push(listedTask(listed, index.fileId, loaded));
      }
    }
  });
  for (const [location, entry] of notFetched) {
    const note = `offline: ${entry.count.toLocaleString("en-US")} listed remote file${entry.count === 1 ? "" : "s"} not fetched (recorded in listed_files)`;
    summaries.push({
      ...notLoaded(`${location} (listed files)`, "skipped", note, performance.now()),
      parentFileId: entry.parentFileId,
      files: entry.count,
    });
  }
  return summaries;
}

/** Loads one file; a failure becomes a "failed" summary with its reason. */
export async function loadTask(
  root: string,
  task: FileTask,
  options: IngestOptions & Pick<FileUnitOptions, "keepWorkFolders">,
  reporter: IngestReporter | undefined,
): Promise<TaskResult> {
  const started = performance.now();
  const unitOptions: FileUnitOptions = {
    ...options,
    ...(task.parentFileId === undefined ? {} : { parentFileId: task.parentFileId }),
    ...(task.plans === undefined ? {} : { plans: task.plans }),
  };
  if (task.loaded !== undefined && options.offline !== true) {
    const unchanged = await unchangedSince(task.location, task.loaded, options);
    if (unchanged !== undefined) {
      const skipped = {
        ...notLoaded(task.location, "skipped", unchanged, started),
        fileId: task.loaded.fileId,
        sizeBytes: task.loaded.sizeBytes,
        ...(task.parentFileId === undefined ? {} : { parentFileId: task.parentFileId }),
      };
      return { summaries: [skipped], listed: [] };
    }
  }
  const retries = options.download?.retries ?? 3;
  for (let attempt = 0; ; attempt++) {
    try {
      return await ingestFileUnit(root, task.location, unitOptions, reporter);
    } catch (error) {
      // A download that broke off is tried again from the start (nothing of it was published).
      if (
        error instanceof UpstreamError &&
        /broke off|no data for/.test(error.message) &&
        attempt < retries
      ) {
        await sleep((options.download?.backoffMs ?? 1000) * 2 ** attempt);
        continue;
      }
      if (!(
        error instanceof InputError ||
        error instanceof UpstreamError ||
        error instanceof StoreError
      )) {
        throw error;
      }
      const failed = {
        ...notLoaded(task.location, "failed", describeError(error), started),
        ...(task.parentFileId === undefined ? {} : { parentFileId: task.parentFileId }),
      };
      return { summaries: [failed], listed: [] };
    }
  }
}

/**
 * The index among a file's summaries: loaded now, or loaded before (skipped, same SHA-256). An index
 * run again still has its listed files loaded: those a run that stopped midway or failed left out.
 */
function indexSummary(summaries: readonly IngestSummary[]): IngestSummary | undefined {
  return summaries.find(
    (summary) =>
      summary.kind === "table-of-contents" &&
      (summary.status === "ingested" || summary.status === "skipped"),
  );
}

function listedTask(
  listed: ListedFile,
  parentFileId: number,
  loaded: ReadonlyMap<string, LoadedRemoteFile>,
): FileTask {
  const before = loaded.get(listed.location);
  return {
    location: listed.location,
    parentFileId,
    plans: listed.plans,
    ...(before === undefined ? {} : { loaded: before }),
  };
}

/** The store's files downloaded before, by URL (none offline: nothing is fetched then). */
async function remoteFilesOf(
  root: string,
  options: IngestOptions,
): Promise<Map<string, LoadedRemoteFile>> {
  if (options.offline === true) return new Map();
  const store = await Store.open(root);
  try {
    return await loadedRemoteFiles(store);
  } finally {
    store.close();
  }
}

function inProcessRunner(
  root: string,
  options: IngestOptions,
  reporter: IngestReporter | undefined,
): TaskRunner {
  return async (tasks, onResult) => {
    for (let next = 0; next < tasks.length; next++) {
      onResult(tasks[next]!, await loadTask(root, tasks[next]!, options, reporter));
    }
  };
}
