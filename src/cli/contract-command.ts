import { access, readFile, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { evaluateFeeSchedule } from "../analyze/contracts/evaluate-fee-schedule.js";
import { parseOffer } from "../analyze/contracts/parse-offer.js";
import { parseMarket, marketText } from "../analyze/markets/parse-market.js";
import { loadReferenceData } from "../analyze/reference/load-reference-data.js";
import { DataMissingError, NotFoundError, UsageError } from "../errors.js";
import { formatContractCsv, formatContractText } from "../present/contracts/contract-text.js";
import { contractWorkbook } from "../present/contracts/contract-workbook.js";
import { defaultStorePath, Store } from "../store/store.js";
import type { Command } from "./command.js";
import { parseCommandArgs } from "./parse-command-args.js";

const usage =
  "ratelens contract FILE.csv|FILE.xlsx [--market national|state:MD|locality:12302-01|cbsa:12580|county:24005|zip:21201,21202|file:PATH] " +
  '[--zip PRACTICE_ZIP | --locality 12302-01] [--offer "140% medicare"|p60|+4%|$250] [--year 2025] [--db PATH] [--json | --csv | --xlsx OUT.xlsx]';

const options = {
  market: { type: "string" },
  zip: { type: "string" },
  locality: { type: "string" },
  offer: { type: "string" },
  year: { type: "string" },
  db: { type: "string" },
  json: { type: "boolean" },
  csv: { type: "boolean" },
  xlsx: { type: "string" },
} as const;

/** `ratelens contract`: a fee schedule against its market and Medicare, with a what-if offer. */
const command: Command = {
  usage,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(args, options, usage);
    const file = positionals[0];
    if (file === undefined || positionals.length > 1) {
      throw new UsageError(`give one fee schedule (CSV or .xlsx)\n\nusage: ${usage}`);
    }
    if ([values.json, values.csv, values.xlsx !== undefined].filter(Boolean).length > 1) {
      throw new UsageError(`--json, --csv and --xlsx are exclusive\n\nusage: ${usage}`);
    }
    if (values.zip !== undefined && values.locality !== undefined) {
      throw new UsageError("give --zip or --locality, not both");
    }
    if (values.zip !== undefined && !/^\d{5}$/.test(values.zip)) {
      throw new UsageError(`--zip must be a 5-digit ZIP code, not "${values.zip}"`);
    }
    const year = values.year === undefined ? undefined : Number(values.year);
    if (year !== undefined && !/^\d{4}$/.test(values.year ?? "")) {
      throw new UsageError(`--year must be a year such as 2025 (got "${values.year ?? ""}")`);
    }
    const market = values.market === undefined ? undefined : marketText(parseMarket(values.market));
    const offer = values.offer === undefined ? null : parseOffer(values.offer);
    const content = await readFile(file).catch((error: unknown) => {
      throw new NotFoundError(`cannot read the fee schedule ${file}`, { cause: error });
    });

    const path = values.db ?? defaultStorePath(context.env);
    if (path !== ":memory:") {
      await access(path).catch((error: unknown) => {
        throw new DataMissingError(
          `no store at ${path}: load rates first (ratelens demo, or ratelens ingest FILE --db ${path})`,
          { cause: error },
        );
      });
    }
    const store = await Store.open(path);
    try {
      const ref = await loadReferenceData(store);
      const evaluation = await evaluateFeeSchedule(
        store,
        ref,
        { name: basename(file), content },
        {
          ...(market === undefined ? {} : { market }),
          ...(values.zip === undefined ? {} : { zip: values.zip }),
          ...(values.locality === undefined ? {} : { locality: values.locality }),
          ...(year === undefined ? {} : { year }),
          offer,
        },
      );
      if (values.json === true) context.stdout.write(`${JSON.stringify(evaluation, null, 2)}\n`);
      else if (values.csv === true) context.stdout.write(formatContractCsv(evaluation));
      else if (values.xlsx !== undefined) {
        await writeFile(values.xlsx, await contractWorkbook(evaluation));
        context.stdout.write(
          `wrote ${values.xlsx}: a summary sheet and ${evaluation.payers.length} payer sheet(s), ${evaluation.lines.length} line(s)\n`,
        );
      } else context.stdout.write(formatContractText(evaluation));
      return 0;
    } finally {
      store.close();
    }
  },
};
export default command;
