import { access } from "node:fs/promises";
import { compareReleases } from "../analyze/changes/compare-releases.js";
import { DataMissingError, UsageError } from "../errors.js";
import { formatChangesCsv, formatChangesText } from "../present/text/changes-text.js";
import { parseBillingCode } from "../sources/billing-code.js";
import { defaultStorePath, Store } from "../store/store.js";
import type { Command } from "./command.js";
import { EXIT } from "./exit-code.js";
import { parseCommandArgs, splitList } from "./parse-command-args.js";

const usage = `ratelens changes PAYER [--from YYYY-MM] [--to YYYY-MM] [--codes CODE,…] [--market M] [--limit N] [--json|--csv] [--db PATH]

What moved between two monthly releases of a payer's in-network files: rates added, dropped and
changed per code × provider (TIN, NPI) × billing class × setting × modifier, with old and new
amounts and the change in dollars and percent, a summary per code, and rate-type changes
(negotiated → percentage) apart. Default: the latest release against the one before it. A plan
not republished in a month carries its latest earlier file forward. Text lists --limit changes
(default 50); --json and --csv list them all. --market (state:MD, cbsa:12580, locality:…,
county:…, zip:…, or file:PATH, as for benchmarks) compares only providers whose NPPES practice ZIP
is in it (load the NPI registry first: ratelens import nppes).`;

const options = {
  from: { type: "string" },
  to: { type: "string" },
  codes: { type: "string", multiple: true },
  limit: { type: "string" },
  market: { type: "string" },
  db: { type: "string" },
  json: { type: "boolean" },
  csv: { type: "boolean" },
} as const;

/** `ratelens changes`: parses the arguments, runs `compareReleases`, prints text, JSON or CSV. */
const command: Command = {
  usage,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(args, options, usage);
    const payer = positionals.join(" ").trim();
    if (payer === "") {
      throw new UsageError(`give a payer (as \`ratelens files\` shows it)\n\nusage: ${usage}`);
    }
    if (values.json === true && values.csv === true) {
      throw new UsageError(`--json and --csv are exclusive\n\nusage: ${usage}`);
    }
    const codes = (values.codes ?? [])
      .flatMap((value) => splitList(value))
      .map((raw) => {
        const code = parseBillingCode(raw);
        if (code === null) throw new UsageError(`--codes: "${raw}" is not a CPT/HCPCS code`);
        return code;
      });
    const limit = values.limit === undefined ? 50 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 0) {
      throw new UsageError(`--limit must be a whole number (got "${values.limit ?? ""}")`);
    }
    const path = values.db ?? defaultStorePath(context.env);
    if (path !== ":memory:") {
      await access(path).catch((error: unknown) => {
        throw new DataMissingError(
          `no store at ${path}: load two monthly releases first (ratelens ingest FILE --db ${path})`,
          { cause: error },
        );
      });
    }
    const store = await Store.open(path);
    try {
      const listAll = values.json === true || values.csv === true;
      const result = await compareReleases(store, {
        payer,
        ...(values.from === undefined ? {} : { from: values.from }),
        ...(values.to === undefined ? {} : { to: values.to }),
        ...(codes.length === 0 ? {} : { codes }),
        ...(values.market === undefined ? {} : { market: values.market }),
        ...(listAll && values.limit === undefined ? {} : { limit }),
      });
      if (values.json === true) context.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else if (values.csv === true) context.stdout.write(formatChangesCsv(result));
      else context.stdout.write(formatChangesText(result));
      return EXIT.ok;
    } finally {
      store.close();
    }
  },
};
export default command;
