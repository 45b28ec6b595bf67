/**
 * The few typed failures of ratelens. Findings (claim-check results, data-quality notes) are data,
 * not exceptions; these classes are for work that cannot go on. Each is turned into an exit code
 * in `cli/exit-code.ts` and into an HTTP status in `http/error-status.ts`, and nowhere else.
 */

/** Where in an input the problem is: any of a line/column, a byte offset or a JSON path. */
export interface InputLocation {
  line?: number;
  column?: number | string;
  byteOffset?: number;
  jsonPath?: string;
}

/** Base class: every ratelens failure carries a message fit for the user and an optional cause. */
export abstract class RatelensError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Wrong command-line or API arguments. */
export class UsageError extends RatelensError {}

/**
 * An input file (or stream, or request body) is malformed. The message always names the file and
 * the place: line and column, byte offset or JSON path.
 */
export class InputError extends RatelensError {
  readonly file: string;
  readonly location: InputLocation;
  constructor(
    file: string,
    location: InputLocation,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}${formatLocation(location)}: ${problem}`, options);
    this.file = file;
    this.location = location;
  }
}

/** Something asked for does not exist (a code, a file, a locality, a payer). */
export class NotFoundError extends RatelensError {}

/** A code exists but has no price for what was asked (a setting the RVU file marks NA): a soft miss. */
export class NotPricedError extends NotFoundError {}

/** Data the answer needs is not loaded (e.g. no 2026 GPCI file): say so rather than guess. */
export class DataMissingError extends RatelensError {}

/** A remote resource failed after retries (network, HTTP status). */
export class UpstreamError extends RatelensError {}

/** The server's port is taken by another process (`ratelens serve`, `ratelens demo`). */
export class PortInUseError extends RatelensError {
  constructor(
    readonly port: number,
    readonly host: string,
    options?: { cause?: unknown },
  ) {
    super(
      `port ${port} on ${host} is already in use: stop the other server or pick another port with --port`,
      options,
    );
  }
}

/** The server has more expensive requests waiting than it will queue: try again shortly. */
export class BusyError extends RatelensError {
  constructor(readonly retryAfterSeconds: number) {
    super(`the server is busy; retry in ${retryAfterSeconds} s`);
  }
}

/**
 * The store is held by another process (a DuckDB store file takes one writer, or readers only).
 * The message says what holds it and what to do.
 */
export class StoreBusyError extends RatelensError {}

/**
 * The store failed while taking a file (out of memory, disk full …): the message names the file and
 * where in it the load was. Not the input's fault, so not an `InputError`.
 */
export class StoreError extends RatelensError {}

/** Renders a location as ` (line 3, column 7)`, ` (byte 1234, $.in_network[5].negotiated_rates)` etc. */
export function formatLocation(location: InputLocation): string {
  const parts: string[] = [];
  if (location.line !== undefined) parts.push(`line ${location.line}`);
  if (location.column !== undefined) parts.push(`column ${location.column}`);
  if (location.byteOffset !== undefined) parts.push(`byte ${location.byteOffset}`);
  if (location.jsonPath !== undefined) parts.push(location.jsonPath);
  return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

/** A one-line description of any thrown value, following `cause` chains. */
export function describeError(error: unknown): string {
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    if (current instanceof Error) {
      messages.push(current.message);
      current = current.cause;
    } else {
      messages.push(typeof current === "string" ? current : JSON.stringify(current));
      break;
    }
  }
  return messages.join(": caused by: ");
}

/** The job queue's Redis cannot be reached (or refuses us): an upstream failure, exit 6 / HTTP 502. */
export class QueueUnavailableError extends UpstreamError {}
