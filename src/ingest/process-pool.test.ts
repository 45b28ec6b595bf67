import { execSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureStoreFolder } from "../store/folder-views.js";
import type { FileTask, TaskResult } from "./ingest-folder.js";
import { processPoolRunner } from "./process-pool.js";

const fixture = (name: string): string =>
  join(import.meta.dirname, "../sources/tic/fixtures", name);

// The worker processes run the compiled code (`npm run build`, done by `npm test`).
const script = resolve(import.meta.dirname, "../../dist/src/ingest/ingest-worker-process.js");

/** This process's live children that run the ingest worker. */
function workerChildren(): number[] {
  const out = execSync(`ps -o pid=,args= --ppid ${process.pid}`, { encoding: "utf8" });
  return out
    .split("\n")
    .filter((line) => line.includes("ingest-worker-process"))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

describe("a pool's worker processes started before its files", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ratelens-pool-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives files to the started ones, passes over one killed while it waited, and ends the rest", async () => {
    expect(existsSync(script)).toBe(true);
    const root = join(dir, "test.store");
    await ensureStoreFolder(root);
    const options = { offline: true, cacheDir: join(dir, "cache") };
    const pool = processPoolRunner(root, 2, options, undefined, script);
    pool.warm();
    pool.warm(); // once per pool
    let started: number[] = [];
    for (let waited = 0; started.length < 2 && waited < 10_000; waited += 50) {
      started = workerChildren();
      await sleep(50);
    }
    expect(started).toHaveLength(2);
    process.kill(started[0]!, "SIGKILL");
    while (workerChildren().includes(started[0]!)) await sleep(20);

    const tasks: FileTask[] = [
      { location: fixture("quirks-v1.json") },
      { location: fixture("pretty-printed-crlf.json") },
      { location: fixture("bom.json") },
    ];
    const results: TaskResult[] = [];
    await pool(tasks, (_task, result) => results.push(result));
    expect(results.flatMap((result) => result.summaries.map((s) => s.status)).sort()).toEqual([
      "ingested",
      "ingested",
      "ingested",
    ]);
    await pool.stop();
    expect(workerChildren()).toEqual([]);
    // Their work folders went with them.
    expect(readdirSync(join(root, "staging"))).toEqual([]);
  });

  it("ends started processes that were never given a file", async () => {
    const root = join(dir, "test.store");
    await ensureStoreFolder(root);
    const options = { offline: true, cacheDir: join(dir, "cache") };
    const pool = processPoolRunner(root, 2, options, undefined, script);
    pool.warm();
    await pool.stop();
    expect(workerChildren()).toEqual([]);
  });
});
