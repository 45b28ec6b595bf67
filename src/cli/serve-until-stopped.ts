/**
 * Serves the app over a store until SIGINT/SIGTERM, for `ratelens serve` and `ratelens demo`.
 */
import type { Writable } from "node:stream";
import type { ReferenceData } from "../analyze/reference/reference-types.js";
import { UsageError } from "../errors.js";
import { createApp } from "../http/create-app.js";
import { defaultServices } from "../http/default-services.js";
import { startServer } from "../http/start-server.js";
import type { Store } from "../store/store.js";

/** Default port of `serve` and `demo` when neither `--port` nor `$PORT` is given. */
export const DEFAULT_PORT = 8080;

/** `--port` / `$PORT` → a port number (0 = any free port). */
export function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === "") return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`port must be a whole number from 0 to 65535, got "${raw}"`);
  return port;
}

/** What to serve and where. */
export interface ServeOptions {
  store: Store;
  ref: ReferenceData;
  publicationsDir: string;
  port: number;
  hostname: string;
  stdout: Writable;
  stderr: Writable;
}

/** Starts the server, prints where to point the browser, and resolves once a stop signal arrives and the server has closed. */
export async function serveUntilStopped(options: ServeOptions): Promise<void> {
  const app = createApp(defaultServices(options.store, options.ref, options.publicationsDir), (message) => options.stderr.write(`${message}\n`));
  const server = await startServer(app, { port: options.port, hostname: options.hostname });
  options.stdout.write(`Serving ratelens at ${server.url} (publication for 64491: ${server.url}codes/64491). Press Ctrl-C to stop.\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await server.close();
}
