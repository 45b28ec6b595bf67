/**
 * Security headers on every response. The Content-Security-Policy allows no inline script at
 * all (our pages' scripts are files under /assets/), and inline style only for the one `<style>`
 * element of the page frame, by hash.
 */
import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { PAGE_STYLE } from "../present/report/html-page.js";

/** `'sha256-…'` of a script or style element's text, as CSP expects it. */
export function cspHash(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/** The policy: same-origin assets only, no framing, no plugins, forms post to us only. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  `style-src 'self' ${cspHash(PAGE_STYLE)}`,
  // Swagger UI draws its icons as data: images.
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

const HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": CONTENT_SECURITY_POLICY,
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
};

/** Sets the headers after the handler ran, so error and not-found answers carry them too. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(HEADERS)) c.res.headers.set(name, value);
  };
}
