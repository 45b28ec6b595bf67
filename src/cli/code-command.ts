import type { Command } from "./command.js";
import { UsageError } from "../errors.js";
import { getCodeEntry } from "../analyze/codes/get-code-entry.js";
import { renderCodeEntry, renderSearchHits } from "../present/text/render-code-entry.js";
import { searchCodes } from "../analyze/codes/search-codes.js";
import { loadReferenceDataAt } from "../analyze/reference/load-reference-at.js";
import { defaultStorePath } from "../store/store.js";
import { parseCommandArgs } from "./parse-command-args.js";

const usage = `ratelens code CODE [--json] [--db PATH]
ratelens code search WORDS... [--limit N] [--json] [--db PATH]   e.g. code search "cervical medial branch block second level"`;

const command: Command = {
  usage,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(
      args,
      { json: { type: "boolean" }, limit: { type: "string" }, db: { type: "string" } },
      usage,
    );
    if (positionals.length === 0) throw new UsageError(`usage: ${usage}`);
    const ref = await loadReferenceDataAt(values.db ?? defaultStorePath(context.env));
    if (positionals[0] === "search") {
      const query = positionals.slice(1).join(" ").trim();
      if (query === "") throw new UsageError(`usage: ${usage}`);
      const limit = values.limit === undefined ? 10 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1) {
        throw new UsageError(
          `--limit must be a positive whole number, not "${values.limit ?? ""}"`,
        );
      }
      const hits = searchCodes(ref, query, limit);
      context.stdout.write(
        values.json === true
          ? `${JSON.stringify({ query, hits }, null, 2)}\n`
          : renderSearchHits(query, hits),
      );
      return 0;
    }
    if (positionals.length > 1) throw new UsageError(`one code at a time\n\nusage: ${usage}`);
    const entry = getCodeEntry(ref, positionals[0]!);
    context.stdout.write(
      values.json === true ? `${JSON.stringify(entry, null, 2)}\n` : renderCodeEntry(entry),
    );
    return 0;
  },
};
export default command;
