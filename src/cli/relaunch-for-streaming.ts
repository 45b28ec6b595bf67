import { spawn } from "node:child_process";
import { constants } from "node:os";
import { streamingEnv, withStreamingHeap } from "../ingest/streaming-heap.js";
import { EXIT } from "./exit-code.js";

/** The commands that stream price files in this process (`STREAMING_V8_FLAGS`). */
const STREAMING_COMMANDS: ReadonlySet<string> = new Set(["ingest", "worker"]);

/** Set in the started process: it never starts itself again. */
const RELAUNCHED = "RATELENS_RELAUNCHED";

/**
 * True when the CLI, about to run `command`, should start itself again under `node` with the
 * streaming heap flags (`STREAMING_V8_FLAGS`): the command streams files, the flags are missing and it was not started
 * this way already.
 */
export function needsStreamingRelaunch(
  command: string,
  execArgv: readonly string[],
  env: NodeJS.ProcessEnv,
): boolean {
  return (
    STREAMING_COMMANDS.has(command) &&
    env[RELAUNCHED] === undefined &&
    withStreamingHeap(execArgv).length > execArgv.length
  );
}

/**
 * Runs `script args` again in a `node` with the streaming flags and environment, its standard streams this
 * process's, and resolves to its exit code (128 + the signal's number when a signal ended it). A
 * SIGTERM sent to this process is passed on; Ctrl-C reaches both from the terminal already.
 */
export function relaunchForStreaming(script: string, args: readonly string[]): Promise<number> {
  const child = spawn(process.execPath, [...withStreamingHeap(process.execArgv), script, ...args], {
    // The IPC channel only tells the child when this process is gone (`exitWithLauncher`).
    stdio: ["inherit", "inherit", "inherit", "ipc"],
    env: { ...streamingEnv(process.env), [RELAUNCHED]: "1" },
  });
  child.channel?.unref();
  const passOn = (): void => {
    child.kill("SIGTERM");
  };
  const ignore = (): void => undefined;
  process.on("SIGTERM", passOn);
  process.on("SIGINT", ignore);
  return new Promise((resolve) => {
    child.on("error", (error) => {
      process.stderr.write(`ratelens: cannot start ${process.execPath}: ${error.message}\n`);
      resolve(EXIT.internal);
    });
    child.on("exit", (code, signal) => {
      process.off("SIGTERM", passOn);
      process.off("SIGINT", ignore);
      resolve(code ?? 128 + (signal === null ? 0 : constants.signals[signal]));
    });
  });
}

/**
 * In a process the CLI started again: ends it when the launcher is gone (killed, even with
 * SIGKILL, which it cannot pass on), as if it had been killed itself: a supervisor that kills
 * `ratelens worker` must not leave its work running.
 */
export function exitWithLauncher(env: NodeJS.ProcessEnv): void {
  if (env[RELAUNCHED] === undefined || process.channel === undefined) return;
  process.channel.unref();
  process.on("disconnect", () => {
    process.kill(process.pid, "SIGKILL");
  });
}
