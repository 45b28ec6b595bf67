import { progressReporter } from "../present/progress.js";
import { writeReference } from "../store/reference-writer.js";
import type { Command } from "./command.js";
import { UsageError } from "../errors.js";
import {
  importReferenceFile,
  REFERENCE_KINDS,
  type ReferenceKind,
} from "../ingest/import-reference.js";
import { defaultStorePath, Store } from "../store/store.js";
import { parseCommandArgs } from "./parse-command-args.js";

const usage = `ratelens import KIND FILE... [--year N] [--edition E] [--state XX] [--effective YYYY-MM-DD] [--db PATH]
  KIND: ${REFERENCE_KINDS.join(" | ")} | nppes
  pfs FILE        CMS PPRRVU relative value CSV (year read from its title, or --year)
  gpci FILE       CMS GPCI CSV (Addendum E)            locality FILE   CMS yyLOCCO counties CSV
  zip FILE        CMS ZIP5 ZIP-code-to-carrier-locality fixed-width file
  ncci-ptp FILE…  NCCI PTP edits (bundled CSV or CMS tab-delimited parts; --edition = effective date)
  ncci-mue FILE   NCCI MUE table               ncci-aoc FILE   NCCI add-on code table
  icd10 FILE      ICD-10-CM (CSV, or CDC's codes/order .txt)
  taxonomy FILE   NUCC taxonomy CSV            pos FILE        place-of-service CSV
  medicaid FILE   state Medicaid fee schedule CSV (--state XX required)
  nppes FILE      NPPES NPI registry file`;

const command: Command = {
  usage,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        year: { type: "string" },
        edition: { type: "string" },
        state: { type: "string" },
        effective: { type: "string" },
        db: { type: "string" },
      },
      usage,
    );
    const [kind, ...files] = positionals;
    if (kind === undefined || files.length === 0) throw new UsageError(`usage: ${usage}`);
    const store = await Store.open(values.db ?? defaultStorePath(context.env));
    try {
      if (kind === "nppes") {
        if (files.length !== 1) throw new UsageError("ratelens import nppes takes one FILE");
        // Loaded only for this kind, so the reference imports do not pay for the NPPES reader.
        const { importNppes } = await import("../ingest/import-nppes.js");
        await writeReference(store, (target) =>
          importNppes(target, files[0]!, {
            reporter: progressReporter(context.stderr, context.interactive),
          }),
        );
        return 0;
      }
      if (!(REFERENCE_KINDS as readonly string[]).includes(kind)) {
        throw new UsageError(`unknown import kind "${kind}"\n\nusage: ${usage}`);
      }
      let year: number | undefined;
      if (values.year !== undefined) {
        year = Number(values.year);
        if (!/^\d{4}$/.test(values.year)) {
          throw new UsageError(`--year must be a four-digit year, not "${values.year}"`);
        }
      }
      const summary = await writeReference(store, (target) =>
        importReferenceFile(target, kind as ReferenceKind, files, {
          ...(year === undefined ? {} : { year }),
          ...(values.edition === undefined ? {} : { edition: values.edition }),
          ...(values.state === undefined ? {} : { state: values.state }),
          ...(values.effective === undefined ? {} : { effective: values.effective }),
          reporter: progressReporter(context.stderr, context.interactive),
        }),
      );
      context.stdout.write(
        `imported ${summary.rows.toLocaleString("en-US")} ${summary.kind} rows (${summary.year === null ? "" : `year ${summary.year}, `}edition ${summary.edition}) into ${store.path}\n` +
          `  from ${summary.label}\n  sha256 ${summary.sha256}\n`,
      );
      return 0;
    } finally {
      store.close();
    }
  },
};
export default command;
