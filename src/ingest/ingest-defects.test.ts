import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { describeError, InputError } from "../errors.js";
import { Store } from "../store/store.js";
import { ingestFiles } from "./ingest.js";

const fixture = (name: string): string =>
  join(import.meta.dirname, "../sources/tic/fixtures", name);
const cacheDir = join(tmpdir(), "ratelens-test-cache-defects");

async function query(store: Store, sql: string): Promise<Record<string, unknown>[]> {
  return store.withConnection(
    async (connection) =>
      (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[],
  );
}

async function tableCounts(store: Store): Promise<Record<string, unknown>> {
  const [row] = await query(
    store,
    `SELECT (SELECT count(*) FROM source_files)::INTEGER AS files, (SELECT count(*) FROM rates)::INTEGER AS rates,
            (SELECT count(*) FROM provider_groups)::INTEGER AS groups, (SELECT count(*) FROM plans)::INTEGER AS plans`,
  );
  return row!;
}

async function failure(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("fixtures with one defect each", () => {
  let store: Store;
  beforeEach(async () => {
    store = await Store.memory();
  });
  afterEach(() => {
    store.close();
  });

  it("truncated gzip: InputError with the byte offset, nothing stored", async () => {
    const error = await failure(
      ingestFiles(store, [fixture("truncated.json.gz")], { offline: true, cacheDir }),
    );
    expect(error.file).toBe(fixture("truncated.json.gz"));
    expect(error.message).toMatch(/truncated/);
    expect(error.location.byteOffset).toBeGreaterThan(0);
    // The line a user reads says it once, without zlib's own "unexpected end of file" after it.
    expect(describeError(error)).toBe(
      `${fixture("truncated.json.gz")} (byte ${error.location.byteOffset}): unexpected end of compressed data: the file is truncated`,
    );
    expect(await tableCounts(store)).toEqual({ files: 0, rates: 0, groups: 0, plans: 0 });
  });

  it("invalid JSON: InputError with byte offset and JSON path, nothing stored", async () => {
    const error = await failure(
      ingestFiles(store, [fixture("invalid-json.json")], { offline: true, cacheDir }),
    );
    expect(error.location.jsonPath).toBe("$.in_network[2]");
    expect(error.location.byteOffset).toBeGreaterThan(2000);
    expect(error.message).toMatch(/invalid JSON/);
    expect(await tableCounts(store)).toEqual({ files: 0, rates: 0, groups: 0, plans: 0 });
  });

  it("an unexpected token (JSON.parse names no position): InputError at its own byte, nothing stored", async () => {
    const error = await failure(
      ingestFiles(store, [fixture("unexpected-token.json")], { offline: true, cacheDir }),
    );
    expect(error.location).toEqual({
      byteOffset: readFileSync(fixture("unexpected-token.json")).indexOf("abc"),
      jsonPath: "$.in_network[0]",
    });
    expect(error.message).toMatch(/invalid JSON: Unexpected token 'a'$/);
    expect(await tableCounts(store)).toEqual({ files: 0, rates: 0, groups: 0, plans: 0 });
  });

  it("wrong types: InputError naming the field's JSON path, nothing stored", async () => {
    const error = await failure(
      ingestFiles(store, [fixture("wrong-types.json")], { offline: true, cacheDir }),
    );
    expect(error.location.jsonPath).toBe(
      "$.in_network[1].negotiated_rates[0].negotiated_prices[0].negotiated_rate",
    );
    expect(error.message).toMatch(/expected a number, found the string "twelve"/);
    expect(await tableCounts(store)).toEqual({ files: 0, rates: 0, groups: 0, plans: 0 });
  });

  it("references after in_network: rates resolve to their groups", async () => {
    const [summary] = await ingestFiles(store, [fixture("references-after-in-network.json")], {
      offline: true,
      cacheDir,
    });
    expect(summary).toMatchObject({
      status: "ingested",
      rows: 4,
      providerGroups: 2,
      unresolvedReferences: 0,
    });
    const rows = await query(
      store,
      `SELECT r.billing_code, r.provider_group_id, list(DISTINCT g.npi ORDER BY g.npi) AS npis, any_value(g.tin_value) AS tin, any_value(g.network_names) AS networks
      FROM rates r JOIN provider_groups g USING (file_id, group_key) GROUP BY ALL ORDER BY ALL`,
    );
    expect(rows).toEqual([
      {
        billing_code: "64490",
        provider_group_id: "1",
        npis: ["1234567893", "1234567901"],
        tin: "123456789",
        networks: ["Synthetic Network"],
      },
      {
        billing_code: "64491",
        provider_group_id: "1",
        npis: ["1234567893", "1234567901"],
        tin: "123456789",
        networks: ["Synthetic Network"],
      },
      {
        billing_code: "64491",
        provider_group_id: "2",
        npis: ["1234567919"],
        tin: "987654321",
        networks: ["Synthetic Network"],
      },
      {
        billing_code: "99213",
        provider_group_id: "2",
        npis: ["1234567919"],
        tin: "987654321",
        networks: ["Synthetic Network"],
      },
    ]);
  });

  it("an NPI filter keeps only the rates of groups listing a wanted NPI, references before or after in_network", async () => {
    const after = JSON.parse(
      readFileSync(fixture("references-after-in-network.json"), "utf8"),
    ) as Record<string, unknown> & { in_network: Record<string, unknown>[] };
    // Padded with dropped-code items to ~3 MB, so that batches are loaded while the references (at the end) are still unknown.
    const filler = {
      ...after.in_network[0]!,
      billing_code: "00000",
      description: "x".repeat(1000),
      negotiated_rates: [],
    };
    after.in_network.push(...Array.from({ length: 3000 }, () => filler));
    const { provider_references: references, in_network: items, ...headers } = after;
    const before = { ...headers, provider_references: references, in_network: items };
    for (const [name, document] of [
      ["after", after],
      ["before", before],
    ] as const) {
      const target = await Store.memory();
      try {
        const bytes = Buffer.from(JSON.stringify(document));
        const stdin = Readable.from(
          Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, k) =>
            bytes.subarray(k * 65536, (k + 1) * 65536),
          ),
        );
        const [summary] = await ingestFiles(target, ["-"], {
          offline: true,
          cacheDir,
          stdin,
          npis: new Set([1234567919]),
        });
        const rows = await query(
          target,
          `SELECT billing_code, provider_group_id, negotiated_rate FROM rates ORDER BY ALL`,
        );
        expect(rows, name).toEqual([
          { billing_code: "64491", provider_group_id: "2", negotiated_rate: 200.5 },
          {
            billing_code: "99213",
            provider_group_id: "2",
            negotiated_rate: expect.any(Number) as number,
          },
        ]);
        expect(summary?.rows, name).toBe(2);
        // No price is left without a group (64490's only group was rejected).
        const [orphans] = await query(
          target,
          `SELECT count(*)::INTEGER AS n FROM rate_prices p WHERE NOT EXISTS (SELECT 1 FROM rate_providers v WHERE v.file_id = p.file_id AND v.item_index = p.item_index AND v.rate_index = p.rate_index)`,
        );
        expect(orphans?.n, name).toBe(0);
      } finally {
        target.close();
      }
    }
  });

  it("the same file twice: the second run is skipped", async () => {
    const first = await ingestFiles(store, [fixture("bom.json")], { offline: true, cacheDir });
    const before = await tableCounts(store);
    const second = await ingestFiles(store, [fixture("bom.json")], { offline: true, cacheDir });
    expect(first[0]?.status).toBe("ingested");
    expect(second[0]).toMatchObject({ status: "skipped", fileId: first[0]?.fileId });
    expect(await tableCounts(store)).toEqual(before);
  });

  it("a UTF-8 BOM and a pretty-printed CRLF file load the same rows", async () => {
    const [bom] = await ingestFiles(store, [fixture("bom.json")], { offline: true, cacheDir });
    const [pretty] = await ingestFiles(store, [fixture("pretty-printed-crlf.json")], {
      offline: true,
      cacheDir,
    });
    expect(bom).toMatchObject({ status: "ingested", items: 3, rows: 4, providerGroups: 2 });
    expect(pretty).toMatchObject({ status: "ingested", items: 3, rows: 4, providerGroups: 2 });
    const [plan] = await query(
      store,
      `SELECT count(*)::INTEGER AS n, any_value(plan_sponsor_name) AS sponsor FROM plans WHERE file_id = ${bom?.fileId}`,
    );
    expect(plan).toEqual({ n: 1, sponsor: "Synthetic Sponsor" });
  });

  it("billing_code after negotiated_rates: the filter uses each item's own code, not bundled_codes", async () => {
    const [summary] = await ingestFiles(
      store,
      [fixture("billing-code-after-negotiated-rates.json")],
      { codes: new Set(["64490", "64491"]), offline: true, cacheDir },
    );
    expect(summary).toMatchObject({ items: 3, keptItems: 2, rows: 2 });
    const rows = await query(
      store,
      `SELECT billing_code, negotiated_rate FROM rates ORDER BY billing_code`,
    );
    expect(rows).toEqual([
      { billing_code: "64490", negotiated_rate: 10 },
      { billing_code: "64491", negotiated_rate: 30 },
    ]);
  });

  it("real-world quirks of a v1 file are kept and typed", async () => {
    const served: string[] = [];
    const fetcher: typeof fetch = (input) => {
      served.push(
        typeof input === "string" ? input : input instanceof URL ? input.href : input.url,
      );
      return Promise.resolve(new Response("not found", { status: 404 }));
    };
    const [summary] = await ingestFiles(store, [fixture("quirks-v1.json")], {
      fetch: fetcher,
      cacheDir,
    });
    expect(served).toEqual(["https://example.invalid/refs/51.json"]); // a 404 is not retried
    expect(summary).toMatchObject({ status: "ingested", rows: 4, unresolvedReferences: 1 });
    const rates = await query(
      store,
      `SELECT billing_code_type, billing_code, provider_group_id, group_key IS NOT NULL AS keyed, rate_unit, negotiated_type, negotiated_rate, service_codes, billing_code_modifiers
      FROM rates ORDER BY item_index, provider_group_id NULLS FIRST`,
    );
    expect(rates).toEqual([
      {
        billing_code_type: "CSTM-ALL",
        billing_code: "CSTM-00",
        provider_group_id: "690.64470",
        keyed: true,
        rate_unit: "percent",
        negotiated_type: "percentage",
        negotiated_rate: 40.5,
        service_codes: ["CSTM-00"],
        billing_code_modifiers: null,
      },
      {
        billing_code_type: "CSTM-ALL",
        billing_code: "CSTM-00",
        provider_group_id: "A-17",
        keyed: true,
        rate_unit: "percent",
        negotiated_type: "percentage",
        negotiated_rate: 40.5,
        service_codes: ["CSTM-00"],
        billing_code_modifiers: null,
      },
      {
        billing_code_type: "MS-DRG",
        billing_code: "470",
        provider_group_id: null,
        keyed: true,
        rate_unit: "per_diem",
        negotiated_type: "per diem",
        negotiated_rate: 2500,
        service_codes: null,
        billing_code_modifiers: ["26"],
      },
      {
        billing_code_type: "MS-DRG",
        billing_code: "470",
        provider_group_id: "51.0000003653",
        keyed: false,
        rate_unit: "per_diem",
        negotiated_type: "per diem",
        negotiated_rate: 2500,
        service_codes: null,
        billing_code_modifiers: ["26"],
      },
    ]);
    const groups = await query(
      store,
      `SELECT provider_group_id, npi, tin_type, tin_value FROM provider_groups ORDER BY provider_group_id NULLS FIRST, npi`,
    );
    expect(groups).toEqual([
      { provider_group_id: null, npi: "1234567893", tin_type: "npi", tin_value: "1234567893" },
      {
        provider_group_id: "690.64470",
        npi: "1234567893",
        tin_type: "ein",
        tin_value: "012345678",
      },
      {
        provider_group_id: "690.64470",
        npi: "1234567901",
        tin_type: "ein",
        tin_value: "012345678",
      },
      { provider_group_id: "A-17", npi: "0", tin_type: "ein", tin_value: "002345678" },
    ]);
    const [file] = await query(
      store,
      `SELECT unresolved_references::VARCHAR AS unresolved FROM source_files`,
    );
    expect(JSON.parse(String(file?.unresolved))).toEqual([
      {
        provider_group_id: "51.0000003653",
        location: "https://example.invalid/refs/51.json",
        reason: "HTTP 404",
      },
    ]);
  });
});
