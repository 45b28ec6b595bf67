import { UsageError } from "../errors.js";
import { describeQueueStatus, queueStatus } from "../ingest/queue/queue-status.js";
import type { Command } from "./command.js";
import { EXIT } from "./exit-code.js";
import { parseCommandArgs } from "./parse-command-args.js";

const usage = `ratelens queue status --queue redis://HOST:PORT [--json] [--limit N]

The ingest queue at a glance: files waiting, running (and on which worker), waiting for a retry,
done and failed, with each failure's reason (the first N, default 20). Redis not reachable: exit 6.
Once the queue is drained, \`ratelens compact --db STORE\` merges the many small units the workers
wrote, so queries stay fast.`;

const command: Command = {
  usage,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(
      args,
      { queue: { type: "string" }, json: { type: "boolean" }, limit: { type: "string" } },
      usage,
    );
    if (positionals[0] !== "status" || positionals.length > 1) {
      throw new UsageError(`the queue command is "queue status"\n\nusage: ${usage}`);
    }
    if (values.queue === undefined) {
      throw new UsageError(`--queue redis://HOST:PORT is required\n\nusage: ${usage}`);
    }
    const limit = values.limit === undefined ? 20 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
      throw new UsageError("--limit must be a whole number from 1 to 10000");
    }
    const status = await queueStatus(values.queue, { limit });
    context.stdout.write(
      values.json === true ? `${JSON.stringify(status, null, 2)}\n` : describeQueueStatus(status),
    );
    return EXIT.ok;
  },
};
export default command;
