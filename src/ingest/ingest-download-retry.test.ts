import { readFileSync } from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Store } from "../store/store.js";
import { startSyntheticPayer } from "../testing/synthetic-payer/payer-server.js";
import { loadTask } from "./ingest-folder.js";

const fixture = (name: string): string =>
  join(import.meta.dirname, "../sources/tic/fixtures", name);

describe("downloads that fail are tried again", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ratelens-retry-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("a 503, then a connection that breaks off midway, then the whole file: loaded once, nothing of the failed attempts kept", async () => {
    const gz = gzipSync(readFileSync(fixture("pretty-printed-crlf.json")));
    const attempts: string[] = [];
    const fetcher: typeof fetch = () => {
      attempts.push("GET");
      if (attempts.length === 1) return Promise.resolve(new Response("busy", { status: 503 }));
      if (attempts.length === 2) {
        // Half the bytes, then the connection drops.
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new Uint8Array(gz.subarray(0, gz.length >> 1)));
            controller.error(new Error("socket hang up"));
          },
        });
        return Promise.resolve(
          new Response(body, {
            status: 200,
            headers: { "content-type": "application/octet-stream" },
          }),
        );
      }
      return Promise.resolve(
        new Response(new Uint8Array(gz), {
          status: 200,
          headers: { "content-type": "application/gzip" },
        }),
      );
    };
    const root = join(dir, "test.store");
    const result = await loadTask(
      root,
      { location: "https://payer.example/a.json.gz" },
      {
        fetch: fetcher,
        cacheDir: join(dir, "cache"),
        workers: 0,
        download: { retries: 3, backoffMs: 1 },
      },
      undefined,
    );
    expect(attempts).toHaveLength(3);
    expect(result.summaries).toMatchObject([{ status: "ingested", rows: 4 }]);
    const store = await Store.open(root);
    try {
      const rows = await store.withConnection(async (c) =>
        (
          await c.runAndReadAll(
            "SELECT count(*)::INTEGER AS files, (SELECT count(*) FROM rates)::INTEGER AS rates FROM source_files",
          )
        ).getRowObjectsJson(),
      );
      expect(rows).toEqual([{ files: 1, rates: 4 }]);
    } finally {
      store.close();
    }
  });

  it("a connection dropped mid-body over HTTP: retried and loaded whole, or failed with the reason; never a crash", async () => {
    // Before: pipe() did not pass the download's error on, and its 'error' with no listener ended
    // the process (a worker crashed on a dropped connection instead of retrying the file).
    const payer = await startSyntheticPayer({
      seed: 5,
      files: 30,
      medianBytes: 100_000,
      faults: ["drop-once", "drop-always"],
    });
    try {
      const dropped = payer.fileUrls.flatMap((url) => {
        const file = payer.fileAt(url);
        return file === undefined || file.faultName === "none" ? [] : [{ url, file }];
      });
      expect(dropped.map(({ file }) => file.faultName).sort()).toEqual([
        "drop-always",
        "drop-once",
      ]);
      for (const { url, file } of dropped) {
        const result = await loadTask(
          join(dir, "test.store"),
          { location: url },
          {
            offline: true,
            cacheDir: join(dir, "cache"),
            workers: 0,
            download: { retries: 3, backoffMs: 1 },
          },
          undefined,
        );
        if (file.faultName === "drop-once") {
          expect(result.summaries).toMatchObject([{ status: "ingested", rows: file.rows }]);
        } else {
          expect(result.summaries).toMatchObject([
            {
              status: "failed",
              note: expect.stringMatching(/broke off after \d+ bytes/) as string,
            },
          ]);
          // Said in words, once: not undici's "terminated: caused by: terminated: caused by: …".
          expect(result.summaries[0]?.note).toMatch(/bytes: the server closed the connection$/);
        }
      }
    } finally {
      await payer.close();
    }
  });

  it("a 404 is not retried: the file is recorded as failed with the reason", async () => {
    let calls = 0;
    const fetcher: typeof fetch = () => {
      calls++;
      return Promise.resolve(new Response("no", { status: 404 }));
    };
    const result = await loadTask(
      join(dir, "test.store"),
      { location: "https://payer.example/gone.json.gz", parentFileId: 7 },
      { fetch: fetcher, cacheDir: join(dir, "cache"), download: { backoffMs: 1 } },
      undefined,
    );
    expect(calls).toBe(1);
    expect(result.summaries).toMatchObject([
      { status: "failed", note: "https://payer.example/gone.json.gz: HTTP 404", parentFileId: 7 },
    ]);
  });
});
