import {
  DataMissingError,
  InputError,
  NotFoundError,
  PortInUseError,
  StoreBusyError,
  UpstreamError,
  UsageError,
} from "../errors.js";

/** Exit codes: 0 ok, 1 findings with errors (claim check), 2 usage, 3 bad input, 4 not found, 5 data missing, 6 upstream, 7 store busy, 8 some files of an ingest failed, 10 port in use, 70 internal. */
export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  input: 3,
  notFound: 4,
  dataMissing: 5,
  upstream: 6,
  /** The store is held by another process (message says which and what to do). */
  storeBusy: 7,
  /** An ingest of several files finished, but some of them failed (listed in the summary). */
  someFilesFailed: 8,
  portInUse: 10,
  internal: 70,
} as const;

/** The one place where a failure becomes a process exit code. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof InputError) return EXIT.input;
  if (error instanceof NotFoundError) return EXIT.notFound;
  if (error instanceof DataMissingError) return EXIT.dataMissing;
  if (error instanceof UpstreamError) return EXIT.upstream;
  if (error instanceof StoreBusyError) return EXIT.storeBusy;
  if (error instanceof PortInUseError) return EXIT.portInUse;
  return EXIT.internal;
}
