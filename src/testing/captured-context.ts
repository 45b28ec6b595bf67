import { PassThrough } from "node:stream";
import type { CommandContext } from "../cli/command.js";

/** A command's context for tests: not a terminal, no environment, its output captured. */
export function capturedContext(): {
  context: CommandContext;
  out: () => string;
  err: () => string;
} {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on("data", (chunk: Buffer) => out.push(chunk));
  stderr.on("data", (chunk: Buffer) => err.push(chunk));
  return {
    context: { stdout, stderr, interactive: false, env: {} },
    out: () => Buffer.concat(out).toString("utf8"),
    err: () => Buffer.concat(err).toString("utf8"),
  };
}
