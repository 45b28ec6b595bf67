import { readFile } from "node:fs/promises";
import { InputError, UsageError } from "../errors.js";
import { ingestFiles, type IngestSummary } from "../sources/tic/ingest.js";
import { describeHospitalResult, ingestHospitalInputs, splitHospitalInputs } from "../ingest/hospital/route-hospital-inputs.js";
import { defaultStorePath, Store } from "../store/store.js";
import type { Command } from "./command.js";
import { EXIT } from "./exit-code.js";
import { parseCommandArgs, splitList } from "./parse-command-args.js";

const usage = `ratelens ingest <path | https URL | -> ... [options]

Streams Transparency in Coverage files into the store: in-network rates (schema 1.0-2.2, plain JSON,
gzip or zip), allowed amounts, and table-of-contents index files (the files they list are ingested in
turn, their locations resolved relative to the index, and the plans they cover recorded). A file
already loaded (same SHA-256) is skipped; a file that fails midway leaves nothing in the store, and
the error names the file and the byte offset or JSON path (exit 3). Exit 6 when a file listed by an
index could not be fetched (the others are still loaded). Hospital price-transparency files (CMS
template CSV/JSON v2.0-3.0, or the pre-template standard-charges CSV) are recognised by content and
loaded into the hospital tables (see ratelens validate, ratelens crosscheck).

options:
  --db PATH           store file (default ./ratelens.duckdb, or $RATELENS_DB)
  --codes LIST        keep only these billing codes, e.g. 64490,64491 (others are skipped unparsed)
  --codes-file PATH   keep only the codes listed in a file (one per line, or comma/space separated)
  --npis LIST         keep only rates whose provider group lists one of these NPIs
  --workers N         parse threads (default 2 without a filter, 0 with one; 0 = parse on the main thread)
  --offline           fetch nothing: remote provider references are recorded as unresolved, an
                      index's remote files are skipped, URL inputs are refused
  --cache-dir DIR     cache for remote references and downloaded archives (default .cache)
  --synthetic         mark the files as synthetic (generated) data
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
        offline: { type: "boolean" },
        "cache-dir": { type: "string" },
        synthetic: { type: "boolean" },
        json: { type: "boolean" },
      },
      usage,
    );
    if (positionals.length === 0) throw new UsageError(`name at least one file, URL or -\n\nusage: ${usage}`);
    const codes = splitList(values.codes);
    if (values["codes-file"] !== undefined) {
      let text: string;
      try {
        text = await readFile(values["codes-file"], "utf8");
      } catch (error) {
        throw new InputError(values["codes-file"], {}, `cannot read the codes file: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      codes.push(...splitList(text));
    }
    const npis = splitList(values.npis).map((npi) => {
      if (!/^\d{1,15}$/.test(npi)) throw new UsageError(`--npis: "${npi}" is not an NPI`);
      return Number(npi);
    });
    let workers: number | undefined;
    if (values.workers !== undefined) {
      workers = Number(values.workers);
      if (!Number.isInteger(workers) || workers < 0 || workers > 16) throw new UsageError("--workers must be a whole number from 0 to 16");
    }
    // The buffer pool is kept small: the ingester streams, and peak RSS must stay low on big files.
    const store = await Store.open(values.db ?? defaultStorePath(context.env), { memoryLimit: "128MB" });
    let summaries: IngestSummary[];
    let hospitalResults;
    try {
      const inputs = await splitHospitalInputs(positionals);
      hospitalResults = await ingestHospitalInputs(store, inputs.hospital, { synthetic: values.synthetic === true });
      summaries = inputs.other.length === 0 ? [] : await ingestFiles(
        store,
        inputs.other,
        {
          ...(codes.length > 0 ? { codes: new Set(codes) } : {}),
          ...(npis.length > 0 ? { npis: new Set(npis) } : {}),
          ...(workers === undefined ? {} : { workers }),
          offline: values.offline === true,
          synthetic: values.synthetic === true,
          ...(values["cache-dir"] === undefined ? {} : { cacheDir: values["cache-dir"] }),
        },
        { stream: context.stderr, interactive: context.interactive },
      );
    } finally {
      store.close();
    }
    if (values.json === true) context.stdout.write(`${JSON.stringify([...summaries, ...hospitalResults.map((r) => ({ kind: "hospital-price-transparency", ...r, findings: r.findings.slice(0, 100) }))], null, 2)}\n`);
    else for (const line of [...summaries.map(describeSummary), ...hospitalResults.map(describeHospitalResult)]) context.stdout.write(`${line}\n`);
    return summaries.some((summary) => summary.status === "failed") ? EXIT.upstream : EXIT.ok;
  },
};
export default command;

/** One line per file: what happened and the counts. */
function describeSummary(summary: IngestSummary): string {
  if (summary.status !== "ingested") return `${summary.status}: ${summary.location}${summary.note === undefined ? "" : ` (${summary.note})`}`;
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
