import { access } from "node:fs/promises";
import {
  listReleaseFiles,
  payerFiles,
  releasesOf,
  undatedFiles,
} from "../analyze/releases/list-releases.js";
import { DataMissingError, NotFoundError, UsageError } from "../errors.js";
import { formatReleasesText } from "../present/text/releases-text.js";
import { defaultStorePath, Store } from "../store/store.js";
import type { Command } from "./command.js";
import { EXIT } from "./exit-code.js";
import { parseCommandArgs } from "./parse-command-args.js";

const usage = `ratelens releases PAYER [--json] [--db PATH]

A payer's monthly releases: each loaded in-network file with its plan or network and its release
month, and where that month came from (last_updated_on, the index's date or the file name).`;

/** `ratelens releases`: lists a payer's releases (`releasesOf`). */
const command: Command = {
  usage,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(
      args,
      { db: { type: "string" }, json: { type: "boolean" } },
      usage,
    );
    const payer = positionals.join(" ").trim();
    if (payer === "") {
      throw new UsageError(`give a payer (as \`ratelens files\` shows it)\n\nusage: ${usage}`);
    }
    const path = values.db ?? defaultStorePath(context.env);
    if (path !== ":memory:") {
      await access(path).catch((error: unknown) => {
        throw new DataMissingError(
          `no store at ${path}: load a payer's files first (ratelens ingest FILE --db ${path})`,
          { cause: error },
        );
      });
    }
    const store = await Store.open(path);
    try {
      const files = await listReleaseFiles(store);
      const mine = payerFiles(files, payer);
      if (mine.length === 0) {
        throw new NotFoundError(
          `no in-network files of payer "${payer}" are loaded (ratelens files lists them)`,
        );
      }
      const releases = releasesOf(files, payer);
      const undated = undatedFiles(files, payer);
      if (values.json === true) {
        context.stdout.write(
          `${JSON.stringify({ payer: mine[0]?.payer.payer ?? payer, releases, undated }, null, 2)}\n`,
        );
      } else {
        context.stdout.write(formatReleasesText(mine[0]?.payer.payer ?? payer, releases, undated));
      }
      return EXIT.ok;
    } finally {
      store.close();
    }
  },
};
export default command;
