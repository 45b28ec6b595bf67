import { access } from "node:fs/promises";
import { benchmarkCode } from "../analyze/benchmark/benchmark-code.js";
import { formatBenchmarkCsv, formatBenchmarkText } from "../present/text/benchmark-text.js";
import { parseBenchmarkFilters } from "../analyze/benchmark/parse-benchmark-filters.js";
import { loadReferenceData } from "../analyze/reference/load-reference-data.js";
import { DataMissingError, UsageError } from "../errors.js";
import { defaultStorePath, Store } from "../store/store.js";
import type { Command } from "./command.js";
import { parseCommandArgs, splitList } from "./parse-command-args.js";

const usage =
  "ratelens benchmark CODE[,CODE…] [--payer NAME[,NAME…]|BUCA] [--state XX[,XX…]] [--billing-class professional|institutional] " +
  "[--setting facility|nonfacility] [--modifier M] [--taxonomy CODE[,CODE…]] [--market state:MD|locality:12302-01|cbsa:12580|county:24005|zip:21201,21202|file:PATH] [--year YYYY (default: the latest year with RVUs and GPCIs)] [--as-of YYYY-MM (default: each payer and plan's latest release)] [--no-synthetic] [--db PATH] [--json|--csv]";

const options = {
  payer: { type: "string", multiple: true },
  state: { type: "string", multiple: true },
  "billing-class": { type: "string" },
  setting: { type: "string" },
  modifier: { type: "string" },
  taxonomy: { type: "string", multiple: true },
  market: { type: "string" },
  year: { type: "string" },
  "as-of": { type: "string" },
  "no-synthetic": { type: "boolean" },
  db: { type: "string" },
  json: { type: "boolean" },
  csv: { type: "boolean" },
} as const;

/** The command line's name for each filter parameter, for messages. */
const FLAGS: Readonly<Record<string, string>> = {
  billingClass: "--billing-class",
  synthetic: "--no-synthetic",
  asOf: "--as-of",
};

/** `ratelens benchmark`: parses the arguments, runs `benchmarkCode`, prints text, JSON or CSV. */
const command: Command = {
  usage,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(args, options, usage);
    const codes = positionals.flatMap((p) => splitList(p));
    if (codes.length === 0) throw new UsageError(`give a billing code\n\nusage: ${usage}`);
    if (values.json === true && values.csv === true) {
      throw new UsageError(`--json and --csv are exclusive\n\nusage: ${usage}`);
    }
    const year = values.year === undefined ? undefined : Number(values.year);
    if (year !== undefined && !Number.isInteger(year)) {
      throw new UsageError(`--year must be a year such as 2025 (got "${values.year ?? ""}")`);
    }
    const given: Readonly<Record<string, readonly string[] | undefined>> = {
      payer: values.payer,
      state: values.state,
      taxonomy: values.taxonomy,
      market: values.market === undefined ? undefined : [values.market],
      billingClass: values["billing-class"] === undefined ? undefined : [values["billing-class"]],
      setting: values.setting === undefined ? undefined : [values.setting],
      modifier: values.modifier === undefined ? undefined : [values.modifier],
      synthetic: values["no-synthetic"] === true ? ["false"] : undefined,
      asOf: values["as-of"] === undefined ? undefined : [values["as-of"]],
    };
    const filters = parseBenchmarkFilters(
      codes,
      (name) => given[name] ?? [],
      (name) => FLAGS[name] ?? `--${name}`,
      { allowFileMarket: true },
    );

    const path = values.db ?? defaultStorePath(context.env);
    // Opening a missing path would create an empty store and report "no rates": say what is wrong instead.
    if (path !== ":memory:") {
      await access(path).catch((error: unknown) => {
        throw new DataMissingError(
          `no store at ${path}: load rates first (ratelens ingest FILE --db ${path})`,
          { cause: error },
        );
      });
    }
    const store = await Store.open(path);
    try {
      const ref = await loadReferenceData(store);
      const result = await benchmarkCode(store, ref, filters, year === undefined ? {} : { year });
      if (values.json === true) context.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else if (values.csv === true) context.stdout.write(formatBenchmarkCsv(result));
      else context.stdout.write(formatBenchmarkText(result));
      return 0;
    } finally {
      store.close();
    }
  },
};
export default command;
