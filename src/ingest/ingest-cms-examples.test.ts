import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Store } from "../store/store.js";
import { ingestFiles } from "./ingest.js";
import { expectedCounts } from "../testing/independent-counts.js";

// CI has ../shared beside the repository; the examples are read from there, not copied.
const CMS = resolve(import.meta.dirname, "../../../shared/data/tic/cms-price-transparency-guide");
const offlineFetch: typeof fetch = () => Promise.reject(new Error("network disabled in tests"));

function examples(): string[] {
  if (!existsSync(CMS)) return [];
  const files: string[] = [];
  for (const version of readdirSync(CMS).sort()) {
    const root = join(CMS, version, "examples");
    if (!existsSync(root)) continue;
    for (const kind of ["in-network-rates", "allowed-amounts", "table-of-contents"]) {
      const folder = join(root, kind);
      if (!existsSync(folder)) continue;
      for (const name of readdirSync(folder).sort()) {
        if (name.endsWith(".json")) files.push(join(folder, name));
      }
    }
  }
  return files;
}

const files = examples();

// A single-file store and a store folder (each file its own Parquet unit, written another way).
describe.each(["in memory", "in a store folder"])(
  "every CMS example of every schema version, %s",
  (kind) => {
    let store: Store;
    let dir: string | undefined;
    beforeEach(async () => {
      if (kind === "in memory") {
        store = await Store.memory();
      } else {
        dir = mkdtempSync(join(tmpdir(), "ratelens-cms-"));
        store = await Store.open(join(dir, "examples.store"));
      }
    });
    afterEach(() => {
      store.close();
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    });

    it("finds the examples (../shared is beside the repository)", () => {
      expect(files.length).toBeGreaterThan(100);
    });

    it.each(files.map((file) => [file.slice(CMS.length + 1), file]))(
      "%s ingests with independent counts",
      async (_name, file) => {
        const document = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
        const expected = expectedCounts(document);
        const summaries = await ingestFiles(store, [file], {
          fetch: offlineFetch,
          cacheDir: join(tmpdir(), "ratelens-test-cache"),
          remote: { backoffMs: 1 },
          download: { backoffMs: 1 },
        });
        const own = summaries[0]!;
        expect(own.status).toBe("ingested");
        expect(own.kind).toBe(expected.kind);
        const rows = await store.withConnection(async (connection) => {
          const table = expected.kind === "allowed-amounts" ? "allowed_amounts" : "rates";
          const result = await connection.runAndReadAll(
            `SELECT (SELECT count(*) FROM ${table})::INTEGER AS rows,
                (SELECT count(*) FROM rates WHERE rate_unit = 'per_diem')::INTEGER AS per_diem,
                (SELECT count(*) FROM rates WHERE rate_unit = 'percent')::INTEGER AS percent,
                (SELECT count(*) FROM plans WHERE file_id = $1)::INTEGER AS plans,
                (SELECT coalesce(json_array_length(unresolved_references), 0) FROM source_files WHERE file_id = $1)::INTEGER AS unresolved,
                (SELECT count(*) FROM rates WHERE provider_group_id IS NULL AND group_key IS NULL)::INTEGER AS orphans`,
            [own.fileId ?? -1],
          );
          return result.getRowObjectsJson()[0]!;
        });
        expect(own.items).toBe(expected.items);
        expect(rows.rows).toBe(expected.rows);
        expect(own.rows).toBe(expected.rows);
        expect(rows.per_diem).toBe(expected.perDiem);
        expect(rows.percent).toBe(expected.percent);
        expect(rows.plans).toBe(expected.plans);
        expect(rows.unresolved).toBe(expected.remoteReferences);
        expect(rows.orphans).toBe(0); // every rate row points at a group or names the reference it could not resolve
        if (expected.kind === "table-of-contents") {
          // The listed files are on an unreachable example host: recorded as failed, not fatal.
          expect(summaries.length).toBeGreaterThan(1);
          expect(
            summaries
              .slice(1)
              .every(
                (summary) => summary.status === "failed" && summary.parentFileId === own.fileId,
              ),
          ).toBe(true);
        }
      },
    );
  },
);
