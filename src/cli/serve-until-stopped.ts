/**
 * Serves the app over a store until SIGINT/SIGTERM, for `ratelens serve` and `ratelens demo`.
 * Safe by default: this machine only (127.0.0.1); any other address needs a token.
 */
import type { Writable } from "node:stream";
import type { ReferenceData } from "../analyze/reference/reference-types.js";
import { UsageError } from "../errors.js";
import { cachedServices } from "../http/cached-services.js";
import { createApp } from "../http/create-app.js";
import { defaultServices } from "../http/default-services.js";
import { requestLimiter } from "../http/request-limiter.js";
import {
  DEFAULT_HOST,
  isLoopbackHost,
  startServer,
  type RunningServer,
} from "../http/start-server.js";
import { storeVersion, throttledVersion } from "../http/store-version.js";
import type { Store } from "../store/store.js";

/** Default port of `serve` and `demo` when neither `--port` nor `$PORT` is given. */
export const DEFAULT_PORT = 8080;

/** `--port` / `$PORT` → a port number (0 = any free port). */
export function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === "") return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`port must be a whole number from 0 to 65535, got "${raw}"`);
  }
  return port;
}

/** `--host` and `--token` / `$RATELENS_TOKEN` → where to listen and the token, checked together. */
export function parseAccess(
  host: string | undefined,
  token: string | undefined,
): { host: string; token: string | null } {
  const chosen = host === undefined || host.trim() === "" ? DEFAULT_HOST : host.trim();
  const given = token === undefined || token === "" ? null : token;
  if (given !== null && given.length < 16) {
    throw new UsageError("the token must be at least 16 characters (e.g. `openssl rand -hex 24`)");
  }
  if (given === null && !isLoopbackHost(chosen)) {
    throw new UsageError(
      `--host ${chosen} makes ratelens reachable from other machines: give a token with --token or RATELENS_TOKEN`,
    );
  }
  return { host: chosen, token: given };
}

/** What to serve and where. */
export interface ServeOptions {
  store: Store;
  ref: ReferenceData;
  publicationsDir: string;
  /** The watch file the /alerts page and /api/v1/alerts run (`serve --watch`). */
  watchFile?: string;
  port: number;
  hostname: string;
  token: string | null;
  stdout: Writable;
  stderr: Writable;
}

/**
 * Expensive requests at once and waiting beyond them, before answering 503. Two at once: DuckDB
 * already uses the cores for one query, and each running benchmark holds memory (RSS).
 */
const LIMITS = { concurrent: 2, queued: 200 };

/** The start banner: where it listens, who can reach it, whether a token is needed. */
export function banner(server: RunningServer, token: string | null): string {
  const reach = isLoopbackHost(server.host)
    ? "this machine only"
    : `reachable from the network on ${server.host}`;
  const access =
    token === null
      ? "no token required"
      : "token required (API: Authorization: Bearer <token>; pages: sign in at /login, which sets a Secure cookie: serve it behind HTTPS)";
  return `ratelens listening on ${server.url} (${reach}; ${access}; read-only). API reference: ${server.url}api/v1/reference. Press Ctrl-C to stop.\n`;
}

/** Starts the server, prints where it listens, and resolves once a stop signal arrives and the server has closed. */
export async function serveUntilStopped(options: ServeOptions): Promise<void> {
  const services = cachedServices(
    defaultServices(options.store, options.ref, options.publicationsDir, {
      watchFile: options.watchFile ?? null,
    }),
    throttledVersion(storeVersion(options.store)),
    requestLimiter(LIMITS),
  );
  const app = createApp(services, {
    log: (message) => options.stderr.write(`${message}\n`),
    token: options.token,
  });
  const server = await startServer(app, { port: options.port, hostname: options.hostname });
  options.stdout.write(banner(server, options.token));
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
