import type { Command } from "./command.js";
import { parseCommandArgs } from "./parse-command-args.js";
import { runDemo } from "../demo/run-demo.js";
import { parseAccess, parsePort, serveUntilStopped } from "./serve-until-stopped.js";
import { defaultStorePath } from "../store/store.js";

const USAGE =
  "ratelens demo [--db PATH] [--out DIR] [--port N] [--host ADDRESS --token TOKEN] [--no-serve]";

/**
 * `ratelens demo` (`npm start`): loads the bundled real and synthetic data, writes the
 * publications to `<out>/publications/`, then serves them (unless `--no-serve`).
 */
const command: Command = {
  usage: USAGE,
  async run(args, context) {
    const { values } = parseCommandArgs(
      args,
      {
        db: { type: "string" },
        out: { type: "string", default: "out" },
        port: { type: "string" },
        host: { type: "string" },
        token: { type: "string" },
        "no-serve": { type: "boolean", default: false },
      },
      USAGE,
    );
    // Checked before the load so a bad port fails in a second, not after it.
    const port = parsePort(values.port ?? context.env.PORT);
    // Checked before opening the store: an exposed server without a token never starts.
    const access = parseAccess(values.host, values.token ?? context.env.RATELENS_TOKEN);
    const outcome = await runDemo({
      dbPath: values.db ?? defaultStorePath(context.env),
      outDir: values.out,
      stderr: context.stderr,
      interactive: context.interactive,
    });
    try {
      // Only point at served pages when a server follows; --no-serve ends here.
      const served = values["no-serve"] ? "" : ", or the served pages at the address below";
      context.stdout.write(
        `Publications written to ${outcome.publicationsDir}/ (open ${outcome.indexPath} in a browser${served}).\n`,
      );
      if (values["no-serve"]) return 0;
      await serveUntilStopped({
        store: outcome.store,
        ref: outcome.ref,
        publicationsDir: outcome.publicationsDir,
        port,
        hostname: access.host,
        token: access.token,
        stdout: context.stdout,
        stderr: context.stderr,
      });
    } finally {
      outcome.store.close();
    }
    return 0;
  },
};
export default command;
