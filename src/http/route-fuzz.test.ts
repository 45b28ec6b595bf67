/**
 * Every route's parameters generated with fast-check (random text, markup, codes, unknown keys):
 * no answer is a 500, and no HTML answer reflects input unescaped (no `<script`, no raw `<` from
 * the input). JSON answers may echo input: they are served as JSON with `nosniff`.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./create-app.js";
import { httpFixture, type HttpFixture } from "../testing/http-test-fixture.js";

let fixture: HttpFixture;
let app: ReturnType<typeof createApp>;
const errors: string[] = [];

beforeAll(async () => {
  fixture = await httpFixture();
  app = createApp(fixture.services, { token: null, log: (message) => errors.push(message) });
});
afterAll(async () => {
  await fixture.close();
});

const MARKUP = [
  "<script>alert(1)</script>",
  `"><img src=x onerror=alert(1)>`,
  "'><svg onload=alert(1)>",
  "</textarea><script>x</script>",
  "<b>",
];
/** Text a caller might send: markup, codes, near-codes, and anything at all. */
const text = fc.oneof(
  fc.constantFrom(...MARKUP, "64491", "64490", "ABCDE", "6449", "facility", "50", "VA", "true", ""),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 12 }),
);
const code = fc.oneof(fc.constantFrom("64491", "64490", "abcde", "ABCDE", "0000Z"), text);
const NAMES = [
  "q",
  "payer",
  "state",
  "setting",
  "billingClass",
  "modifier",
  "taxonomy",
  "synthetic",
  "year",
  "locality",
  "code",
  "next",
  "market",
  "sample",
  "hospital",
  "codes",
  "tolerance",
  "limit",
  "source",
];
const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...NAMES), text), text), { maxLength: 4 });

function url(path: string, params: [string, string][]): string {
  const search = new URLSearchParams(params).toString();
  return search === "" ? path : `${path}?${search}`;
}

/** The answer is not a 500, and an HTML answer shows none of the inputs' markup raw. */
async function expectSafe(response: Response, inputs: string[]): Promise<void> {
  expect(response.status, errors.join("\n")).not.toBe(500);
  expect(response.status).toBeLessThan(500);
  if (!(response.headers.get("content-type") ?? "").startsWith("text/html")) return;
  const html = await response.text();
  expect(html).not.toMatch(/<script(?![^>]*\bsrc="\/assets\/)/);
  // Input that could open a tag must not appear raw. Very short inputs ("<", "<b") are left out:
  // they occur in any page's own markup ("<body>"); the MARKUP probes cover tags in full.
  for (const input of inputs) {
    if (input.length >= 6 && /<[A-Za-z/!?]/.test(input)) expect(html).not.toContain(input);
  }
}

const RUNS = { numRuns: 40 };

describe("fuzzed routes", () => {
  it.each([
    "/codes/",
    "/api/v1/codes/",
    "/api/v1/benchmarks/",
    "/api/v1/medicare/",
    "/api/v1/publications/",
  ])("GET %s{code}?…", async (prefix) => {
    await fc.assert(
      fc.asyncProperty(code, query, async (raw, params) => {
        const response = await app.request(url(`${prefix}${encodeURIComponent(raw)}`, params));
        await expectSafe(response, [raw, ...params.flat()]);
      }),
      RUNS,
    );
  });

  it.each([
    "/",
    "/explorer",
    "/check",
    "/api/v1/codes",
    "/api/v1/reference",
    "/api/v1/openapi.json",
    "/login",
    "/api/benchmarks/64491",
    "/contracts",
    "/hospitals",
    "/hospitals/1/findings",
    "/crosscheck",
    "/api/v1/hospitals",
    "/api/v1/crosscheck",
  ])("GET %s?…", async (path) => {
    await fc.assert(
      fc.asyncProperty(query, async (params) => {
        const response = await app.request(url(path, params));
        await expectSafe(response, params.flat());
      }),
      RUNS,
    );
  });

  it("GET /explorer with a code and fuzzed filters", async () => {
    await fc.assert(
      fc.asyncProperty(code, query, async (raw, params) => {
        const response = await app.request(url("/explorer", [["code", raw], ...params]));
        await expectSafe(response, [raw, ...params.flat()]);
      }),
      RUNS,
    );
  });

  it("POST /check (form) and /api/v1/check with fuzzed bodies and types", async () => {
    const type = fc.constantFrom(
      "application/json",
      "text/csv",
      "text/plain",
      "application/x-ndjson",
      "application/edi-x12",
      "image/png",
      "application/x-www-form-urlencoded",
    );
    const body = fc.oneof(
      text,
      fc.json(),
      fc.constantFrom("null", "[]", "{}", "claim_id,code\n1,64491\n", "ISA*00*"),
    );
    await fc.assert(
      fc.asyncProperty(body, type, async (content, contentType) => {
        const api = await app.request("/api/v1/check", {
          method: "POST",
          body: content,
          headers: { "content-type": contentType },
        });
        await expectSafe(api, [content]);
        const page = await app.request("/check", {
          method: "POST",
          body: new URLSearchParams({ claims: content }),
        });
        await expectSafe(page, [content]);
      }),
      RUNS,
    );
  });

  it("POST /contracts (form) and /api/v1/contracts/evaluate with fuzzed fields", async () => {
    const field = fc.oneof(
      text,
      fc.constantFrom(
        "cbsa:12580",
        "zip:90012",
        "file:/etc/passwd",
        "140% medicare",
        "p60",
        "21201",
        "00000",
      ),
    );
    const schedule = fc.oneof(
      text,
      fc.constantFrom(
        "payer,code,setting,rate\nAetna,64491,facility,200\n",
        "payer,code,setting,rate\n<b>x</b>,64491,x,y\n",
      ),
    );
    await fc.assert(
      fc.asyncProperty(schedule, field, field, field, async (csv, market, zip, offer) => {
        const fields = { schedule: csv, market, zip, offer };
        const api = await app.request("/api/v1/contracts/evaluate", {
          method: "POST",
          body: JSON.stringify(fields),
          headers: { "content-type": "application/json" },
        });
        await expectSafe(api, Object.values(fields));
        const page = await app.request("/contracts", {
          method: "POST",
          body: new URLSearchParams(fields),
        });
        await expectSafe(page, Object.values(fields));
      }),
      RUNS,
    );
  });

  it("any method on any known path: never a 500", async () => {
    const method = fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD");
    const path = fc.constantFrom(
      "/",
      "/check",
      "/explorer",
      "/codes/64491",
      "/api/v1/check",
      "/api/v1/codes/64491",
      "/api/v1/benchmarks/64491",
      "/login",
      "/assets/api-reference.js",
      "/contracts",
      "/api/v1/contracts/evaluate",
      "/assets/contracts.js",
    );
    await fc.assert(
      fc.asyncProperty(method, path, async (verb, where) => {
        const response = await app.request(where, { method: verb });
        expect(response.status, `${verb} ${where}`).toBeLessThan(500);
      }),
      RUNS,
    );
  });
});
