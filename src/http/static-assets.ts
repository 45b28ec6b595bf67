/**
 * Our own script files and Swagger UI's, served from the installed packages under `/assets/`: no
 * CDN, and no inline script (the CSP forbids it). Files are read once and kept in memory.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Hono } from "hono";
import { CONTRACTS_SCRIPT, CONTRACTS_SCRIPT_PATH } from "../present/web/contracts-assets.js";

/** Starts Swagger UI on the reference page; external so the CSP can forbid inline script. */
const API_REFERENCE_JS = `window.addEventListener("DOMContentLoaded", function () {
  window.SwaggerUIBundle({ url: "/api/v1/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
`;

const SWAGGER_FILES: Readonly<Record<string, string>> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
};

function swaggerDir(): string {
  return dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
}

/** Adds `/assets/api-reference.js`, `/assets/contracts.js`, `/assets/swagger-ui/<file>`, `/favicon.ico`. */
export function mountStaticAssets(app: Hono): void {
  const cache = new Map<string, Buffer>();
  const headers = (type: string) => ({
    "content-type": type,
    "cache-control": "public, max-age=3600",
  });
  app.get("/assets/api-reference.js", (c) =>
    c.body(API_REFERENCE_JS, 200, headers("text/javascript; charset=utf-8")),
  );
  app.get(CONTRACTS_SCRIPT_PATH, (c) =>
    c.body(CONTRACTS_SCRIPT, 200, headers("text/javascript; charset=utf-8")),
  );
  // Browsers ask for it on every page; a 404 would be noise in their consoles.
  app.get("/favicon.ico", (c) => c.redirect("/assets/swagger-ui/favicon-32x32.png", 301));
  app.get("/assets/swagger-ui/:file", (c) => {
    const file = c.req.param("file");
    const type = SWAGGER_FILES[file];
    if (type === undefined) return c.notFound();
    let bytes = cache.get(file);
    if (bytes === undefined) {
      bytes = readFileSync(join(swaggerDir(), file));
      cache.set(file, bytes);
    }
    return c.body(new Uint8Array(bytes), 200, headers(type));
  });
}
