/**
 * Safe by default, in-process: security headers on every answer (pages, API, errors, assets), the
 * CSP without inline script, uploads limited (413 naming the limit) and typed (415), 405 with
 * Allow, problem details with a title and a detail, and the token check for an exposed server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "./token-auth.js";
import { createApp } from "./create-app.js";
import type { Problem } from "./error-status.js";
import { httpFixture, type HttpFixture } from "../testing/http-test-fixture.js";

let fixture: HttpFixture;
let app: ReturnType<typeof createApp>;
const TOKEN = "a-test-token-of-enough-length";

beforeAll(async () => {
  fixture = await httpFixture();
  app = createApp(fixture.services, { maxUploadBytes: 64 * 1024 });
});
afterAll(async () => {
  await fixture.close();
});

async function problem(response: Response): Promise<Problem> {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = (await response.json()) as Problem;
  expect(body.title.length).toBeGreaterThan(0);
  expect(body.detail.length).toBeGreaterThan(0);
  expect(body.status).toBe(response.status);
  return body;
}

describe("security headers", () => {
  it.each([
    "/",
    "/codes/64491",
    "/explorer",
    "/check",
    "/api/v1/benchmarks/64491",
    "/api/v1/nothing",
    "/no/such/page",
    "/api/v1/reference",
    "/assets/api-reference.js",
  ])("are on %s", async (path) => {
    const response = await app.request(path);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
  });

  it("no served page carries an inline script", async () => {
    for (const path of [
      "/",
      "/codes/64491",
      "/explorer?code=64491",
      "/check",
      "/api/v1/reference",
    ]) {
      const html = await (await app.request(path)).text();
      expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g), path).toBeNull();
    }
  });
});

describe("API errors as problem details", () => {
  it("404 for an unknown code, 400 for a malformed one", async () => {
    const unknown = await app.request("/api/v1/benchmarks/ABCDE");
    expect(unknown.status).toBe(404);
    expect((await problem(unknown)).detail).toContain("ABCDE");
    const malformed = await app.request("/api/v1/benchmarks/ABC");
    expect(malformed.status).toBe(400);
    expect((await problem(malformed)).detail).toContain("five letters or digits");
  });

  it("rejects unknown query parameters, naming them", async () => {
    const response = await app.request("/api/v1/benchmarks/64491?colour=blue");
    expect(response.status).toBe(400);
    expect((await problem(response)).detail).toContain("colour");
    expect((await app.request("/api/v1/codes/64491?x=1")).status).toBe(400);
    expect(
      (
        await app.request("/api/v1/check?dryRun=1", {
          method: "POST",
          body: "{}",
          headers: { "content-type": "application/json" },
        })
      ).status,
    ).toBe(400);
  });

  it("405 with Allow for another method on a known path", async () => {
    for (const method of ["GET", "DELETE"]) {
      const response = await app.request("/api/v1/check", { method });
      expect(response.status, method).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
      await problem(response);
    }
    const put = await app.request("/api/v1/benchmarks/64491", { method: "PUT" });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, HEAD");
  });

  it("413 naming the limit for a body over it; nothing is parsed", async () => {
    const big = "x".repeat(65 * 1024);
    const response = await app.request("/api/v1/check", {
      method: "POST",
      body: big,
      headers: { "content-type": "text/csv" },
    });
    expect(response.status).toBe(413);
    expect((await problem(response)).detail).toContain("64 KiB");
    const form = await app.request("/check", {
      method: "POST",
      body: `claims=${big}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(413);
    expect(await form.text()).toContain("64 KiB");
  });

  it("415 for a media type that is not a claim format, 400 for a JSON null", async () => {
    const png = await app.request("/api/v1/check", {
      method: "POST",
      body: "{}",
      headers: { "content-type": "image/png" },
    });
    expect(png.status).toBe(415);
    expect((await problem(png)).detail).toContain("image/png");
    const nothing = await app.request("/api/v1/check", {
      method: "POST",
      body: "null",
      headers: { "content-type": "application/json" },
    });
    expect(nothing.status).toBe(400);
    expect((await problem(nothing)).detail).toContain("claim object");
  });

  it("redirects the unversioned /api paths to /api/v1, keeping the query", async () => {
    const response = await app.request("/api/benchmarks/64491?state=AL");
    expect(response.status).toBe(308);
    expect(response.headers.get("location")).toBe("/api/v1/benchmarks/64491?state=AL");
    expect((await app.request("/api/openapi.json")).headers.get("location")).toBe(
      "/api/v1/openapi.json",
    );
  });

  it("applies modifier 50 (bilateral) to the Medicare amount, as the CLI does", async () => {
    const plain = (await (
      await app.request("/api/v1/medicare/64493?year=2025&setting=facility")
    ).json()) as { rows: { amount: { amount: number } }[] };
    const bilateral = (await (
      await app.request("/api/v1/medicare/64493?year=2025&setting=facility&modifier=50")
    ).json()) as {
      modifiers: string[];
      rows: { amount: { amount: number; percentOfBase: number } }[];
    };
    expect(bilateral.modifiers).toEqual(["50"]);
    expect(bilateral.rows[0]!.amount.percentOfBase).toBe(150);
    expect(bilateral.rows[0]!.amount.amount).toBeCloseTo(plain.rows[0]!.amount.amount * 1.5, 1);
    expect((await app.request("/api/v1/medicare/64493?modifier=5")).status).toBe(400);
  });
});

describe("token access", () => {
  const secured = (): ReturnType<typeof createApp> => createApp(fixture.services, { token: TOKEN });

  it("the API needs the bearer token", async () => {
    const app = secured();
    const without = await app.request("/api/v1/codes/64491");
    expect(without.status).toBe(401);
    expect(without.headers.get("www-authenticate")).toContain("Bearer");
    await problem(without);
    expect(
      (
        await app.request("/api/v1/codes/64491", {
          headers: { authorization: "Bearer wrong-token-wrong-token" },
        })
      ).status,
    ).toBe(401);
    expect(
      (await app.request("/api/v1/codes/64491", { headers: { authorization: `Bearer ${TOKEN}` } }))
        .status,
    ).toBe(200);
  });

  it("pages send to the sign-in form, which sets a Secure, HttpOnly, SameSite=Strict cookie", async () => {
    const app = secured();
    const page = await app.request("/explorer?code=64491");
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("/login?next=%2Fexplorer%3Fcode%3D64491");
    const form = await app.request("/login?next=/explorer");
    expect(form.status).toBe(200);
    expect(await form.text()).toContain(`name="token"`);
    const wrong = await app.request("/login", {
      method: "POST",
      body: new URLSearchParams({ token: "nope", next: "/explorer" }),
    });
    expect(wrong.status).toBe(401);
    const right = await app.request("/login", {
      method: "POST",
      body: new URLSearchParams({ token: TOKEN, next: "//evil.example/" }),
    });
    expect(right.status).toBe(303);
    // An off-site `next` is never followed.
    expect(right.headers.get("location")).toBe("/");
    const cookie = right.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toContain(TOKEN);
    const value = cookie.split(";")[0]!;
    expect(value.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
    expect((await app.request("/explorer", { headers: { cookie: value } })).status).toBe(200);
    // Assets stay reachable so the sign-in form itself works.
    expect((await app.request("/assets/api-reference.js")).status).toBe(200);
  });
});
