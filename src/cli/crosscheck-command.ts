import { crosscheck } from "../analyze/crosscheck/crosscheck.js";
import { UsageError } from "../errors.js";
import { formatCrosscheck } from "../present/crosscheck-text.js";
import { defaultStorePath, Store } from "../store/store.js";
import type { Command } from "./command.js";
import { EXIT } from "./exit-code.js";
import { parseCommandArgs, splitList } from "./parse-command-args.js";

const usage = `ratelens crosscheck [--payer NAME] [--hospital NAME|EIN|NPI] [--codes LIST] [--tolerance DOLLARS] [--db PATH] [--json]

Compares the payer-specific negotiated charges in the loaded hospital price-transparency files with
the payers' own TiC rates for the same payer x hospital (EIN = TIN, or type-2 NPI) x code x setting:
agree (within the tolerance, default one cent), differ (both values and both sources), or missing on
one side. Only institutional TiC rates are compared; dollars, percentages and per-diem rates never mix.`;

const command: Command = {
  usage,
  async run(args, context) {
    const { values } = parseCommandArgs(
      args,
      {
        payer: { type: "string" },
        hospital: { type: "string" },
        codes: { type: "string" },
        tolerance: { type: "string" },
        db: { type: "string" },
        json: { type: "boolean" },
      },
      usage,
    );
    const tolerance = values.tolerance === undefined ? 0.01 : Number(values.tolerance);
    if (!Number.isFinite(tolerance) || tolerance < 0) {
      throw new UsageError(
        "--tolerance must be a number of dollars (or percentage points), 0 or more",
      );
    }
    const store = await Store.open(values.db ?? defaultStorePath(context.env));
    try {
      const codes = splitList(values.codes);
      const result = await crosscheck(store, {
        tolerance,
        ...(values.payer === undefined ? {} : { payer: values.payer }),
        ...(values.hospital === undefined ? {} : { hospital: values.hospital }),
        ...(codes.length === 0 ? {} : { codes }),
      });
      context.stdout.write(
        values.json === true ? `${JSON.stringify(result, null, 2)}\n` : formatCrosscheck(result),
      );
      return EXIT.ok;
    } finally {
      store.close();
    }
  },
};
export default command;
