#!/usr/bin/env node
/**
 * The `ratelens` entry point: finds the subcommand, loads it lazily, runs it, and turns any
 * failure into a message on stderr and an exit code (the only place that happens for the CLI).
 */
import { COMMANDS } from "./cli/commands.js";
import { EXIT, exitCodeFor } from "./cli/exit-code.js";
import { describeError, RatelensError } from "./errors.js";
import {
  exitWithLauncher,
  needsStreamingRelaunch,
  relaunchForStreaming,
} from "./cli/relaunch-for-streaming.js";

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(
    ([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`,
  );
  return `usage: ratelens <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nratelens <command> --help for a command's options.\n`;
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(help());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const entry = COMMANDS[name];
  if (entry === undefined) {
    process.stderr.write(`ratelens: unknown command "${name}"\n\n${help()}`);
    return EXIT.usage;
  }
  exitWithLauncher(process.env);
  const script = process.argv[1];
  if (script !== undefined && needsStreamingRelaunch(name, process.execArgv, process.env)) {
    return relaunchForStreaming(script, argv);
  }
  const command = (await entry.load()).default;
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(command.help ?? `usage: ${command.usage}\n`);
    return EXIT.ok;
  }
  return command.run(args, {
    stdout: process.stdout,
    stderr: process.stderr,
    interactive: process.stderr.isTTY && process.env.CI === undefined,
    env: process.env,
    stdin: process.stdin,
  });
}

// Output piped into `head` and the like: a closed pipe ends the command quietly, not with a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  process.stderr.write(`ratelens: cannot write output: ${error.message}\n`);
  process.exit(EXIT.internal);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const known = error instanceof RatelensError;
    process.stderr.write(`ratelens: ${describeError(error)}\n`);
    if (!known && error instanceof Error && error.stack !== undefined) {
      process.stderr.write(`${error.stack}\n`);
    }
    process.exitCode = exitCodeFor(error);
  },
);
