/**
 * The one place where a failure becomes an HTTP status (the CLI's counterpart is
 * `cli/exit-code.ts`). Handlers throw `RatelensError`s; the app's error handler calls this.
 */
import { HTTPException } from "hono/http-exception";
import { DataMissingError, InputError, NotFoundError, StoreBusyError, UpstreamError, UsageError } from "../errors.js";

/** HTTP statuses this API answers failures with. */
export type ErrorStatus = 400 | 404 | 413 | 422 | 500 | 502 | 503;

/** The status for a thrown value: 400 bad request, 404 not found, 422 data missing, 502 upstream, else 500. */
export function statusFor(error: unknown): ErrorStatus {
  if (error instanceof UsageError || error instanceof InputError) return 400;
  if (error instanceof NotFoundError) return 404;
  // 422: the request is well-formed but the data it needs is not loaded (e.g. no 2026 GPCI file).
  if (error instanceof DataMissingError) return 422;
  if (error instanceof UpstreamError) return 502;
  // 503: the store is held by another process for now; retrying later can succeed.
  if (error instanceof StoreBusyError) return 503;
  if (error instanceof HTTPException) {
    // hono's own failures (e.g. malformed JSON body, body limit) keep their client-side status.
    if (error.status === 413) return 413;
    if (error.status >= 400 && error.status < 500) return 400;
  }
  return 500;
}

/** The JSON body of an error response. Internal errors do not leak their message. */
export function errorBody(error: unknown, status: ErrorStatus): { error: { type: string; message: string } } {
  if (status === 500) return { error: { type: "InternalError", message: "internal error; see the server log" } };
  const type = error instanceof Error ? error.name : "Error";
  const message = error instanceof Error ? error.message : String(error);
  return { error: { type, message } };
}
