/**
 * The one place where a failure becomes an HTTP status (the CLI's counterpart is
 * `cli/exit-code.ts`). Handlers throw `RatelensError`s (or hono's `HTTPException` for protocol
 * failures: 401, 405, 413, 415); the app's error handler calls this.
 */
import { HTTPException } from "hono/http-exception";
import {
  BusyError,
  DataMissingError,
  InputError,
  NotFoundError,
  StoreBusyError,
  UpstreamError,
  UsageError,
} from "../errors.js";

/** HTTP statuses this API answers failures with. */
export type ErrorStatus = 400 | 401 | 404 | 405 | 413 | 415 | 422 | 500 | 502 | 503;

const PROTOCOL_STATUSES: ReadonlySet<number> = new Set([400, 401, 404, 405, 413, 415]);

/** 400 bad request, 404 not found, 422 data missing, 502 upstream, 503 busy, else 500. */
export function statusFor(error: unknown): ErrorStatus {
  if (error instanceof UsageError || error instanceof InputError) return 400;
  if (error instanceof NotFoundError) return 404;
  // 422: the request is well-formed but the data it needs is not loaded (e.g. no 2026 GPCI file).
  if (error instanceof DataMissingError) return 422;
  if (error instanceof UpstreamError) return 502;
  if (error instanceof BusyError) return 503;
  // 503: the store is held by another process for now; retrying later can succeed.
  if (error instanceof StoreBusyError) return 503;
  if (error instanceof HTTPException) {
    // hono's own failures (malformed JSON body, body limit) and ours keep their client-side status.
    if (PROTOCOL_STATUSES.has(error.status)) return error.status as ErrorStatus;
    if (error.status >= 400 && error.status < 500) return 400;
  }
  return 500;
}

/** The status line's phrase: the problem's `title`. */
export const STATUS_TITLES: Readonly<Record<ErrorStatus, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  404: "Not Found",
  405: "Method Not Allowed",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

/** An RFC 9457 problem details object, with ratelens' error class as an extension member. */
export interface Problem {
  type: string;
  title: string;
  status: ErrorStatus;
  detail: string;
  instance?: string;
  /** The failure's class (`UsageError`, `NotFoundError`, …) for programs that branch on it. */
  errorType: string;
}

/** The problem for a thrown value. Internal errors do not leak their message. */
export function problemFor(error: unknown, status: ErrorStatus, instance?: string): Problem {
  const base = {
    type: "about:blank",
    title: STATUS_TITLES[status],
    status,
    ...(instance === undefined ? {} : { instance }),
  };
  if (status === 500) {
    return { ...base, detail: "internal error; see the server log", errorType: "InternalError" };
  }
  const errorType =
    error instanceof HTTPException ? "HttpError" : error instanceof Error ? error.name : "Error";
  const message = error instanceof Error ? error.message : String(error);
  return { ...base, detail: message.trim() === "" ? STATUS_TITLES[status] : message, errorType };
}
