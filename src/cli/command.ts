import type { Readable, Writable } from "node:stream";

/** What a subcommand gets from the entry point: its arguments and where to write. */
export interface CommandContext {
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** True when stderr is a terminal: show progress bars; otherwise one quiet summary line. */
  readonly interactive: boolean;
  readonly env: NodeJS.ProcessEnv;
  /** Standard input, for commands that read "-" (default: the process's). */
  readonly stdin?: Readable;
}

/**
 * A subcommand module's default export. `run` returns the exit code for a normal outcome
 * (0, or 1 when a check found errors); failures are thrown as `RatelensError`s and mapped to exit
 * codes in `cli.ts`.
 */
export interface Command {
  readonly usage: string;
  /** Longer `--help` text (options, formats); the usage line when absent. */
  readonly help?: string;
  run(args: readonly string[], context: CommandContext): Promise<number>;
}
