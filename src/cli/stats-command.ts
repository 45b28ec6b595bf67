import { defaultStorePath, Store } from "../store/store.js";
import { ticStats } from "../store/tic-stats.js";
import type { Command } from "./command.js";
import { EXIT } from "./exit-code.js";
import { parseCommandArgs } from "./parse-command-args.js";

const usage = `ratelens stats [--db PATH] [--json]

Row counts of the Transparency in Coverage tables, and rate rows by unit (dollars, percent, per_diem).`;

const command: Command = {
  usage,
  async run(args, context) {
    const { values } = parseCommandArgs(
      args,
      { db: { type: "string" }, json: { type: "boolean" } },
      usage,
    );
    const store = await Store.open(values.db ?? defaultStorePath(context.env));
    try {
      const stats = await ticStats(store);
      if (values.json === true) {
        context.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
        return EXIT.ok;
      }
      const width = Math.max(...Object.keys(stats.tables).map((name) => name.length));
      for (const [table, rows] of Object.entries(stats.tables)) {
        context.stdout.write(
          `${table.padEnd(width)}  ${rows.toLocaleString("en-US").padStart(14)}\n`,
        );
      }
      const units = Object.entries(stats.ratesByUnit).map(
        ([unit, rows]) => `${unit} ${rows.toLocaleString("en-US")}`,
      );
      if (units.length > 0) context.stdout.write(`rates by unit: ${units.join(", ")}\n`);
      if (stats.syntheticFiles > 0) {
        context.stdout.write(
          `${stats.syntheticFiles} of the files are SYNTHETIC (generated) data\n`,
        );
      }
      return EXIT.ok;
    } finally {
      store.close();
    }
  },
};
export default command;
