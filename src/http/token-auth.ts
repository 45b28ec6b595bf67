/**
 * Token access for a server exposed beyond this machine: the API takes `Authorization: Bearer
 * <token>`; pages redirect to a sign-in form that sets a Secure, HttpOnly, SameSite=Strict
 * cookie. The cookie holds a hash of the token, never the token itself.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { Hono, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { HTTPException } from "hono/http-exception";
import { renderLoginPage } from "../present/web/render-login-page.js";

/** `__Host-`: the browser keeps it only when Secure, for this host and path `/`. */
export const SESSION_COOKIE = "__Host-ratelens-session";

/** Paths reachable without a token: the sign-in form and the static assets it needs. */
const OPEN_PATHS = /^\/(login$|favicon\.ico$|assets\/)/;

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** Compares in constant time (hashes have equal length whatever the input). */
function same(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** The cookie value for a token: a hash bound to ratelens, so the cookie never reveals it. */
export function sessionValue(token: string): string {
  return digest(`ratelens-session:${token}`).toString("base64url");
}

/** Only a path on this site (not `//host`, not a URL) is a place to return to after sign-in. */
function localPath(next: string | undefined): string {
  return next !== undefined &&
    next.startsWith("/") &&
    !next.startsWith("//") &&
    !next.startsWith("/\\")
    ? next
    : "/";
}

/** Adds `/login` and the token check to `app`; register before every protected route. */
export function mountTokenAuth(app: Hono, token: string): void {
  const session = sessionValue(token);
  app.get("/login", (c) => c.html(renderLoginPage(localPath(c.req.query("next")), null)));
  app.post("/login", async (c) => {
    const form = await c.req.parseBody();
    const next = localPath(typeof form.next === "string" ? form.next : undefined);
    if (typeof form.token !== "string" || !same(form.token, token)) {
      return c.html(
        renderLoginPage(next, "That token is not the one this server was started with."),
        401,
      );
    }
    setCookie(c, SESSION_COOKIE, session, {
      path: "/",
      secure: true,
      httpOnly: true,
      sameSite: "Strict",
    });
    return c.redirect(next, 303);
  });
  const check: MiddlewareHandler = async (c, next) => {
    if (OPEN_PATHS.test(c.req.path)) return next();
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    const cookie = getCookie(c, SESSION_COOKIE);
    if (
      (bearer !== undefined && same(bearer, token)) ||
      (cookie !== undefined && same(cookie, session))
    ) {
      return next();
    }
    if (c.req.path.startsWith("/api/")) {
      throw new HTTPException(401, {
        message: "this server needs a token: send Authorization: Bearer <token>",
      });
    }
    return c.redirect(
      `/login?next=${encodeURIComponent(c.req.path + new URL(c.req.url).search)}`,
      303,
    );
  };
  app.use("*", check);
}
