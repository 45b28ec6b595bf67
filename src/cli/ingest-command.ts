import { readFile } from "node:fs/promises";
import { describeError, InputError, UsageError } from "../errors.js";
import { compactUnits, INGEST_COMPACT_MIN_UNITS } from "../store/compact-units.js";
import { describeCompaction } from "./compact-command.js";
import { compactInBackground } from "./compact-in-background.js";
import { availableParallelism } from "node:os";
import { ingestFiles, type IngestOptions, type IngestSummary } from "../ingest/ingest.js";
import { ingestAllWith, ingestIntoFolder } from "../ingest/ingest-folder.js";
import { defaultWorkerScript, processPoolRunner } from "../ingest/process-pool.js";
import { isUrl } from "../sources/tic/open-input.js";
import {
  describeHospitalResult,
  ingestHospitalInputs,
  routeHospitalInputs,
} from "../ingest/hospital/route-hospital-inputs.js";
import type { HospitalIngestResult } from "../ingest/hospital/ingest-hospital-file.js";
import { writeReference } from "../store/reference-writer.js";
import { defaultStorePath, Store } from "../store/store.js";
import { progressReporter } from "../present/progress.js";
import type { Command } from "./command.js";
import { EXIT } from "./exit-code.js";
import { parseCommandArgs, splitList } from "./parse-command-args.js";

const usage = `ratelens ingest <path | https URL | -> ... [options]

Streams Transparency in Coverage files into the store: in-network rates (schema 1.0-2.2, plain JSON,
gzip or zip), allowed amounts, and table-of-contents index files (the files they list are ingested in
turn, their locations resolved relative to the index, and the plans they cover recorded). A file
already loaded (same SHA-256) is skipped; a file that fails midway leaves nothing in the store, and
the error names the file and the byte offset or JSON path (exit 3). Each file becomes its own unit
of the store folder, visible to readers (a running \`ratelens serve\`) once complete. With --jobs N,
N worker processes load files at once; a file that fails is listed with its reason and the others
go on. Exit 8 when some files failed (an index's listed files, or any file with --jobs).
Run an index again to finish what a run that stopped or failed left out: its listed files already
loaded are skipped, those from a URL without a download when the server gives the same size and no
later Last-Modified (a file that changed is loaded again).
Hospital price-transparency files (CMS template CSV/JSON v2.0-3.0, or the pre-template
standard-charges CSV) are recognised by content and loaded into the hospital tables (see
ratelens validate, ratelens crosscheck).

options:
  --db PATH           store folder (default ./ratelens.store, or $RATELENS_DB); a PATH ending
                      in .duckdb is a single-file store (one writer at a time)
  --jobs N            worker processes loading files at once (default: the number of cores;
                      1 = in this process)
  --codes LIST        keep only these billing codes, e.g. 64490,64491 (others are skipped unparsed)
  --codes-file PATH   keep only the codes listed in a file (one per line, or comma/space separated)
  --npis LIST         keep only rates whose provider group lists one of these NPIs
  --workers N         parse threads (default 2 without a filter, 0 with one; 0 = parse on the main thread)
  --offline           fetch nothing: remote provider references are recorded as unresolved, an
                      index's remote files are skipped, URL inputs are refused
  --cache-dir DIR     cache for remote references and downloaded archives (default .cache)
  --synthetic         mark the files as synthetic (generated) data
  --queue URL         load nothing here: queue one job per distinct file the inputs list on
                      redis://HOST:PORT, for \`ratelens worker --queue URL\` processes on any machine
                      (the plans and --codes/--npis travel with each job; see ratelens queue status);
                      queued again, an index's failed files are retried, the others left as they are
  --no-compact        leave the small units as they are (by default they are merged while loading,
                      every 256, and at the end once 64 are waiting: see ratelens compact)
  --json              print the summaries as JSON on stdout`;

