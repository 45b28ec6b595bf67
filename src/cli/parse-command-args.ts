import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../errors.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * `node:util.parseArgs` with strict checking, whose complaints become `UsageError`s naming the
 * command and showing its usage.
 */
export function parseCommandArgs<T extends Options>(
  args: readonly string[],
  options: T,
  usage: string,
): ReturnType<
  typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>
> {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${message}\n\nusage: ${usage}`, { cause: error });
  }
}

/** Splits `--codes 64490,64491` style lists, trimming blanks. */
export function splitList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(/[,\s]+/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}
