/**
 * 405 with `Allow` for a known path asked with another method (hono itself answers 404): the
 * app's registered routes are matched against the path when nothing else answered.
 */
import type { Hono } from "hono";

/** Turns a hono route path (`/codes/:code`, `/assets/*`) into a matcher. */
function matcher(path: string): RegExp {
  const pattern = path
    .split("/")
    .map((part) =>
      part.startsWith(":")
        ? "[^/]+"
        : part === "*"
          ? ".*"
          : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("/");
  return new RegExp(`^${pattern}$`);
}

/** The methods `app` answers for `path` (with HEAD beside GET), or [] when the path is unknown. */
export function allowedMethods(app: Hono, path: string): string[] {
  const methods = new Set<string>();
  for (const route of app.routes) {
    // Middleware (`use`) and catch-alls are registered as ALL; they say nothing about a path.
    if (route.method === "ALL" || route.path.endsWith("*")) continue;
    if (matcher(route.path).test(path)) methods.add(route.method);
  }
  if (methods.has("GET")) methods.add("HEAD");
  return [...methods].sort();
}
