/**
 * Uploads (claim files now, contracts next): a size limit said in the 413, a list of accepted
 * media types (415 otherwise), and the body read into memory only, never written to disk.
 */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";

/** Claim bodies above this size are refused (413): a claim file is kilobytes, not megabytes. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

/** What an upload route accepts. */
export interface UploadLimits {
  maxBytes: number;
  /** Media types without parameters, e.g. "application/json". */
  types: readonly string[];
}

/** "2 MiB", "512 KiB": the limit as a person reads it. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** The media type of a request, lower case and without parameters; undefined when absent. */
export function mediaType(header: string | undefined): string | undefined {
  const type = header?.split(";")[0]?.trim().toLowerCase();
  return type === undefined || type === "" ? undefined : type;
}

/** Middleware: 415 for another media type, 413 (naming the limit) for a body over `maxBytes`. */
export function uploadLimits(limits: UploadLimits): [MiddlewareHandler, MiddlewareHandler] {
  const checkType: MiddlewareHandler = async (c, next) => {
    const type = mediaType(c.req.header("content-type"));
    const accepted = limits.types.join(", ");
    if (type !== undefined && !limits.types.includes(type)) {
      throw new HTTPException(415, {
        message: `content type ${type} is not accepted here; send one of ${accepted}`,
      });
    }
    const length = c.req.header("content-length");
    const hasBody =
      (length !== undefined && length !== "0") || c.req.header("transfer-encoding") !== undefined;
    if (type === undefined && hasBody) {
      throw new HTTPException(415, {
        message: `say what the body is with a Content-Type: one of ${accepted}`,
      });
    }
    await next();
  };
  const limitSize = bodyLimit({
    maxSize: limits.maxBytes,
    onError: () => {
      throw new HTTPException(413, {
        message: `the request body is over the ${formatBytes(limits.maxBytes)} limit for uploads`,
      });
    },
  });
  return [checkType, limitSize];
}
