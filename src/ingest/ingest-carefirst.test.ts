import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Store } from "../store/store.js";
import { ingestFiles } from "./ingest.js";
import { expectedCounts } from "../testing/independent-counts.js";

// The real CareFirst BlueCross BlueShield in-network file bundled with the repository (data/SOURCES.md).
const CAREFIRST = resolve(import.meta.dirname, "../../data/tic/carefirst-in-network-2022.json.gz");
const cacheDir = join(tmpdir(), "ratelens-test-cache-carefirst");
let fetchCalls = 0;
const noNetwork: typeof fetch = () => {
  fetchCalls++;
  return Promise.reject(new Error("network disabled in tests"));
};

async function query(store: Store, sql: string): Promise<Record<string, unknown>[]> {
  return store.withConnection(
    async (connection) =>
      (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[],
  );
}

describe("the real CareFirst file", () => {
  let store: Store;
  beforeEach(async () => {
    store = await Store.memory();
    fetchCalls = 0;
  });
  afterEach(() => {
    store.close();
  });

  it("ingests completely, its remote references recorded as unresolved", async () => {
    const [summary] = await ingestFiles(store, [CAREFIRST], {
      fetch: noNetwork,
      cacheDir,
      remote: { retries: 0 },
    });
    expect(summary).toMatchObject({
      status: "ingested",
      kind: "in-network-rates",
      items: 1773,
      keptItems: 1773,
      rows: 122310,
      unresolvedReferences: 370,
    });
    expect(fetchCalls).toBe(370); // every reference tried once (retries: 0), none reached
    const [counts] = await query(
      store,
      `SELECT count(*)::INTEGER AS rates, count(group_key)::INTEGER AS keyed, count(provider_group_id)::INTEGER AS named,
         sum((rate_unit = 'per_diem')::INTEGER)::INTEGER AS per_diem, min(negotiated_rate) AS min_rate, max(negotiated_rate) AS max_rate,
         count(DISTINCT item_index)::INTEGER AS items, sum((expiration_date = '9999-12-31')::INTEGER)::INTEGER AS evergreen
       FROM rates`,
    );
    expect(counts).toEqual({
      rates: 122310,
      keyed: 0,
      named: 122310,
      per_diem: 1,
      min_rate: 16.39,
      max_rate: 33881.96,
      items: 1773,
      evergreen: 122262,
    });
    const [perDiem] = await query(
      store,
      `SELECT billing_code, negotiated_rate, service_codes FROM rates WHERE rate_unit = 'per_diem'`,
    );
    expect(perDiem).toEqual({
      billing_code: "59409",
      negotiated_rate: 2500,
      service_codes: ["25"],
    });
    // The bundled copy has its CPT descriptors blanked (data/SOURCES.md): 468,724 bytes, 29,588,998 raw.
    const [file] = await query(
      store,
      `SELECT schema_version, reporting_entity_name, last_updated_on, compression, size_bytes::INTEGER AS size, uncompressed_bytes::INTEGER AS raw, json_array_length(unresolved_references)::INTEGER AS unresolved, unresolved_references->>'$[0].location' AS first_location FROM source_files`,
    );
    expect(file).toMatchObject({
      schema_version: "1.0.0",
      reporting_entity_name: "CareFirst BlueCross BlueShield",
      last_updated_on: "2020-08-27",
      compression: "gzip",
      size: 468724,
      raw: 29588998,
      unresolved: 370,
    });
    expect(String(file?.first_location)).toMatch(
      /^https:\/\/mrf\.carefirst\.com\/mrf-files\/\d+_041\.json$/,
    );
    // Ids are kept as written in provider_references (e.g. 690.64470 keeps its trailing zero).
    const text = gunzipSync(readFileSync(CAREFIRST)).toString("utf8");
    const written = new Set(
      [...text.matchAll(/"provider_group_id":\s*([\d.]+)/g)].map((match) => match[1]),
    );
    const used = await query(store, `SELECT DISTINCT provider_group_id AS id FROM rates`);
    expect(used).toHaveLength(74);
    expect(used.every((row) => written.has(String(row.id)))).toBe(true);
    expect([...written].some((id) => id?.endsWith("0"))).toBe(true);
  });

  it("with --offline fetches nothing", async () => {
    const [summary] = await ingestFiles(store, [CAREFIRST], {
      fetch: noNetwork,
      offline: true,
      cacheDir,
    });
    expect(summary?.unresolvedReferences).toBe(370);
    expect(fetchCalls).toBe(0);
  });

  it("keeps only the filtered codes, with counts matching an independent walk", async () => {
    const document = JSON.parse(gunzipSync(readFileSync(CAREFIRST)).toString("utf8")) as {
      in_network: { billing_code: string }[];
    };
    const codes = new Set(
      document.in_network.filter((_, index) => index % 97 === 0).map((item) => item.billing_code),
    );
    const expected = expectedCounts(document, codes);
    const [summary] = await ingestFiles(store, [CAREFIRST], { codes, offline: true, cacheDir });
    expect(summary).toMatchObject({
      items: 1773,
      keptItems: expected.keptItems,
      rows: expected.rows,
    });
    const [stored] = await query(
      store,
      `SELECT count(DISTINCT billing_code)::INTEGER AS codes, code_filter FROM rates, source_files GROUP BY code_filter`,
    );
    expect(stored?.codes).toBe(codes.size);
    expect(stored?.code_filter).toEqual([...codes].sort());
  });
});
