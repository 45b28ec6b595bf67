import { access } from "node:fs/promises";
import { benchmarkCode } from "../analyze/benchmark/benchmark-code.js";
import { formatBenchmarkCsv, formatBenchmarkText } from "../analyze/benchmark/benchmark-text.js";
import type { BenchmarkFilters } from "../analyze/benchmark/benchmark-types.js";
import { loadReferenceData } from "../analyze/reference/load-reference-data.js";
import { DataMissingError, UsageError } from "../errors.js";
import { defaultStorePath, Store } from "../store/store.js";
import type { Command } from "./command.js";
import { parseCommandArgs, splitList } from "./parse-command-args.js";

const usage =
  "ratelens benchmark CODE[,CODE…] [--payer NAME[,NAME…]|BUCA] [--state XX[,XX…]] [--billing-class professional|institutional] " +
  "[--setting facility|nonfacility] [--modifier M] [--taxonomy CODE[,CODE…]] [--year 2025|2026] [--no-synthetic] [--db PATH] [--json|--csv]";

const options = {
  payer: { type: "string", multiple: true },
  state: { type: "string", multiple: true },
  "billing-class": { type: "string" },
  setting: { type: "string" },
  modifier: { type: "string" },
  taxonomy: { type: "string", multiple: true },
  year: { type: "string" },
  "no-synthetic": { type: "boolean" },
  db: { type: "string" },
  json: { type: "boolean" },
  csv: { type: "boolean" },
} as const;

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  const found = allowed.find((a) => a === value.toLowerCase());
  if (found === undefined) throw new UsageError(`${flag} must be one of ${allowed.join(", ")} (got "${value}")\n\nusage: ${usage}`);
  return found;
}

/** `ratelens benchmark`: parses the arguments, runs `benchmarkCode`, prints text, JSON or CSV. */
const command: Command = {
  usage,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(args, options, usage);
    const codes = positionals.flatMap((p) => splitList(p));
    if (codes.length === 0) throw new UsageError(`give a billing code\n\nusage: ${usage}`);
    if (values.json === true && values.csv === true) throw new UsageError(`--json and --csv are exclusive\n\nusage: ${usage}`);
    const year = values.year === undefined ? undefined : Number(values.year);
    if (year !== undefined && !Number.isInteger(year)) throw new UsageError(`--year must be a year such as 2025 (got "${values.year ?? ""}")`);
    const filters: BenchmarkFilters = { codes };
    const payers = (values.payer ?? []).flatMap((p) => p.split(",").map((s) => s.trim()).filter((s) => s !== ""));
    if (payers.length > 0) filters.payers = payers;
    const states = (values.state ?? []).flatMap((s) => splitList(s)).map((s) => s.toUpperCase());
    if (states.length > 0) filters.states = states;
    const taxonomies = (values.taxonomy ?? []).flatMap((t) => splitList(t)).map((t) => t.toUpperCase());
    if (taxonomies.length > 0) filters.taxonomies = taxonomies;
    const billingClass = oneOf(values["billing-class"], ["professional", "institutional"] as const, "--billing-class");
    if (billingClass !== undefined) filters.billingClass = billingClass;
    const setting = oneOf(values.setting, ["facility", "nonfacility"] as const, "--setting");
    if (setting !== undefined) filters.facilityClass = setting;
    if (values.modifier !== undefined) filters.modifier = values.modifier.toUpperCase();
    if (values["no-synthetic"] === true) filters.includeSynthetic = false;

    const path = values.db ?? defaultStorePath(context.env);
    // Opening a missing path would create an empty store and report "no rates": say what is wrong instead.
    if (path !== ":memory:") {
      await access(path).catch((error: unknown) => {
        throw new DataMissingError(`no store at ${path}: load rates first (ratelens ingest FILE --db ${path})`, { cause: error });
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
