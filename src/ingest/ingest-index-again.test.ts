import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compactUnits } from "../store/compact-units.js";
import { Store } from "../store/store.js";
import { startSyntheticPayer } from "../testing/synthetic-payer/payer-server.js";
import { ingestIntoFolder } from "./ingest-folder.js";
import { ingestFiles } from "./ingest.js";
import type { IngestSummary } from "./ingest-types.js";

const fixture = (name: string): string =>
  join(import.meta.dirname, "../sources/tic/fixtures", name);

const statuses = (summaries: readonly IngestSummary[]): string[][] =>
  summaries.map((summary) => [String(summary.location.split("/").pop()), summary.status]);

async function fileCount(root: string): Promise<number> {
  const store = await Store.open(root);
  try {
    return await store.withConnection(async (connection) =>
      Number(
        (await connection.runAndReadAll("SELECT count(*) FROM source_files")).getRows()[0]?.[0],
      ),
    );
  } finally {
    store.close();
  }
}

describe("an index loaded again", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ratelens-index-again-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("loads the listed files a first run left out, and skips the others, also once the store is compacted", async () => {
    for (const name of ["index-local-files.json", "bom.json", "references-after-in-network.json"]) {
      copyFileSync(fixture(name), join(dir, name));
    }
    const root = join(dir, "test.store");
    const index = join(dir, "index-local-files.json");
    const options = { offline: true, cacheDir: join(dir, "cache"), workers: 0 };
    expect(statuses(await ingestIntoFolder(root, [index], options, undefined))).toEqual([
      ["index-local-files.json", "ingested"],
      ["bom.json", "ingested"],
      ["references-after-in-network.json", "ingested"],
      ["missing-file.json", "failed"],
    ]);
    // The missing file appears; the run is made again, after a compaction of the small units.
    copyFileSync(fixture("quirks-v1.json"), join(dir, "missing-file.json"));
    const compaction = await compactUnits(root, { minUnits: 1, graceMs: 0 });
    expect(compaction.replacedUnits).toBe(2); // the two data files; the index stays its own unit
    const again = await ingestIntoFolder(root, [index], options, undefined);
    expect(statuses(again)).toEqual([
      ["index-local-files.json", "skipped"],
      ["bom.json", "skipped"],
      ["references-after-in-network.json", "skipped"],
      ["missing-file.json", "ingested"],
    ]);
    // Recorded as listed by the index loaded the first time.
    expect(again[3]?.parentFileId).toBe(again[0]?.fileId);
    expect(await fileCount(root)).toBe(4);
    const third = await ingestIntoFolder(root, [index], options, undefined);
    expect(third.map((summary) => summary.status)).toEqual(Array(4).fill("skipped"));
    expect(await fileCount(root)).toBe(4);
  });

  it("does the same in a single-file store: the files left out loaded, the others skipped, remote ones without a download", async () => {
    for (const name of ["index-local-files.json", "bom.json", "references-after-in-network.json"]) {
      copyFileSync(fixture(name), join(dir, name));
    }
    const index = join(dir, "index-local-files.json");
    const options = { offline: true, cacheDir: join(dir, "cache"), workers: 0 };
    const store = await Store.memory();
    const payer = await startSyntheticPayer({ files: 4, medianBytes: 100_000, faults: false });
    try {
      expect(
        statuses(await ingestFiles(store, [index], options)).map(([, status]) => status),
      ).toEqual(["ingested", "ingested", "ingested", "failed"]);
      copyFileSync(fixture("quirks-v1.json"), join(dir, "missing-file.json"));
      expect(
        statuses(await ingestFiles(store, [index], options)).map(([, status]) => status),
      ).toEqual(["skipped", "skipped", "skipped", "ingested"]);
      const online = { cacheDir: join(dir, "cache"), workers: 0, synthetic: true };
      const first = await ingestFiles(store, [payer.indexUrl], online);
      const plans = async (): Promise<number> =>
        store.withConnection(async (connection) =>
          Number((await connection.runAndReadAll("SELECT count(*) FROM plans")).getRows()[0]?.[0]),
        );
      const plansBefore = await plans();
      const before = payer.bytesSent();
      const again = await ingestFiles(store, [payer.indexUrl], online);
      expect(await plans()).toBe(plansBefore); // recorded again for the skipped files, not twice
      const loadedUrls = first.filter((summary) => summary.status === "ingested").slice(1);
      for (const { location } of loadedUrls) {
        expect(again.find((summary) => summary.location === location)?.note).toMatch(
          /already loaded from this URL/,
        );
      }
      const copyBytes = payer.manifest.files
        .filter((file) => file.duplicateOf !== undefined)
        .reduce((sum, file) => sum + file.bytes, 0);
      expect(payer.bytesSent() - before).toBeLessThan(
        copyBytes + (first[0]?.sizeBytes ?? 0) + 1_000,
      );
    } finally {
      store.close();
      await payer.close();
    }
  });

  it("skips a file downloaded before without downloading it, unless the server says it changed", async () => {
    const payer = await startSyntheticPayer({ files: 8, medianBytes: 100_000, faults: false });
    try {
      const root = join(dir, "test.store");
      const options = { cacheDir: join(dir, "cache"), workers: 0, synthetic: true };
      const first = await ingestIntoFolder(root, [payer.indexUrl], options, undefined);
      const listed = first.slice(1);
      expect(listed.filter((summary) => summary.status === "failed")).toEqual([]);
      const loadedUrls = listed
        .filter((summary) => summary.status === "ingested")
        .map((summary) => summary.location);
      const before = payer.bytesSent();
      const fileBytes = payer.manifest.files.reduce((sum, file) => sum + file.bytes, 0);

      const again = await ingestIntoFolder(root, [payer.indexUrl], options, undefined);
      expect(again[0]).toMatchObject({ status: "skipped", kind: "table-of-contents" });
      for (const url of loadedUrls) {
        expect(again.find((summary) => summary.location === url)).toMatchObject({
          status: "skipped",
          note: expect.stringMatching(/already loaded from this URL as file \d+/) as unknown,
        });
      }
      // Only the index, a byte per probe and the copies listed under another URL were sent again.
      const copies = payer.manifest.files.filter((file) => file.duplicateOf !== undefined);
      const copyBytes = copies.reduce((sum, file) => sum + file.bytes, 0);
      const allowed = copyBytes + (first[0]?.sizeBytes ?? 0) + 1_000;
      expect(payer.bytesSent() - before).toBeLessThan(allowed);
      expect(fileBytes).toBeGreaterThan(2 * allowed);

      // The server now says one file changed after it was loaded, and gives another size for a
      // second: both are downloaded again (and, being the same bytes, skipped by their SHA-256).
      const [changed, resized] = [loadedUrls[0]!, loadedUrls[1]!];
      const later = new Date(Date.now() + 3_600_000).toUTCString();
      const fetcher: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        const url = input instanceof Request ? input.url : input.toString();
        if (url !== changed && url !== resized) return response;
        const headers = new Headers(response.headers);
        if (url === changed) headers.set("last-modified", later);
        const range = /^bytes 0-0\/(\d+)$/.exec(headers.get("content-range") ?? "");
        if (url === resized && range !== null) {
          headers.set("content-range", `bytes 0-0/${Number(range[1]) + 1}`);
        }
        return new Response(response.body, { status: response.status, headers });
      };
      const third = await ingestIntoFolder(
        root,
        [payer.indexUrl],
        { ...options, fetch: fetcher },
        undefined,
      );
      for (const url of [changed, resized]) {
        expect(third.find((summary) => summary.location === url)).toMatchObject({
          status: "skipped",
          note: expect.stringMatching(/same SHA-256/) as unknown,
        });
      }
      expect(await fileCount(root)).toBe(1 + loadedUrls.length);
    } finally {
      await payer.close();
    }
  });
});
