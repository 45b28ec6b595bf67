import { describe, expect, it } from "vitest";
import { UsageError } from "../../errors.js";
import { parseRedisUrl } from "./redis-url.js";

describe("parseRedisUrl", () => {
  it("reads host, port, database, credentials and TLS, and hides the password", () => {
    expect(parseRedisUrl("redis://127.0.0.1:6390")).toMatchObject({
      host: "127.0.0.1",
      port: 6390,
      db: 0,
      tls: false,
      display: "redis://127.0.0.1:6390",
    });
    expect(parseRedisUrl("redis://queue.internal")).toMatchObject({
      host: "queue.internal",
      port: 6379,
    });
    const secure = parseRedisUrl("rediss://ingest:s%40cret@[::1]:7000/3");
    expect(secure).toMatchObject({
      host: "::1",
      port: 7000,
      db: 3,
      username: "ingest",
      password: "s@cret",
      tls: true,
    });
    expect(secure.display).toBe("rediss://ingest:***@[::1]:7000/3");
  });

  it.each([
    ["127.0.0.1:6379", "not a URL"],
    ["http://127.0.0.1:6379", "the scheme must be redis:// or rediss://"],
    ["redis://127.0.0.1:99999", "not a URL"],
    ["redis://127.0.0.1:6379/x", "the database must be a number"],
    ["redis://127.0.0.1:6379/16", "the database must be a number"],
    ["redis://127.0.0.1:6379?db=2", "no query"],
  ])("refuses %s: %s", (text, problem) => {
    expect(() => parseRedisUrl(text)).toThrow(UsageError);
    expect(() => parseRedisUrl(text)).toThrow(problem);
  });
});
