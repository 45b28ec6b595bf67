import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ingestFiles } from "../ingest/ingest.js";
import { exportParquet, TIC_EXPORT_TABLES } from "./parquet-export.js";
import { Store } from "./store.js";

const fixture = (name: string): string =>
  join(import.meta.dirname, "../sources/tic/fixtures", name);

describe("exportParquet", () => {
  let store: Store;
  let out: string;
  beforeEach(async () => {
    store = await Store.memory();
    out = await mkdtemp(join(tmpdir(), "ratelens-export-"));
  });
  afterEach(async () => {
    store.close();
    await rm(out, { recursive: true, force: true });
  });

  it("writes every normalised table and the files read back with the same rows", async () => {
    await ingestFiles(store, [fixture("quirks-v1.json")], {
      offline: true,
      cacheDir: join(out, "cache"),
    });
    const written = await exportParquet(store, out);
    expect(written.map((entry) => entry.table)).toEqual([...TIC_EXPORT_TABLES]);
    expect(Object.fromEntries(written.map((entry) => [entry.table, entry.rows]))).toEqual({
      source_files: 1,
      plans: 1,
      provider_groups: 4,
      group_refs: 3,
      rate_items: 2,
      rate_terms: 2,
      rate_prices: 2,
      rate_providers: 4,
      rates: 4,
      allowed_amounts: 0,
    });
    const back = await store.withConnection(async (connection) =>
      (
        await connection.runAndReadAll(
          `SELECT (SELECT count(*) FROM read_parquet('${join(out, "rates.parquet")}'))::INTEGER AS rates,
                  (SELECT sum(negotiated_rate) FROM read_parquet('${join(out, "rates.parquet")}')) AS total,
                  (SELECT any_value(sha256) FROM read_parquet('${join(out, "source_files.parquet")}')) AS sha`,
        )
      ).getRowObjectsJson(),
    );
    const [stored] = await store.withConnection(async (connection) =>
      (
        await connection.runAndReadAll(
          `SELECT sum(negotiated_rate) AS total, any_value(sha256) AS sha FROM rates, source_files`,
        )
      ).getRowObjectsJson(),
    );
    expect(back[0]).toEqual({ rates: 4, total: stored?.total, sha: stored?.sha });
  });
});
