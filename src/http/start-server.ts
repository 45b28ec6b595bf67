/**
 * Serves a hono app over HTTP with `@hono/node-server`, resolving once the port is bound (port 0
 * picks a free one, which the UI test uses).
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";

/** A running server: its URL and how to stop it. */
export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the server on `hostname:port`. */
export function startServer(app: Hono, options: { port: number; hostname?: string }): Promise<RunningServer> {
  const hostname = options.hostname ?? "0.0.0.0";
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname }, (info: AddressInfo) => {
      const shown = hostname === "0.0.0.0" || hostname === "::" ? "localhost" : hostname;
      resolve({
        url: `http://${shown}:${info.port}/`,
        port: info.port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => {
              if (error === undefined) done();
              else fail(error);
            });
          }),
      });
    });
    // A port already in use is reported here, before the listening callback ever runs.
    server.once("error", reject);
  });
}
