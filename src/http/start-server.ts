/**
 * Serves a hono app over HTTP with `@hono/node-server`, resolving once the port is bound (port 0
 * picks a free one, which the tests use). A taken port is a `PortInUseError`, not a stack trace.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import { PortInUseError } from "../errors.js";

/** Where the server listens when no host is given: this machine only. */
export const DEFAULT_HOST = "127.0.0.1";

/** A running server: its URL and how to stop it. */
export interface RunningServer {
  url: string;
  port: number;
  host: string;
  close(): Promise<void>;
}

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Starts the server on `hostname:port` (default 127.0.0.1). */
export function startServer(
  app: Pick<Hono, "fetch">,
  options: { port: number; hostname?: string },
): Promise<RunningServer> {
  const host = options.hostname ?? DEFAULT_HOST;
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: options.port, hostname: host },
      (info: AddressInfo) => {
        server.off("error", failed);
        const shown = host.includes(":") ? `[${host}]` : host;
        resolve({
          url: `http://${shown}:${info.port}/`,
          port: info.port,
          host,
          close: () =>
            new Promise<void>((done, fail) => {
              // Keep-alive sockets would hold close() open until they time out.
              if ("closeAllConnections" in server) server.closeAllConnections();
              server.close((error) => {
                if (error === undefined) done();
                else fail(error);
              });
            }),
        });
      },
    );
    // A port already in use is reported here, before the listening callback ever runs.
    function failed(error: NodeJS.ErrnoException): void {
      reject(
        error.code === "EADDRINUSE"
          ? new PortInUseError(options.port, host, { cause: error })
          : error,
      );
    }
    server.once("error", failed);
  });
}
