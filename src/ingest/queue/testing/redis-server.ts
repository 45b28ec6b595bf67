/**
 * Starts a throwaway `redis-server` on a free loopback port for a test (no persistence) and stops
 * it after. Fails with a clear message when Debian's redis-server is not installed (`.ci/run`
 * installs it): a queue test must not pass by skipping.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";

/** A running test Redis. */
export interface TestRedis {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** A port free right now on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  const spawnError = new Promise<Error>((resolve) => child.once("error", resolve));
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const failed = await Promise.race([spawnError, sleep(100, undefined)]);
    if (failed !== undefined) {
      const missing = (failed as NodeJS.ErrnoException).code === "ENOENT";
      throw new Error(
        missing
          ? "redis-server is not installed: the queue tests need Debian's redis-server (apt-get install redis-server; .ci/run installs it)"
          : `redis-server did not start: ${failed.message}`,
      );
    }
    if (child.exitCode !== null) {
      throw new Error(`redis-server exited with ${child.exitCode} on port ${port}`);
    }
    const probe = new Redis({
      host: "127.0.0.1",
      port,
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
    });
    probe.on("error", () => undefined);
    try {
      await probe.connect();
      await probe.ping();
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`redis-server did not answer PING on port ${port} within 10 s`);
      }
    } finally {
      probe.disconnect();
    }
  }
  return {
    url,
    port,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    },
  };
}
