/**
 * Fast under load: results cached per store version (dropped when a file is loaded), identical
 * requests in flight computed once, expensive work bounded with a 503 and Retry-After beyond it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestFileUnit } from "../ingest/ingest-file-unit.js";
import { buildBenchmarkFixture, loadBenchmarkFixture } from "../testing/benchmark-fixture.js";
import type { BenchmarkFilters, BenchmarkResult } from "../analyze/benchmark/benchmark-types.js";
import { BusyError } from "../errors.js";
import { Store } from "../store/store.js";
import { cachedServices, versionedCache } from "./cached-services.js";
import { createApp } from "./create-app.js";
import { httpFixture, type HttpFixture } from "../testing/http-test-fixture.js";
import { requestLimiter } from "./request-limiter.js";
import { storeVersion, throttledVersion } from "./store-version.js";

let fixture: HttpFixture;
beforeAll(async () => {
  fixture = await httpFixture();
});
afterAll(async () => {
  await fixture.close();
});

describe("store version", () => {
  it("changes when a file is loaded", async () => {
    const store = await Store.memory();
    try {
      const version = storeVersion(store);
      const empty = await version();
      expect(await version()).toBe(empty);
      await loadBenchmarkFixture(store, buildBenchmarkFixture(), { withDirectory: true });
      expect(await version()).not.toBe(empty);
    } finally {
      store.close();
    }
  });

  it("changes in a store folder when a unit is published, without reading the units", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ratelens-version-"));
    const root = join(dir, "test.store");
    const store = await Store.open(root);
    try {
      const version = storeVersion(store);
      const empty = await version();
      expect(await version()).toBe(empty);
      await ingestFileUnit(
        root,
        join(import.meta.dirname, "../sources/tic/fixtures/quirks-v1.json"),
        {
          offline: true,
          cacheDir: join(dir, "cache"),
          workers: 0,
        },
      );
      expect(await version()).not.toBe(empty);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is asked at most once per window when throttled", async () => {
    let asked = 0;
    const version = throttledVersion(() => Promise.resolve(String(++asked)), 60_000);
    expect(await Promise.all([version(), version(), version()])).toEqual(["1", "1", "1"]);
    expect(asked).toBe(1);
  });
});

describe("versioned cache", () => {
  it("computes identical requests once, and again after the version changes", async () => {
    let version = "a";
    let computed = 0;
    const cached = versionedCache(() => Promise.resolve(version));
    const compute = async (): Promise<number> => {
      computed++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return computed;
    };
    expect(
      await Promise.all([cached("k", compute), cached("k", compute), cached("k", compute)]),
    ).toEqual([1, 1, 1]);
    expect(await cached("k", compute)).toBe(1);
    version = "b";
    expect(await cached("k", compute)).toBe(2);
  });

  it("does not keep a failure", async () => {
    const cached = versionedCache(() => Promise.resolve("v"));
    await expect(cached("k", () => Promise.reject(new Error("once")))).rejects.toThrow("once");
    expect(await cached("k", () => Promise.resolve(7))).toBe(7);
  });

  it("serves the real benchmark from the cache until a file is loaded", async () => {
    const store = await Store.memory();
    try {
      await loadBenchmarkFixture(store, buildBenchmarkFixture(), { withDirectory: true });
      let runs = 0;
      const services = {
        ...fixture.services,
        benchmark: (filters: BenchmarkFilters) => (runs++, fixture.services.benchmark(filters)),
      };
      const cached = cachedServices(
        services,
        storeVersion(store),
        requestLimiter({ concurrent: 2, queued: 10 }),
      );
      const first = await cached.benchmark({ codes: ["64491"] });
      expect(await cached.benchmark({ codes: ["64491"] })).toBe(first);
      expect(runs).toBe(1);
      await store.withConnection((c) =>
        c.run("UPDATE source_files SET ingested_at = ingested_at + INTERVAL 1 SECOND"),
      );
      expect(await cached.benchmark({ codes: ["64491"] })).not.toBe(first);
      expect(runs).toBe(2);
    } finally {
      store.close();
    }
  });
});

describe("request limiter", () => {
  it("runs at most `concurrent` at once and refuses beyond the queue", async () => {
    const limiter = requestLimiter({ concurrent: 1, queued: 1, retryAfterSeconds: 3 });
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = limiter.run(() => gate);
    const second = limiter.run(() => Promise.resolve("second"));
    expect(limiter.load).toEqual({ running: 1, waiting: 1 });
    await expect(limiter.run(() => Promise.resolve("third"))).rejects.toBeInstanceOf(BusyError);
    release();
    await first;
    expect(await second).toBe("second");
    expect(limiter.load).toEqual({ running: 0, waiting: 0 });
  });

  it("answers 503 with Retry-After when the queue is full", async () => {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = {
      ...fixture.services,
      benchmark: async (filters: BenchmarkFilters): Promise<BenchmarkResult> => (
        await gate,
        fixture.services.benchmark(filters)
      ),
    };
    const services = cachedServices(
      slow,
      () => Promise.resolve("v"),
      requestLimiter({ concurrent: 1, queued: 0, retryAfterSeconds: 2 }),
    );
    const app = createApp(services);
    const waiting = app.request("/api/v1/benchmarks/64491");
    const busy = await app.request("/api/v1/benchmarks/64491?state=AL");
    expect(busy.status).toBe(503);
    expect(busy.headers.get("retry-after")).toBe("2");
    expect(((await busy.json()) as { detail: string }).detail).toContain("busy");
    release();
    expect((await waiting).status).toBe(200);
  });
});
