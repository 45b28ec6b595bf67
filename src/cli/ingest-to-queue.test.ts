import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { QueueUnavailableError, UsageError } from "../errors.js";
import { freePort } from "../ingest/queue/testing/redis-server.js";
import type { CommandContext } from "./command.js";
import { EXIT, exitCodeFor } from "./exit-code.js";
import ingestCommand from "./ingest-command.js";

function context(): CommandContext {
  return { stdout: new PassThrough(), stderr: new PassThrough(), interactive: false, env: {} };
}

/** `ingest --queue` without a Redis: what is refused before any connection, and an unreachable one. */
describe("ratelens ingest --queue: arguments", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "ratelens-ingest-queue-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("refuses standard input (a worker elsewhere cannot read it) and options that belong to the workers", async () => {
    const queue = `redis://127.0.0.1:${await freePort()}`;
    const stdin = await ingestCommand
      .run(["-", "--queue", queue], context())
      .catch((e: unknown) => e);
    expect(stdin).toBeInstanceOf(UsageError);
    expect((stdin as Error).message).toMatch(/cannot queue standard input/);
    for (const extra of [["--jobs", "2"], ["--workers", "0"], ["--offline"]]) {
      const error = await ingestCommand
        .run(["index.json", "--queue", queue, ...extra], context())
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect(exitCodeFor(error)).toBe(EXIT.usage);
    }
    const badUrl = await ingestCommand
      .run(["index.json", "--queue", "http://127.0.0.1:6379"], context())
      .catch((e: unknown) => e);
    expect(badUrl).toBeInstanceOf(UsageError);
  });

  it("a Redis that cannot be reached is exit 6, and the store is not created", async () => {
    const queue = `redis://127.0.0.1:${await freePort()}`;
    const db = join(dir, "never.store");
    const error = await ingestCommand
      .run([join(dir, "index.json"), "--queue", queue, "--db", db], context())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueueUnavailableError);
    expect(exitCodeFor(error)).toBe(EXIT.upstream);
    expect(existsSync(db)).toBe(false);
  });
});
