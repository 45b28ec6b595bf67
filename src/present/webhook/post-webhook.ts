import { createHmac } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { UpstreamError } from "../../errors.js";

/** The header carrying `sha256=<hex HMAC-SHA256 of the exact body>` under the shared secret. */
export const SIGNATURE_HEADER = "x-ratelens-signature";

export interface WebhookOptions {
  readonly secret: string;
  /** Attempts after the first (default 3); only network errors, 429 and 5xx are retried. */
  readonly retries?: number;
  /** First wait; doubled each retry (default 500 ms). */
  readonly backoffMs?: number;
  /** Per attempt (default 10 s). */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/** `sha256=` + hex HMAC-SHA256 of `body`: what a receiver recomputes to trust the delivery. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * POSTs `payload` as JSON, signed, retrying with exponential backoff. Returns the attempts it
 * took; throws `UpstreamError` (with the last status or error) when every attempt failed or the
 * receiver refused it (4xx other than 429: retrying would not help).
 */
export async function postWebhook(
  url: string,
  payload: unknown,
  options: WebhookOptions,
): Promise<{ attempts: number; status: number }> {
  const body = JSON.stringify(payload);
  const headers = {
    "content-type": "application/json",
    [SIGNATURE_HEADER]: signBody(body, options.secret),
  };
  const retries = options.retries ?? 3;
  const send = options.fetch ?? fetch;
  let last = "";
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    if (attempt > 1) await sleep((options.backoffMs ?? 500) * 2 ** (attempt - 2));
    let response: Response;
    try {
      response = await send(url, {
        method: "POST",
        headers,
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
      continue;
    }
    await response.body?.cancel();
    if (response.ok) return { attempts: attempt, status: response.status };
    last = `HTTP ${String(response.status)}`;
    if (response.status !== 429 && response.status < 500) {
      throw new UpstreamError(`webhook ${url} refused the alerts: ${last}`);
    }
  }
  throw new UpstreamError(`webhook ${url} failed after ${String(retries + 1)} attempts: ${last}`);
}
