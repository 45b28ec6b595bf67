import type { Command } from "./command.js";
import { parseCommandArgs, splitList } from "./parse-command-args.js";
import { loadReferenceData } from "../analyze/reference/load-reference-data.js";
import { UsageError } from "../errors.js";
import { parseBenchmarkFilters, parseCode } from "../analyze/benchmark/parse-benchmark-filters.js";
import { writePublication } from "../present/report/write-publication.js";
import { defaultStorePath, Store } from "../store/store.js";

const USAGE =
  "ratelens report CODE... [--out DIR] [--db PATH] [--year YYYY] [--payer P,...] [--state XX,...] [--setting facility|nonfacility] [--as-of YYYY-MM] [--no-synthetic]";

/** `ratelens report 64491`: writes `<out>/64491.html`, `.md` and `.json` and prints their paths. */
const command: Command = {
  usage: USAGE,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        out: { type: "string", default: "out/publications" },
        db: { type: "string" },
        year: { type: "string" },
        payer: { type: "string" },
        state: { type: "string" },
        setting: { type: "string" },
        "as-of": { type: "string" },
        "no-synthetic": { type: "boolean", default: false },
      },
      USAGE,
    );
    if (positionals.length === 0) throw new UsageError(`give at least one code\n\nusage: ${USAGE}`);
    const codes = positionals.flatMap((value) => splitList(value)).map(parseCode);
    let year: number | undefined;
    if (values.year !== undefined) {
      if (!/^20\d\d$/.test(values.year)) {
        throw new UsageError(`--year must be a four-digit year, got "${values.year}"`);
      }
      year = Number(values.year);
    }
    const query: Record<string, string[]> = {
      payer: values.payer === undefined ? [] : [values.payer],
      state: values.state === undefined ? [] : [values.state],
      setting: values.setting === undefined ? [] : [values.setting],
      synthetic: values["no-synthetic"] ? ["false"] : [],
      asOf: values["as-of"] === undefined ? [] : [values["as-of"]],
    };
    // The code in these filters is replaced per code by writePublication.
    const filters = parseBenchmarkFilters(
      codes[0]!,
      (name) => query[name] ?? [],
      (name) => (name === "asOf" ? "--as-of" : `--${name}`),
    );
    const store = await Store.open(values.db ?? defaultStorePath(context.env));
    try {
      const ref = await loadReferenceData(store);
      for (const code of codes) {
        const written = await writePublication(store, ref, code, values.out, {
          filters,
          ...(year === undefined ? {} : { year }),
        });
        const note = written.publication.synthetic ? " (contains synthetic data, labelled)" : "";
        // Real payer data first: the page including the synthetic demo data is written beside it.
        const other =
          written.alternate === undefined
            ? ""
            : `       including synthetic data, labelled: ${written.alternate.html}\n`;
        context.stdout.write(
          `${code}: ${written.html}\n       ${written.markdown}\n       ${written.json}${note}\n${other}`,
        );
      }
    } finally {
      store.close();
    }
    return 0;
  },
};
export default command;
