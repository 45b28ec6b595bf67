import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Store } from "../store/store.js";
import { BCBS_OK_SHAPE, writeIndexFile } from "../testing/index-generator.js";
import { IndexWalk } from "./index-walk.js";
import { ingestFiles } from "./ingest.js";

async function query(store: Store, sql: string): Promise<Record<string, unknown>[]> {
  return store.withConnection(
    async (connection) =>
      (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[],
  );
}

describe("IndexWalk", () => {
  it("lists each file once (by resolved location) with every plan that lists it", () => {
    const walk = new IndexWalk("https://payer.example/toc/index.json");
    const plan = (id: string): unknown => ({
      plan_name: `P${id}`,
      plan_id_type: "hios",
      plan_id: id,
      plan_market_type: "group",
    });
    walk.add({
      reporting_plans: [plan("1"), plan("2")],
      in_network_files: [
        { location: "../in/a.json.gz" },
        { location: "https://payer.example/in/b.json.gz" },
      ],
    });
    walk.add({
      reporting_plans: [plan("2"), plan("3")],
      in_network_files: [{ location: "https://payer.example/in/a.json.gz" }],
      allowed_amount_file: { location: "oon.json" },
    });
    walk.add("not an object");
    const files = [...walk.files()].map((file) => [
      file.location,
      file.kind,
      file.plans.map((p) => p.plan_id),
    ]);
    expect(files).toEqual([
      ["https://payer.example/in/a.json.gz", "in-network", ["1", "2", "3"]],
      ["https://payer.example/in/b.json.gz", "in-network", ["1", "2"]],
      ["https://payer.example/toc/oon.json", "allowed-amounts", ["2", "3"]],
    ]);
    expect(walk.plans().map((p) => p.plan_id)).toEqual(["1", "2", "3"]);
    expect({ structures: walk.structures, listings: walk.listings, files: walk.fileCount }).toEqual(
      { structures: 3, listings: 4, files: 3 },
    );
  });
});

describe("a BCBS-Oklahoma-shaped index (4,106 plans, 4,124 in-network files)", () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "ratelens-index-"));
    store = await Store.memory();
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("walks offline into its job list: files reported as not fetched, with the count, plans recorded", async () => {
    const path = join(dir, "index.json");
    const counts = await writeIndexFile(path, {
      ...BCBS_OK_SHAPE,
      baseUrl: "https://payer.example/mrf",
    });
    expect(counts.bytes).toBeGreaterThan(2_400_000);
    const summaries = await ingestFiles(store, [path], {
      offline: true,
      cacheDir: join(dir, "cache"),
    });
    expect(summaries).toHaveLength(2);
    expect(summaries[0]).toMatchObject({ status: "ingested", kind: "table-of-contents" });
    expect(summaries[1]).toMatchObject({ status: "skipped", files: counts.distinctFiles });
    expect(summaries[1]?.note).toBe(
      "offline: 4,125 listed remote files not fetched (recorded in listed_files)",
    );
    const [row] = await query(
      store,
      `SELECT (SELECT count(*) FROM listed_files)::INTEGER AS files, (SELECT count(DISTINCT location) FROM listed_files)::INTEGER AS distinct_files,
              (SELECT count(*) FROM plans)::INTEGER AS plans,
              (SELECT json_array_length(plans)::INTEGER FROM listed_files WHERE location LIKE '%/shared-0.json.gz') AS shared_plans`,
    );
    expect(row).toEqual({ files: 4125, distinct_files: 4125, plans: 4106, shared_plans: 2 });
  });
});
