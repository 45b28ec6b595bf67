/**
 * The same guarantees over a real socket (port 0 on 127.0.0.1): headers, problem details (400,
 * 404, 405, 413, 415), the API reference and its OpenAPI document, the token (bearer and sign-in
 * cookie), escaped pages, cached and bounded benchmarks (503 with Retry-After), a taken port as a
 * `PortInUseError` (exit code 10), and the start-up checks of `serve`.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BenchmarkFilters } from "../analyze/benchmark/benchmark-types.js";
import { EXIT, exitCodeFor } from "../cli/exit-code.js";
import serveCommand from "../cli/serve-command.js";
import { banner, parseAccess } from "../cli/serve-until-stopped.js";
import { PortInUseError, UsageError } from "../errors.js";
import { cachedServices } from "./cached-services.js";
import { createApp } from "./create-app.js";
import { httpFixture, type HttpFixture } from "../testing/http-test-fixture.js";
import { requestLimiter } from "./request-limiter.js";
import { startServer, type RunningServer } from "./start-server.js";
import { SESSION_COOKIE } from "./token-auth.js";

const TOKEN = "socket-test-token-0123456789";
let fixture: HttpFixture;
let open: RunningServer;
let locked: RunningServer;

beforeAll(async () => {
  fixture = await httpFixture();
  open = await startServer(createApp(fixture.services), { port: 0 });
  locked = await startServer(createApp(fixture.services, { token: TOKEN }), { port: 0 });
});
afterAll(async () => {
  await open.close();
  await locked.close();
  await fixture.close();
});

describe("over a socket", () => {
  it("listens on 127.0.0.1 by default and says so", () => {
    expect(open.host).toBe("127.0.0.1");
    expect(open.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(banner(open, null)).toContain("this machine only; no token required");
  });

  it("answers with the security headers and problem details", async () => {
    const response = await fetch(`${open.url}api/v1/benchmarks/ABCDE`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    const body = (await response.json()) as { title: string; detail: string };
    expect(body.title).toBe("Not Found");
    expect(body.detail).toContain("ABCDE");
    const ok = await fetch(`${open.url}api/v1/benchmarks/64491`);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { billingCode: string }).billingCode).toBe("64491");
  });

  it("405 with Allow and 413 naming the limit", async () => {
    const get = await fetch(`${open.url}api/v1/check`);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    const big = await fetch(`${open.url}api/v1/check`, {
      method: "POST",
      body: "x".repeat(3 * 1024 * 1024),
      headers: { "content-type": "text/csv" },
    });
    expect(big.status).toBe(413);
    // The unread rest of the body ends the connection: the client is told not to reuse it.
    expect(big.headers.get("connection")).toBe("close");
    expect(((await big.json()) as { detail: string }).detail).toContain("2 MiB");
  });

  it("asks for the token when started with one", async () => {
    expect((await fetch(`${locked.url}api/v1/codes/64491`)).status).toBe(401);
    expect(
      (
        await fetch(`${locked.url}api/v1/codes/64491`, {
          headers: { authorization: `Bearer ${TOKEN}` },
        })
      ).status,
    ).toBe(200);
    const page = await fetch(`${locked.url}check`, { redirect: "manual" });
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("/login?next=%2Fcheck");
  });

  it("a taken port is a PortInUseError with its own exit code", async () => {
    const error: unknown = await startServer(createApp(fixture.services), { port: open.port }).then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(PortInUseError);
    expect((error as Error).message).toBe(
      `port ${open.port} on 127.0.0.1 is already in use: stop the other server or pick another port with --port`,
    );
    expect(exitCodeFor(error)).toBe(EXIT.portInUse);
  });
});

describe("the rest of the API's contract, over a socket", () => {
  it("415 for a media type that is not a claim format, 400 naming an unknown parameter", async () => {
    const png = await fetch(`${open.url}api/v1/check`, {
      method: "POST",
      body: "not really a picture",
      headers: { "content-type": "image/png" },
    });
    expect(png.status).toBe(415);
    expect(png.headers.get("content-type")).toBe("application/problem+json");
    const unknown = await fetch(`${open.url}api/v1/benchmarks/64491?colour=blue`);
    expect(unknown.status).toBe(400);
    const problem = (await unknown.json()) as { title: string; detail: string };
    expect(problem.title).not.toBe("");
    expect(problem.detail).toContain("colour");
  });

  it("serves the API reference page from the package, and the OpenAPI document it reads", async () => {
    const page = await fetch(`${open.url}api/v1/reference`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc="\/assets\/)/);
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[^"]*\.(js|css)"/);
    const scripts = [...html.matchAll(/<script[^>]*src="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      expect((await fetch(`${open.url}${script.slice(1)}`)).status).toBe(200);
    }
    const document = (await (await fetch(`${open.url}api/v1/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(document.paths)).toContain("/benchmarks/{code}");
  });

  it("signs a page visitor in with the token: a Secure, HttpOnly cookie, then the page", async () => {
    const wrong = await fetch(`${locked.url}login`, {
      method: "POST",
      body: new URLSearchParams({ token: "not-the-token-at-all", next: "/check" }),
      redirect: "manual",
    });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${locked.url}login`, {
      method: "POST",
      body: new URLSearchParams({ token: TOKEN, next: "/check" }),
      redirect: "manual",
    });
    expect(right.status).toBe(303);
    expect(right.headers.get("location")).toBe("/check");
    const cookie = right.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/HttpOnly/);
    const session = cookie.split(";")[0]!;
    expect(session.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
    const page = await fetch(`${locked.url}check`, { headers: { cookie: session } });
    expect(page.status).toBe(200);
  });

  it("escapes what a visitor typed into a page", async () => {
    const probe = `"><script>alert(1)</script>`;
    const page = await fetch(
      `${open.url}explorer?${new URLSearchParams({ code: "64491", payer: probe }).toString()}`,
    );
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).not.toContain(probe);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("computes a benchmark once per store version, and answers 503 with Retry-After when the queue is full", async () => {
    let computed = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = {
      ...fixture.services,
      benchmark: async (filters: BenchmarkFilters) => {
        computed++;
        await gate;
        return fixture.services.benchmark(filters);
      },
    };
    const services = cachedServices(
      slow,
      () => Promise.resolve("one version"),
      requestLimiter({ concurrent: 1, queued: 0, retryAfterSeconds: 3 }),
    );
    const bounded = await startServer(createApp(services), { port: 0 });
    try {
      const first = fetch(`${bounded.url}api/v1/benchmarks/64491`);
      const same = fetch(`${bounded.url}api/v1/benchmarks/64491`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const other = await fetch(`${bounded.url}api/v1/benchmarks/64491?state=VA`);
      expect(other.status).toBe(503);
      expect(other.headers.get("retry-after")).toBe("3");
      expect(other.headers.get("content-type")).toBe("application/problem+json");
      release();
      const answers = await Promise.all([first, same]);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      const again = await fetch(`${bounded.url}api/v1/benchmarks/64491`);
      expect(again.status).toBe(200);
      // Three 200s for 64491, one computation; the refused request computed nothing.
      expect(computed).toBe(1);
    } finally {
      release();
      await bounded.close();
    }
  });
});

describe("serve's access checks", () => {
  it("`ratelens serve --host 0.0.0.0` without a token refuses to start, before opening the store", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ratelens-serve-"));
    const sink = new Writable({
      write: (_chunk, _encoding, done) => {
        done();
      },
    });
    try {
      const db = join(dir, "never-opened.store");
      const failure: unknown = await serveCommand
        .run(["--host", "0.0.0.0", "--port", "0", "--db", db], {
          stdout: sink,
          stderr: sink,
          interactive: false,
          env: {},
        })
        .then(
          () => null,
          (error: unknown) => error,
        );
      expect(failure).toBeInstanceOf(UsageError);
      expect((failure as Error).message).toBe(
        "--host 0.0.0.0 makes ratelens reachable from other machines: give a token with --token or RATELENS_TOKEN",
      );
      expect(exitCodeFor(failure)).toBe(EXIT.usage);
      expect(existsSync(db)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("needs a token for any host beyond this machine", () => {
    expect(parseAccess(undefined, undefined)).toEqual({ host: "127.0.0.1", token: null });
    expect(parseAccess("localhost", undefined).token).toBeNull();
    expect(() => parseAccess("0.0.0.0", undefined)).toThrow(UsageError);
    expect(() => parseAccess("0.0.0.0", "short")).toThrow(/16 characters/);
    expect(parseAccess("0.0.0.0", TOKEN)).toEqual({ host: "0.0.0.0", token: TOKEN });
  });

  it("the banner says a token is required when exposed", () => {
    const text = banner(
      { url: "http://0.0.0.0:8080/", port: 8080, host: "0.0.0.0", close: () => Promise.resolve() },
      TOKEN,
    );
    expect(text).toContain("reachable from the network on 0.0.0.0");
    expect(text).toContain("token required");
    expect(text).not.toContain(TOKEN);
  });
});
