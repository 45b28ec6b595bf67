import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { STREAMING_V8_FLAGS, streamingEnv, withStreamingHeap } from "../ingest/streaming-heap.js";
import { processAlive } from "../store/process-alive.js";
import { until } from "../testing/until.js";
import { needsStreamingRelaunch, relaunchForStreaming } from "./relaunch-for-streaming.js";

describe("the streaming heap and environment of ingest processes", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ratelens-relaunch-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("adds the flags once, keeping a value the user gave", () => {
    expect(withStreamingHeap(["--enable-source-maps"])).toEqual([
      "--enable-source-maps",
      ...STREAMING_V8_FLAGS,
    ]);
    expect(withStreamingHeap(withStreamingHeap([]))).toEqual([...STREAMING_V8_FLAGS]);
    expect(withStreamingHeap(["--initial-old-space-size=256"])).toEqual([
      "--initial-old-space-size=256",
      "--interrupt-budget=540672",
    ]);
    expect(withStreamingHeap(["--interrupt-budget=1000"])).toEqual([
      "--interrupt-budget=1000",
      "--initial-old-space-size=64",
    ]);
  });

  it("caps glibc's malloc arenas at 2, keeping a number the user gave", () => {
    expect(streamingEnv({ PATH: "/bin" })).toEqual({ PATH: "/bin", MALLOC_ARENA_MAX: "2" });
    expect(streamingEnv({ MALLOC_ARENA_MAX: "8" })).toEqual({ MALLOC_ARENA_MAX: "8" });
  });

  it("relaunches ingest and worker only, once", () => {
    expect(needsStreamingRelaunch("ingest", [], {})).toBe(true);
    expect(needsStreamingRelaunch("worker", [], {})).toBe(true);
    expect(needsStreamingRelaunch("benchmark", [], {})).toBe(false);
    expect(needsStreamingRelaunch("ingest", [...STREAMING_V8_FLAGS], {})).toBe(false);
    expect(needsStreamingRelaunch("ingest", [], { RATELENS_RELAUNCHED: "1" })).toBe(false);
  });

  it("runs the script with the flags and gives back its exit code, or 128 + the signal", async () => {
    const script = join(dir, "child.mjs");
    const seen = join(dir, "seen.json");
    writeFileSync(
      script,
      `import { writeFileSync } from "node:fs";
       writeFileSync(${JSON.stringify(seen)}, JSON.stringify({ execArgv: process.execArgv, args: process.argv.slice(2), arenas: process.env.MALLOC_ARENA_MAX }));
       if (process.argv[2] === "term") process.kill(process.pid, "SIGTERM");
       else process.exitCode = 5;`,
    );
    expect(await relaunchForStreaming(script, ["ingest", "x y"])).toBe(5);
    expect(JSON.parse(readFileSync(seen, "utf8"))).toEqual({
      execArgv: expect.arrayContaining([...STREAMING_V8_FLAGS]) as unknown,
      args: ["ingest", "x y"],
      // glibc's arenas capped (`streamingEnv`), unless whoever ran the tests chose.
      arenas: process.env.MALLOC_ARENA_MAX ?? "2",
    });
    expect(await relaunchForStreaming(script, ["term"])).toBe(143);
  });

  it("the started process ends when its launcher is killed, even with SIGKILL", async () => {
    const module = resolve(import.meta.dirname, "../../dist/src/cli/relaunch-for-streaming.js");
    const child = join(dir, "child.mjs");
    const launcher = join(dir, "launcher.mjs");
    const pidFile = join(dir, "child.pid");
    writeFileSync(
      child,
      `import { writeFileSync } from "node:fs";
       import { exitWithLauncher } from ${JSON.stringify(module)};
       exitWithLauncher(process.env);
       writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));
       setInterval(() => undefined, 1000);`,
    );
    writeFileSync(
      launcher,
      `import { relaunchForStreaming } from ${JSON.stringify(module)};
       process.exitCode = await relaunchForStreaming(${JSON.stringify(child)}, []);`,
    );
    const running = spawn(process.execPath, [launcher], { stdio: "ignore" });
    await until(
      () => existsSync(pidFile),
      10_000,
      () => "the started process",
    );
    const pid = Number(readFileSync(pidFile, "utf8"));
    const alive = (): boolean => processAlive(pid);
    expect(alive()).toBe(true);
    running.kill("SIGKILL");
    await until(
      () => !alive(),
      10_000,
      () => `process ${pid} still running`,
    );
  });

  it("the CLI's own failure is reported once, with its exit code, through the relaunch", () => {
    const cli = resolve(import.meta.dirname, "../../dist/src/cli.js");
    const bad = resolve(import.meta.dirname, "../sources/tic/fixtures/invalid-json.json");
    const run = spawnSync(
      process.execPath,
      [cli, "ingest", bad, "--db", join(dir, "t.store"), "--offline"],
      { encoding: "utf8", env: { ...process.env, RATELENS_RELAUNCHED: undefined } },
    );
    expect(run.status).toBe(3);
    expect(run.stderr.match(/invalid JSON/g)?.length).toBe(1);
  });
});
