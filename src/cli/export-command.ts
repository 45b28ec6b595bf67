import { UsageError } from "../errors.js";
import { exportParquet, TIC_EXPORT_TABLES } from "../store/parquet-export.js";
import { defaultStorePath, Store } from "../store/store.js";
import type { Command } from "./command.js";
import { EXIT } from "./exit-code.js";
import { parseCommandArgs, splitList } from "./parse-command-args.js";

const usage = `ratelens export --format parquet [--out DIR] [--tables LIST] [--db PATH]

Writes the normalised Transparency in Coverage tables (${TIC_EXPORT_TABLES.join(", ")}) as
DIR/<table>.parquet (default DIR: ./out/export), zstd-compressed, file_id included for provenance.`;

const command: Command = {
  usage,
  async run(args, context) {
    const { values } = parseCommandArgs(
      args,
      {
        format: { type: "string", default: "parquet" },
        out: { type: "string", default: "out/export" },
        tables: { type: "string" },
        db: { type: "string" },
      },
      usage,
    );
    if (values.format !== "parquet") {
      throw new UsageError(`--format: only parquet is supported\n\nusage: ${usage}`);
    }
    const tables = values.tables === undefined ? [...TIC_EXPORT_TABLES] : splitList(values.tables);
    const unknown = tables.filter(
      (table) => !(TIC_EXPORT_TABLES as readonly string[]).includes(table),
    );
    if (unknown.length > 0) {
      throw new UsageError(
        `--tables: unknown table(s) ${unknown.join(", ")} (choose from ${TIC_EXPORT_TABLES.join(", ")})`,
      );
    }
    const store = await Store.open(values.db ?? defaultStorePath(context.env));
    try {
      for (const written of await exportParquet(store, values.out, tables)) {
        context.stdout.write(`${written.path}  ${written.rows.toLocaleString("en-US")} rows\n`);
      }
      return EXIT.ok;
    } finally {
      store.close();
    }
  },
};
export default command;
