import type { Command } from "./command.js";
import { parseCommandArgs } from "./parse-command-args.js";
import { loadReferenceData } from "../analyze/reference/load-reference-data.js";
import { parseAccess, parsePort, serveUntilStopped } from "./serve-until-stopped.js";
import { defaultStorePath, Store } from "../store/store.js";

const USAGE =
  "ratelens serve [--db PATH] [--port N] [--host ADDRESS --token TOKEN] [--publications DIR] [--watch FILE]";

/** `ratelens serve`: the publications, the web UI and the JSON API over the store, until Ctrl-C. */
const command: Command = {
  usage: USAGE,
  async run(args, context) {
    const { values } = parseCommandArgs(
      args,
      {
        db: { type: "string" },
        port: { type: "string" },
        host: { type: "string" },
        token: { type: "string" },
        publications: { type: "string", default: "out/publications" },
        watch: { type: "string" },
      },
      USAGE,
    );
    const port = parsePort(values.port ?? context.env.PORT);
    // Checked before opening the store: an exposed server without a token never starts.
    const access = parseAccess(values.host, values.token ?? context.env.RATELENS_TOKEN);
    const store = await Store.open(values.db ?? defaultStorePath(context.env));
    try {
      const ref = await loadReferenceData(store);
      await serveUntilStopped({
        store,
        ref,
        publicationsDir: values.publications,
        ...(values.watch === undefined ? {} : { watchFile: values.watch }),
        port,
        hostname: access.host,
        token: access.token,
        stdout: context.stdout,
        stderr: context.stderr,
      });
    } finally {
      store.close();
    }
    return 0;
  },
};
export default command;