const command: Command = {
  usage,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        db: { type: "string" },
        codes: { type: "string" },
        "codes-file": { type: "string" },
        npis: { type: "string" },
        workers: { type: "string" },
        jobs: { type: "string" },
        offline: { type: "boolean" },
        "cache-dir": { type: "string" },
        synthetic: { type: "boolean" },
        json: { type: "boolean" },
        queue: { type: "string" },
        "no-compact": { type: "boolean" },
      },
      usage,
    );
    if (positionals.length === 0) {
      throw new UsageError(`name at least one file, URL or -\n\nusage: ${usage}`);
    }
    const codes = splitList(values.codes);
    if (values["codes-file"] !== undefined) {
      let text: string;
      try {
        text = await readFile(values["codes-file"], "utf8");
      } catch (error) {
        throw new InputError(
          values["codes-file"],
          {},
          `cannot read the codes file: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
      codes.push(...splitList(text));
    }
    const npis = splitList(values.npis).map((npi) => {
      if (!/^\d{1,15}$/.test(npi)) throw new UsageError(`--npis: "${npi}" is not an NPI`);
      return Number(npi);
    });
    if (values.queue !== undefined) {
      if (values.jobs !== undefined || values.workers !== undefined || values.offline === true) {
        throw new UsageError(
          "--queue loads nothing here: --jobs, --workers and --offline belong to the workers (ratelens worker --help)",
        );
      }
      // Loaded only here: BullMQ and ioredis were ~60 ms of every `ratelens ingest`'s start.
      const { ingestToQueue } = await import("./ingest-to-queue.js");
      return ingestToQueue(
        values.queue,
        positionals,
        {
          codes,
          npis,
          synthetic: values.synthetic === true,
          ...(values["cache-dir"] === undefined ? {} : { cacheDir: values["cache-dir"] }),
          json: values.json === true,
        },
        context,
      );
    }
    let workers: number | undefined;
    if (values.workers !== undefined) {
      workers = Number(values.workers);
      if (!Number.isInteger(workers) || workers < 0 || workers > 16) {
        throw new UsageError("--workers must be a whole number from 0 to 16");
      }
    }
    // The buffer pool is kept small: the ingester streams, and peak RSS must stay low on big files.
    let jobs = availableParallelism();
    if (values.jobs !== undefined) {
      jobs = Number(values.jobs);
      if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) {
        throw new UsageError("--jobs must be a whole number from 1 to 64");
      }
    }
    // A single-file store loads in this process: its buffer pool kept small so peak RSS stays low (a
    // store folder loads each file in its own scratch database, with its own limit).
    const store = await Store.open(values.db ?? defaultStorePath(context.env), {
      memoryLimit: "256MB",
    });
    let summaries: IngestSummary[] = [];
    let hospitalResults: HospitalIngestResult[] = [];
    let cleanup = (): Promise<void> => Promise.resolve();
    try {
      let options: IngestOptions = {
        ...(codes.length > 0 ? { codes: new Set(codes) } : {}),
        ...(npis.length > 0 ? { npis: new Set(npis) } : {}),
        ...(workers === undefined ? {} : { workers }),
        offline: values.offline === true,
        synthetic: values.synthetic === true,
        ...(values["cache-dir"] === undefined ? {} : { cacheDir: values["cache-dir"] }),
      };
      const reporter = progressReporter(context.stderr, context.interactive);
      // Hospital files are recognised by their first bytes, local, zipped, downloaded or piped.
      const inputs = await routeHospitalInputs(positionals, {
        ...(context.stdin === undefined ? {} : { stdin: context.stdin }),
      });
      // A piped zip without hospital entries is read from its saved copy by the TiC ingest below.
      cleanup = () => inputs.cleanup();
      const synthetic = values.synthetic === true;
      for (const entry of inputs.skipped) reporter.log(`skipped ${entry}: not a hospital file`);
      if (inputs.hospital.length > 0) {
        hospitalResults = await writeReference(store, (target) =>
          ingestHospitalInputs(target, inputs.hospital, { synthetic, reporter }),
        );
      }
      if (inputs.stdin !== undefined) options = { ...options, stdin: inputs.stdin };
      const others = inputs.other;
      const script = defaultWorkerScript();
      const compacting = values["no-compact"] !== true;
      const folder = store.folder;
      // A payer's index of thousands of files: merged as it loads, so a running server stays fast.
      const background =
        folder !== undefined && compacting
          ? compactInBackground(folder, (line) => {
              reporter.log(line);
            })
          : undefined;
      try {
        if (store.folder !== undefined && jobs > 1 && script !== undefined) {
          const display = (): ReturnType<typeof reporter.start> =>
            reporter.start({
              label: `ingest, ${jobs} jobs`,
              itemsLabel: "files done",
              rowsLabel: "rates",
            });
          const pool = processPoolRunner(store.folder, jobs, options, display, script, (line) => {
            reporter.log(line);
          });
          // A remote input is usually a payer's index: its workers start now and load while it
          // downloads (a single remote file wastes their start, ~0.35 s of CPU each, next to its
          // download). A local one starts them once it is seen to be an index.
          if (others.length === 1 && isUrl(others[0]!)) pool.warm();
          try {
            // One input (an index, usually) is read here, its errors reported as for any single
            // file; its listed files, or several inputs, go to the worker processes.
            summaries =
              others.length === 1
                ? await ingestIntoFolder(
                    store.folder,
                    others,
                    {
                      ...options,
                      onIndex: () => {
                        pool.warm();
                      },
                    },
                    reporter,
                    pool,
                  )
                : await ingestAllWith(store.folder, others, options, pool);
          } finally {
            await pool.stop();
          }
        } else if (others.length > 0) {
          summaries = await ingestFiles(store, others, options, reporter);
        }
      } finally {
        await background?.stop();
      }
      if (store.folder !== undefined && compacting) {
        await compactAfterIngest(store.folder, (line) => {
          reporter.log(line);
        });
      }
    } finally {
      store.close();
      await cleanup();
    }
    const hospitalJson = hospitalResults.map((r) => ({
      kind: "hospital-price-transparency",
      ...r,
      findings: r.findings.slice(0, 100),
    }));
    if (values.json === true) {
      context.stdout.write(`${JSON.stringify([...summaries, ...hospitalJson], null, 2)}\n`);
    } else {
      for (const line of [
        ...summaries.map(describeSummary),
        ...hospitalResults.map(describeHospitalResult),
      ]) {
        context.stdout.write(`${line}\n`);
      }
    }
    const failed = summaries.filter((summary) => summary.status === "failed");
    if (failed.length > 0 && values.json !== true) {
      context.stderr.write(
        `${failed.length} file${failed.length === 1 ? "" : "s"} failed:\n${failed.map((f) => `  ${whyFailed(f)}`).join("\n")}\n`,
      );
    }
    return failed.length > 0 ? EXIT.someFilesFailed : EXIT.ok;
  },
};
export default command;

/**
 * Merges the store's small units once enough are waiting (a payer's index leaves thousands). The
 * files are loaded whatever happens here: a compaction that fails is reported, and the next one
 * (or `ratelens compact`) starts again from a consistent store.
 */
async function compactAfterIngest(root: string, log: (line: string) => void): Promise<void> {
  try {
    const result = await compactUnits(root, { minUnits: INGEST_COMPACT_MIN_UNITS, log });
    if (result.skipped === undefined || result.finishedUnits > 0) log(describeCompaction(result));
  } catch (error) {
    log(`the small units were not merged: ${describeError(error)} (ratelens compact tries again)`);
  }
}

/** One line per file: what happened and the counts. */
function describeSummary(summary: IngestSummary): string {
  if (summary.status === "failed") return `failed: ${whyFailed(summary)}`;
  if (summary.status !== "ingested") {
    return `${summary.status}: ${summary.location}${summary.note === undefined ? "" : ` (${summary.note})`}`;
  }
  if (summary.kind === "table-of-contents") {
    const listed = `${(summary.plans ?? 0).toLocaleString("en-US")} plans, ${(summary.listedFiles ?? 0).toLocaleString("en-US")} distinct files listed`;
    return `ingested: ${summary.location}: file ${summary.fileId}, table-of-contents, ${listed}, ${summary.seconds.toFixed(1)} s`;
  }
  const parts = [
    `file ${summary.fileId}`,
    summary.kind,
    `${summary.items.toLocaleString("en-US")} items (${summary.keptItems.toLocaleString("en-US")} kept)`,
    `${summary.rows.toLocaleString("en-US")} ${summary.kind === "allowed-amounts" ? "allowed amounts" : "rates"}`,
    `${summary.providerGroups.toLocaleString("en-US")} provider groups`,
    `${summary.unresolvedReferences} unresolved references`,
    `${summary.seconds.toFixed(1)} s`,
  ];
  return `ingested: ${summary.location}: ${parts.join(", ")}`;
}

/** A failed file and why, its name said once: an error's message names its file already. */
function whyFailed(summary: IngestSummary): string {
  const note = summary.note ?? "failed";
  return note.startsWith(summary.location) ? note : `${summary.location}: ${note}`;
}
