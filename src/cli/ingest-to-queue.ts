import { resolve } from "node:path";
import { UsageError } from "../errors.js";
import { describeEnqueue, enqueueFromIndex } from "../ingest/queue/enqueue-index.js";
import { parseRedisUrl } from "../ingest/queue/redis-url.js";
import { isUrl } from "../sources/tic/open-input.js";
import type { CommandContext } from "./command.js";
import { EXIT } from "./exit-code.js";

/** What `ratelens ingest … --queue URL` passes on to the workers through each job. */
export interface QueueIngestOptions {
  readonly codes: readonly string[];
  readonly npis: readonly number[];
  readonly synthetic: boolean;
  readonly cacheDir?: string;
  readonly json: boolean;
}

/**
 * `ratelens ingest INDEX|FILE|URL... --queue redis://HOST:PORT`: streams each index and queues one
 * job per distinct file it lists (an input that is not an index is queued itself), for `ratelens
 * worker` processes on any machine; nothing is loaded here. The plans that list a file travel in its
 * job and are recorded with its unit; `--codes` / `--npis` apply in the workers.
 */
export async function ingestToQueue(
  queueUrl: string,
  inputs: readonly string[],
  options: QueueIngestOptions,
  context: CommandContext,
): Promise<number> {
  const address = parseRedisUrl(queueUrl);
  // A worker reads a job's location itself, on its own machine and in its own directory: standard
  // input cannot travel, and a relative path is made absolute here.
  const locations = inputs.map((input) => {
    if (input === "-") {
      throw new UsageError(
        "ingest --queue cannot queue standard input: name the file, or an index on a shared path or URL",
      );
    }
    return isUrl(input) ? input : resolve(input);
  });
  const summary = await enqueueFromIndex(queueUrl, locations, {
    ...(options.codes.length === 0 ? {} : { codes: options.codes }),
    ...(options.npis.length === 0 ? {} : { npis: options.npis }),
    ...(options.synthetic ? { synthetic: true } : {}),
    ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
  });
  context.stdout.write(
    options.json
      ? `${JSON.stringify({ queue: address.display, ...summary }, null, 2)}\n`
      : `${describeEnqueue(summary, address.display)}\n`,
  );
  return EXIT.ok;
}
