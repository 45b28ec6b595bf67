/**
 * The HTTP app (hono): security headers, the optional token check, the publication pages, the
 * explorer, the claim checker, contract evaluation, the API reference and the JSON API under `/api/v1` (declared in
 * `api-v1.ts`). Handlers only parse requests and call `AppServices` (the same library functions
 * as the CLI); every failure becomes a status in the one error handler below: RFC 9457 problem
 * details under `/api/`, a short HTML page elsewhere.
 */
import { mountChangesPages } from "./changes-pages.js";
import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { parseBenchmarkFilters } from "../analyze/benchmark/parse-benchmark-filters.js";
import { BusyError, NotFoundError } from "../errors.js";
import { renderHtml } from "../present/report/render-html.js";
import { renderIndex } from "../present/report/render-index.js";
import { renderMarkdown } from "../present/report/render-markdown.js";
import { renderMessagePage } from "../present/web/page-frame.js";
import { renderApiReferencePage } from "../present/web/render-api-reference-page.js";
import { renderCheckPage, SAMPLE_CLAIM } from "../present/web/render-check-page.js";
import { explorerQuery, renderExplorerPage } from "../present/web/render-explorer-page.js";
import { SITE_NAV } from "../present/web/site-nav.js";
import { API_PREFIX, apiV1 } from "./api-v1.js";
import type { AppServices } from "./app-services.js";
import { checkPricing } from "./check-pricing.js";
import { mountContractPages } from "./contract-pages.js";
import { mountHospitalPages } from "./hospital-routes.js";
import { parsePublicationPath, servedViewHref } from "./publication-path.js";
import { problemFor, statusFor, type ErrorStatus } from "./error-status.js";
import { allowedMethods } from "./method-not-allowed.js";
import { securityHeaders } from "./security-headers.js";
import { mountStaticAssets } from "./static-assets.js";
import { mountTokenAuth } from "./token-auth.js";
import { MAX_UPLOAD_BYTES, uploadLimits } from "./upload-body.js";

/** How the app is built. Everything is optional; the defaults suit a local, read-only server. */
export interface AppOptions {
  /** Receives internal errors (500s) with their stack. */
  log?: (message: string) => void;
  /** When set, every request but `/login` and `/assets/` must carry it (bearer header or cookie). */
  token?: string | null;
  /** Upload size limit in bytes (claims): 413 above it. */
  maxUploadBytes?: number;
}

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/** Builds the app. */
export function createApp(services: AppServices, options: AppOptions = {}): Hono {
  const log = options.log ?? (() => undefined);
  const maxBytes = options.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  const app = new Hono();
  app.use(securityHeaders());

  const fail = (c: Context, error: unknown, status: ErrorStatus): Response => {
    if (status === 500) {
      log(
        `${c.req.method} ${c.req.path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
    const headers: Record<string, string> = {};
    if (error instanceof BusyError) headers["retry-after"] = String(error.retryAfterSeconds);
    if (status === 401) headers["www-authenticate"] = 'Bearer realm="ratelens"';
    if (status === 405) headers.allow = allowedMethods(app, c.req.path).join(", ");
    // Refused before its body was read: the rest of the body is still on the connection, so the
    // server closes it, and says so, or a keep-alive client sends its next request into a dead socket.
    if (status === 413 || status === 415) headers.connection = "close";
    const problem = problemFor(error, status, c.req.path);
    if (c.req.path.startsWith("/api/")) {
      return c.body(JSON.stringify(problem), status, {
        ...headers,
        "content-type": "application/problem+json",
      });
    }
    return c.html(renderMessagePage(`${status} ${problem.title}`, problem.detail), status, headers);
  };
  app.onError((error, c) => fail(c, error, statusFor(error)));
  app.notFound((c) => {
    if (allowedMethods(app, c.req.path).length > 0) {
      return fail(
        c,
        new HTTPException(405, { message: `${c.req.method} is not allowed on ${c.req.path}` }),
        405,
      );
    }
    return fail(c, new NotFoundError(`no such page: ${c.req.path}`), 404);
  });

  mountStaticAssets(app);
  if (options.token !== undefined && options.token !== null) mountTokenAuth(app, options.token);

  // Pages.
  app.get("/", async (c) => {
    const publications = await services.publishedCodes();
    const footer = `<p>Also: the <a href="/explorer">benchmark explorer</a> (filters by payer, state, market, setting), the <a href="/check">claim checker</a> and <a href="/contracts">contract evaluation</a>.</p>`;
    return c.html(
      renderIndex(publications, { href: (code) => `/codes/${code}`, nav: SITE_NAV, footer }),
    );
  });
  app.get("/codes/:code", async (c) => {
    const { code, view, format } = parsePublicationPath(c.req.param("code"));
    const pub = await services.publication(code, view);
    if (format === "md") {
      return c.body(renderMarkdown(pub), 200, { "content-type": "text/markdown; charset=utf-8" });
    }
    if (format === "json") return c.json(pub);
    // The publication renderer escapes every value it writes (present/report/render-html.ts).
    return c.html(
      renderHtml(pub, {
        viewHref: servedViewHref,
        nav: [
          ...SITE_NAV,
          { href: `/codes/${pub.code}.md`, label: "Markdown" },
          { href: `/codes/${pub.code}.json`, label: "JSON" },
        ],
      }),
    );
  });
  app.get("/explorer", async (c) => {
    const url = new URL(c.req.url);
    const code = url.searchParams.get("code")?.trim();
    const choices = await services.filterChoices();
    if (code === undefined || code === "") {
      return c.html(renderExplorerPage(null, null, { choices }));
    }
    const filters = parseBenchmarkFilters(code, explorerQuery(url));
    const result = await services.benchmark(filters);
    const description = await explorerDescription(services, result.billingCode);
    return c.html(renderExplorerPage(filters, result, { choices, description }));
  });
  app.get("/check", (c) => c.html(renderCheckPage(SAMPLE_CLAIM, null)));
  const [formType, formSize] = uploadLimits({ maxBytes, types: FORM_TYPES });
  app.post("/check", formType, formSize, async (c) => {
    const form = await c.req.parseBody();
    const text = typeof form.claims === "string" ? form.claims : "";
    const fields = {
      year: typeof form.year === "string" ? form.year.trim() : "",
      locality: typeof form.locality === "string" ? form.locality.trim() : "",
    };
    try {
      const outcome = await services.check(text, "pasted claims", checkPricing(fields));
      return c.html(renderCheckPage(text, outcome, fields));
    } catch (error) {
      // Bad claim text is the user's to fix: show it on the same page, keep their text.
      if (statusFor(error) === 400 && error instanceof Error) {
        return c.html(renderCheckPage(text, { error: error.message }, fields), 400);
      }
      throw error;
    }
  });
  mountContractPages(app, services.contracts);
  mountHospitalPages(app, services.hospitals);
  mountChangesPages(app, services.changes);
  app.get(`${API_PREFIX}/reference`, (c) => c.html(renderApiReferencePage()));

  // JSON API: /api/v1 is the stable prefix; the unversioned paths of 0.1 redirect there (308 keeps
  // the method and body of a POST).
  app.route(API_PREFIX, apiV1(services, { maxBytes }));
  app.use("/api/*", async (c, next) => {
    const path = c.req.path;
    if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`)) return next();
    return c.redirect(`${API_PREFIX}${path.slice("/api".length)}${new URL(c.req.url).search}`, 308);
  });
  return app;
}

/** Our description of a code for the explorer's heading; null for a code outside the reference. */
async function explorerDescription(services: AppServices, code: string): Promise<string | null> {
  try {
    return (await services.codeEntry(code)).description;
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}
