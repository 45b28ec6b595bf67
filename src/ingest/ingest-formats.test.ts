import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Store } from "../store/store.js";
import { ingestFiles } from "./ingest.js";
import { ParsePool } from "./parse-pool.js";

/**
 * The compiled parse worker: a worker thread cannot load the TypeScript sources, so these tests need
 * `npm run build` first (`npm test` does it). Missing, they fail instead of passing without testing.
 */
function compiledWorker(): string {
  const worker = resolve(import.meta.dirname, "../../dist/src/ingest/parse-worker.js");
  if (!existsSync(worker)) {
    throw new Error(`${worker} is missing: run \`npm run build\` before these tests`);
  }
  return worker;
}

const fixture = (name: string): string =>
  join(import.meta.dirname, "../sources/tic/fixtures", name);
const cacheDir = join(tmpdir(), "ratelens-test-cache-formats");

async function query(store: Store, sql: string): Promise<Record<string, unknown>[]> {
  return store.withConnection(
    async (connection) =>
      (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[],
  );
}

describe("index files, archives, stdin and parse workers", () => {
  let store: Store;
  beforeEach(async () => {
    store = await Store.memory();
  });
  afterEach(() => {
    store.close();
  });

  it("a table of contents ingests its listed files, records their plans, and reports the missing one", async () => {
    const summaries = await ingestFiles(store, [fixture("index-local-files.json")], {
      offline: true,
      cacheDir,
    });
    expect(summaries.map((summary) => [summary.location.split("/").pop(), summary.status])).toEqual(
      [
        ["index-local-files.json", "ingested"],
        ["bom.json", "ingested"],
        ["references-after-in-network.json", "ingested"],
        ["missing-file.json", "failed"],
      ],
    );
    const index = summaries[0]!;
    expect(summaries.slice(1).every((summary) => summary.parentFileId === index.fileId)).toBe(true);
    const plans = await query(
      store,
      `SELECT s.location, list(p.plan_name ORDER BY p.plan_name) AS plans FROM plans p JOIN source_files s USING (file_id) GROUP BY s.location ORDER BY s.location`,
    );
    expect(plans.map((row) => [String(row.location).split("/").pop(), row.plans])).toEqual([
      ["bom.json", ["Synthetic Plan", "Synthetic Plan A", "Synthetic Plan B"]],
      ["index-local-files.json", ["Synthetic Plan A", "Synthetic Plan B", "Synthetic Plan C"]],
      [
        "references-after-in-network.json",
        ["Synthetic Plan", "Synthetic Plan A", "Synthetic Plan B", "Synthetic Plan C"],
      ],
    ]);
    // Re-running the index skips everything and adds no rows.
    const again = await ingestFiles(store, [fixture("index-local-files.json")], {
      offline: true,
      cacheDir,
    });
    expect(again[0]?.status).toBe("skipped");
    const [files] = await query(store, `SELECT count(*)::INTEGER AS n FROM source_files`);
    expect(files?.n).toBe(3);
  });

  it("reads the JSON entry of a zip archive", async () => {
    const [summary, ...rest] = await ingestFiles(store, [fixture("zip-archive.zip")], {
      offline: true,
      cacheDir,
    });
    expect(rest).toHaveLength(0);
    expect(summary).toMatchObject({ status: "ingested", items: 3, rows: 4, providerGroups: 2 });
    expect(summary?.location).toMatch(/zip-archive\.zip#in-network\/pretty-printed-crlf\.json$/);
    const [file] = await query(store, `SELECT compression FROM source_files`);
    expect(file?.compression).toBe("zip");
  });

  it("reads standard input", async () => {
    const [summary] = await ingestFiles(store, ["-"], {
      offline: true,
      cacheDir,
      stdin: Readable.from([readFileSync(fixture("bom.json"))]),
    });
    expect(summary).toMatchObject({ location: "-", status: "ingested", rows: 4 });
  });

  it("loads the same rows through the compiled parse workers (dist/) as inline", async () => {
    const worker = compiledWorker();
    const inline = await Store.memory();
    try {
      const [viaWorkers] = await ingestFiles(store, [fixture("quirks-v1.json")], {
        offline: true,
        cacheDir,
        workers: 2,
        workerPath: worker,
      });
      const [viaInline] = await ingestFiles(inline, [fixture("quirks-v1.json")], {
        offline: true,
        cacheDir,
        workers: 0,
      });
      expect(viaWorkers?.rows).toBe(4);
      expect(viaInline?.rows).toBe(4);
      const sql = `SELECT * EXCLUDE (file_id) FROM rates ORDER BY ALL`;
      expect(await query(store, sql)).toEqual(await query(inline, sql));
    } finally {
      inline.close();
    }
  });

  it("resolves root references in a parse thread as inline: code filter, NPI filter, a bad reference", async () => {
    const worker = compiledWorker();
    const broken = join(tmpdir(), "ratelens-test-bad-reference.json");
    const document = JSON.parse(readFileSync(fixture("quirks-v1.json"), "utf8")) as {
      provider_references: { provider_groups?: unknown }[];
    };
    document.provider_references[1]!.provider_groups = "not a list";
    writeFileSync(broken, JSON.stringify(document));
    const stores: Store[] = [];
    const load = async (path: string, workers: number, filter: object) => {
      const target = await Store.memory();
      stores.push(target);
      const options = { offline: true, cacheDir, workers, workerPath: worker, ...filter };
      const outcome = await ingestFiles(target, [path], options).catch((error: unknown) => error);
      return { target, outcome };
    };
    try {
      for (const filter of [{ codes: new Set(["CSTM-00"]) }, { npis: new Set([1234567893]) }]) {
        const threaded = await load(fixture("quirks-v1.json"), 1, filter);
        const inline = await load(fixture("quirks-v1.json"), 0, filter);
        const [viaThread] = threaded.outcome as Awaited<ReturnType<typeof ingestFiles>>;
        const [viaInline] = inline.outcome as Awaited<ReturnType<typeof ingestFiles>>;
        expect(viaThread?.unresolvedReferences).toBe(viaInline?.unresolvedReferences);
        expect(viaThread?.rows).toBe(viaInline?.rows);
        expect(viaThread?.rows).toBeGreaterThan(0);
        for (const sql of [
          `SELECT * EXCLUDE (file_id) FROM rates ORDER BY ALL`,
          `SELECT * EXCLUDE (file_id) FROM provider_groups ORDER BY ALL`,
          `SELECT * EXCLUDE (file_id) FROM group_refs ORDER BY ALL`,
        ]) {
          expect(await query(threaded.target, sql)).toEqual(await query(inline.target, sql));
        }
      }
      const codes = { codes: new Set(["CSTM-00"]) };
      const [threaded, inline] = [await load(broken, 1, codes), await load(broken, 0, codes)];
      expect(String(threaded.outcome)).toMatch(/provider_references\[1\]\.provider_groups/);
      expect(String(threaded.outcome)).toBe(String(inline.outcome));
      expect(threaded.outcome).toMatchObject({
        location: (inline.outcome as { location: object }).location,
      });
    } finally {
      for (const target of stores) target.close();
      rmSync(broken, { force: true });
    }
  });

  it("reuses the parse threads for the next file, with that file's own dictionaries and NPI filter", async () => {
    const worker = compiledWorker();
    const stores = [await Store.memory(), await Store.memory(), await Store.memory()];
    try {
      const [filteredStore, wholeStore, inlineStore] = stores as [Store, Store, Store];
      const load = (target: Store, name: string, options: object) =>
        ingestFiles(target, [fixture(name)], { offline: true, cacheDir, ...options });
      const threads = { workers: 2, workerPath: worker };
      await load(filteredStore, "quirks-v1.json", { ...threads, npis: new Set([1234567893]) });
      const started = ParsePool.threadsStarted;
      // The next file on the same threads: no NPI filter any more, term ids from the start again.
      const [whole] = await load(wholeStore, "quirks-v1.json", threads);
      const [inline] = await load(inlineStore, "quirks-v1.json", { workers: 0 });
      expect(ParsePool.threadsStarted).toBe(started);
      expect(whole?.rows).toBe(inline?.rows);
      // Terms a stale dictionary had seen would be missing here (and their rates' terms null).
      for (const sql of [
        `SELECT * EXCLUDE (file_id) FROM rates ORDER BY ALL`,
        `SELECT * EXCLUDE (file_id, term_id) FROM rate_terms ORDER BY ALL`,
      ]) {
        expect(await query(wholeStore, sql)).toEqual(await query(inlineStore, sql));
      }
      // Two threads hand out even and odd ids from 0: numbering went on from the last file otherwise.
      const [ids] = await query(
        wholeStore,
        "SELECT max(term_id)::INTEGER AS top, count(*)::INTEGER AS n FROM rate_terms",
      );
      expect(Number(ids?.top)).toBeLessThan(2 * Number(ids?.n));
    } finally {
      for (const target of stores) target.close();
    }
  });

  it("stores the real CareFirst file alike through two parse workers (each with its own term ids) and inline", async () => {
    const worker = compiledWorker();
    const carefirst = resolve(
      import.meta.dirname,
      "../../data/tic/carefirst-in-network-2022.json.gz",
    );
    const other = await Store.memory();
    try {
      const [viaWorkers] = await ingestFiles(store, [carefirst], {
        offline: true,
        cacheDir,
        workers: 2,
        workerPath: worker,
      });
      await ingestFiles(other, [carefirst], { offline: true, cacheDir, workers: 0 });
      expect(viaWorkers).toMatchObject({ rows: 122310, unresolvedReferences: 370 });
      const [terms] = await query(
        store,
        `SELECT count(*)::INTEGER AS n, count(DISTINCT term_id)::INTEGER AS ids, count(DISTINCT term_id % 2)::INTEGER AS workers FROM rate_terms`,
      );
      expect(terms?.n).toBe(terms?.ids); // no term id handed out twice
      expect(terms?.workers).toBe(2);
      const sql = `SELECT * EXCLUDE (file_id) FROM rates ORDER BY ALL`;
      expect(await query(store, sql)).toEqual(await query(other, sql));
      const joined = `SELECT r.item_index, r.rate_index, r.price_index, r.provider_group_id, g.npi, g.tin_value
        FROM rates r JOIN provider_groups g USING (file_id, group_key) ORDER BY ALL`;
      expect(await query(store, joined)).toEqual(await query(other, joined));
    } finally {
      other.close();
    }
  });

  it("stores an inline group repeated on many rates once, through parse workers or inline", async () => {
    const group = (npi: number, ein: string): unknown[] => [
      { npi: [npi], tin: { type: "ein", value: ein } },
    ];
    const rate = (groups: unknown[], amount: number): unknown => ({
      provider_groups: groups,
      negotiated_prices: [
        {
          negotiated_type: "negotiated",
          negotiated_rate: amount,
          expiration_date: "9999-12-31",
          billing_class: "professional",
          service_code: ["11"],
        },
      ],
    });
    const shared = group(1234567893, "12-3456789");
    const document = {
      reporting_entity_name: "SYNTHETIC inline-group test",
      reporting_entity_type: "synthetic",
      version: "1.0.0",
      last_updated_on: "2026-01-01",
      in_network: [64490, 64491, 64492].map((code, index) => ({
        negotiation_arrangement: "ffs",
        name: "n",
        billing_code_type: "CPT",
        billing_code_type_version: "2026",
        billing_code: String(code),
        description: "d",
        negotiated_rates: [
          rate(shared, 100 + index),
          rate(group(1245319599, "98-7654321"), 200 + index),
        ],
      })),
    };
    const text = JSON.stringify(document);
    const worker = compiledWorker();
    for (const options of [{ workers: 0 }, { workers: 2, workerPath: worker }]) {
      const target = await Store.memory();
      try {
        const [summary] = await ingestFiles(target, ["-"], {
          offline: true,
          cacheDir,
          stdin: Readable.from([Buffer.from(text)]),
          ...options,
        });
        expect(summary).toMatchObject({ rows: 6, providerGroups: 2 });
        const rows = await query(
          target,
          `SELECT r.billing_code, r.negotiated_rate, g.npi::INTEGER AS npi, g.tin_value FROM rates r JOIN provider_groups g USING (file_id, group_key) ORDER BY ALL`,
        );
        expect(rows).toEqual(
          ["64490", "64491", "64492"].flatMap((code, index) => [
            {
              billing_code: code,
              negotiated_rate: 100 + index,
              npi: 1234567893,
              tin_value: "123456789",
            },
            {
              billing_code: code,
              negotiated_rate: 200 + index,
              npi: 1245319599,
              tin_value: "987654321",
            },
          ]),
        );
      } finally {
        target.close();
      }
    }
  });

  it("fetches https inputs, an index's remote listed files and remote references through the injected fetch", async () => {
    const index = JSON.stringify({
      reporting_entity_name: "SYNTHETIC test fixture",
      reporting_entity_type: "synthetic",
      version: "2.0.0",
      reporting_structure: [
        {
          reporting_plans: [
            {
              plan_name: "Remote Plan",
              plan_id_type: "hios",
              plan_id: "1",
              plan_market_type: "group",
            },
          ],
          in_network_files: [{ location: "files/quirks.json.gz" }],
        },
      ],
    });
    const groups = JSON.stringify({
      version: "1.0.0",
      provider_groups: [{ npi: [1234567893], tin: { type: "ein", value: "99-0000001" } }],
    });
    const served: Record<string, Buffer> = {
      "https://payer.example/index.json": Buffer.from(index),
      "https://payer.example/files/quirks.json.gz": gzipSync(
        readFileSync(fixture("quirks-v1.json")),
      ),
      "https://example.invalid/refs/51.json": Buffer.from(groups),
    };
    const fetcher: typeof fetch = (input) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      const body = served[url];
      return Promise.resolve(
        body === undefined
          ? new Response("missing", { status: 404 })
          : new Response(new Uint8Array(body)),
      );
    };
    const summaries = await ingestFiles(store, ["https://payer.example/index.json"], {
      fetch: fetcher,
      cacheDir: join(cacheDir, String(Date.now())),
    });
    expect(
      summaries.map((summary) => [summary.location, summary.status, summary.unresolvedReferences]),
    ).toEqual([
      ["https://payer.example/index.json", "ingested", 0],
      ["https://payer.example/files/quirks.json.gz", "ingested", 0],
    ]);
    const [resolved] = await query(
      store,
      `SELECT count(*)::INTEGER AS n FROM rates r JOIN provider_groups g USING (file_id, group_key) WHERE r.provider_group_id = '51.0000003653' AND g.tin_value = '990000001'`,
    );
    expect(resolved?.n).toBe(1);
    const [file] = await query(
      store,
      `SELECT compression, parent_file_id FROM source_files WHERE location LIKE '%quirks%'`,
    );
    expect(file).toEqual({ compression: "gzip", parent_file_id: summaries[0]?.fileId });
  });

  it("reads a multi-member gzip (the document split across two gzip members)", async () => {
    const bytes = readFileSync(fixture("bom.json"));
    const half = Math.floor(bytes.length / 2);
    const stdin = Readable.from([
      Buffer.concat([gzipSync(bytes.subarray(0, half)), gzipSync(bytes.subarray(half))]),
    ]);
    const [summary] = await ingestFiles(store, ["-"], { offline: true, cacheDir, stdin });
    expect(summary).toMatchObject({ status: "ingested", rows: 4, uncompressedBytes: bytes.length });
    const [file] = await query(store, `SELECT compression FROM source_files`);
    expect(file?.compression).toBe("gzip");
  });
});
