/**
 * The same guarantees over a real socket (port 0 on 127.0.0.1): headers, problem details, the
 * token, a taken port as a `PortInUseError` (exit code 10), and the start-up checks of `serve`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT, exitCodeFor } from "../cli/exit-code.js";
import { banner, parseAccess } from "../cli/serve-until-stopped.js";
import { PortInUseError, UsageError } from "../errors.js";
import { createApp } from "./create-app.js";
import { httpFixture, type HttpFixture } from "../testing/http-test-fixture.js";
import { startServer, type RunningServer } from "./start-server.js";

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

describe("serve's access checks", () => {
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
