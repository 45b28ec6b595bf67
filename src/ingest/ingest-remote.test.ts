import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Store } from "../store/store.js";
import { ingestFiles } from "./ingest.js";

const fixture = (name: string): string =>
  join(import.meta.dirname, "../sources/tic/fixtures", name);
const cacheDir = join(tmpdir(), "ratelens-test-cache-remote");

/** A fetch that serves `body` with `type` for any URL. */
function serving(body: Buffer, type: string): typeof fetch {
  return () =>
    Promise.resolve(
      new Response(new Uint8Array(body), {
        status: 200,
        headers: { "content-type": type, "content-length": String(body.length) },
      }),
    );
}

describe("remote inputs are told apart by their bytes, not their Content-Type", () => {
  let store: Store;
  beforeEach(async () => {
    store = await Store.memory();
  });
  afterEach(() => {
    store.close();
  });

  it("a remote .json.gz served as application/gzip is gunzipped, not taken for a zip archive", async () => {
    const gz = gzipSync(readFileSync(fixture("pretty-printed-crlf.json")));
    const [summary] = await ingestFiles(store, ["https://payer.example/in-network.json.gz"], {
      fetch: serving(gz, "application/gzip"),
      cacheDir,
      workers: 0,
    });
    expect(summary).toMatchObject({ status: "ingested", rows: 4, sizeBytes: gz.length });
    const rows = await store.withConnection(async (c) =>
      (await c.runAndReadAll("SELECT compression FROM source_files")).getRowObjectsJson(),
    );
    expect(rows).toEqual([{ compression: "gzip" }]);
  });

  it("a remote zip served as application/octet-stream under a name without .zip is read as a zip", async () => {
    const zip = readFileSync(fixture("zip-archive.zip"));
    const [summary] = await ingestFiles(store, ["https://payer.example/download?id=7"], {
      fetch: serving(zip, "application/octet-stream"),
      cacheDir,
      workers: 0,
    });
    expect(summary).toMatchObject({ status: "ingested", rows: 4 });
    expect(summary?.location).toMatch(/#in-network\/pretty-printed-crlf\.json$/);
  });
});
