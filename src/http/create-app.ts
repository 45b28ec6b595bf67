/**
 * The HTTP app (hono): the publication pages, the index, the benchmark explorer, the claim
 * checker and the JSON API. Handlers only parse requests and call `AppServices` (the same library
 * functions as the CLI); failures are turned into statuses in the one error handler below.
 */
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { NotFoundError, UsageError } from "../errors.js";
import { renderHtml } from "../present/report/render-html.js";
import { renderIndex } from "../present/report/render-index.js";
import { renderMarkdown } from "../present/report/render-markdown.js";
import { renderPage } from "../present/report/html-page.js";
import { escapeHtml } from "../present/report/escape-html.js";
import { renderCheckPage, SAMPLE_CLAIM } from "../present/web/render-check-page.js";
import { explorerQuery, renderExplorerPage } from "../present/web/render-explorer-page.js";
import { SITE_NAV } from "../present/web/site-nav.js";
import type { AppServices } from "./app-services.js";
import { errorBody, statusFor } from "./error-status.js";
import { OPENAPI_DOCUMENT } from "./openapi-document.js";
import { parseBenchmarkFilters, parseCode } from "../analyze/benchmark/parse-benchmark-filters.js";
import { parseMedicareQuery } from "./request-parameters.js";
import { registerContractRoutes } from "./contract-routes.js";

/** Claim bodies above this size are refused (413): a claim file is kilobytes, not megabytes. */
const MAX_CHECK_BODY = 2 * 1024 * 1024;

/** Builds the app. `log` receives internal errors (500s) with their stack. */
export function createApp(services: AppServices, log: (message: string) => void = () => undefined): Hono {
  const app = new Hono();

  app.onError((error, c) => {
    const status = statusFor(error);
    if (status === 500) log(`${c.req.method} ${c.req.path}: ${error.stack ?? error.message}`);
    if (c.req.path.startsWith("/api/")) return c.json(errorBody(error, status), status);
    const body = errorBody(error, status).error;
    return c.html(renderPage({ title: `${status} · ratelens`, body: `<h1>${status}</h1><p class="missing">${escapeHtml(body.message)}</p>`, synthetic: false, nav: SITE_NAV }), status);
  });
  app.notFound((c) => {
    const error = new NotFoundError(`no such page: ${c.req.path}`);
    if (c.req.path.startsWith("/api/")) return c.json(errorBody(error, 404), 404);
    return c.html(renderPage({ title: "404 · ratelens", body: `<h1>404</h1><p class="missing">${escapeHtml(error.message)}</p>`, synthetic: false, nav: SITE_NAV }), 404);
  });

  // Pages.
  app.get("/", async (c) => {
    const publications = await services.publishedCodes();
    const footer = `<p>Also: the <a href="/explorer">benchmark explorer</a> (filters by payer, state, setting) and the <a href="/check">claim checker</a>.</p>`;
    return c.html(renderIndex(publications, { href: (code) => `/codes/${code}`, nav: SITE_NAV, footer }));
  });
  app.get("/codes/:code", async (c) => {
    const raw = c.req.param("code");
    const format = /\.(md|json)$/.exec(raw)?.[1];
    const pub = await services.publication(parseCode(raw.replace(/\.(md|json|html)$/, "")));
    if (format === "md") return c.body(renderMarkdown(pub), 200, { "content-type": "text/markdown; charset=utf-8" });
    if (format === "json") return c.json(pub);
    return c.html(renderHtml(pub, { nav: [...SITE_NAV, { href: `/codes/${pub.code}.md`, label: "Markdown" }, { href: `/codes/${pub.code}.json`, label: "JSON" }] }));
  });
  app.get("/explorer", async (c) => {
    const url = new URL(c.req.url);
    const code = url.searchParams.get("code")?.trim();
    if (code === undefined || code === "") return c.html(renderExplorerPage(null, null));
    const filters = parseBenchmarkFilters(code, explorerQuery(url));
    return c.html(renderExplorerPage(filters, await services.benchmark(filters)));
  });
  app.get("/check", (c) => c.html(renderCheckPage(SAMPLE_CLAIM, null)));
  app.post("/check", bodyLimit({ maxSize: MAX_CHECK_BODY }), async (c) => {
    const form = await c.req.parseBody();
    const text = typeof form.claims === "string" ? form.claims : "";
    try {
      return c.html(renderCheckPage(text, await services.check(text, "pasted claims")));
    } catch (error) {
      // Bad claim text is the user's to fix: show it on the same page, keep their text.
      if (statusFor(error) === 400 && error instanceof Error) return c.html(renderCheckPage(text, { error: error.message }), 400);
      throw error;
    }
  });

  // JSON API.
  app.get("/api/openapi.json", (c) => c.json(OPENAPI_DOCUMENT));
  app.get("/api/codes", async (c) => {
    const query = c.req.query("q")?.trim();
    if (query === undefined || query === "") throw new UsageError('give a search with ?q=, e.g. ?q=facet lumbar or ?q=6449');
    return c.json({ query, results: await services.searchCodes(query) });
  });
  app.get("/api/codes/:code", async (c) => c.json(await services.codeEntry(parseCode(c.req.param("code")))));
  app.get("/api/benchmarks/:code", async (c) => c.json(await services.benchmark(parseBenchmarkFilters(c.req.param("code"), reader(c)))));
  app.get("/api/medicare/:code", async (c) => c.json(await services.medicare(parseMedicareQuery(c.req.param("code"), reader(c)))));
  app.get("/api/publications/:code", async (c) => c.json(await services.publication(parseCode(c.req.param("code")))));
  app.post("/api/check", bodyLimit({ maxSize: MAX_CHECK_BODY }), async (c) => {
    const text = await c.req.text();
    if (text.trim() === "") throw new UsageError("POST a claim (JSON object or array, JSONL, CSV or X12 837P) as the request body");
    return c.json(await services.check(text, "request body"));
  });
  if (services.contracts !== undefined) registerContractRoutes(app, services.contracts);
  return app;
}

function reader(c: Context): (name: string) => string[] {
  return (name) => c.req.queries(name) ?? [];
}
