import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InputError } from "../errors.js";
import { Store } from "../store/store.js";
import {
  nppesLine,
  writeSyntheticNppes,
  type SyntheticProvider,
} from "../sources/synthetic/synthetic-nppes.js";
import { csvRecordBatches, parseCsvRecord } from "../sources/nppes/csv-records.js";
import { progressReporter } from "../present/progress.js";
import { importNppes } from "./import-nppes.js";
import { NPPES_COLUMNS } from "../sources/nppes/nppes-layout.js";

const PROVIDERS: SyntheticProvider[] = [
  {
    npi: 1234567893,
    entityType: 1,
    name: "SYNTHETIC-PAIN",
    firstName: "ALEX",
    state: "MD",
    zip: "21201",
    taxonomies: ["208VP0014X", "207L00000X"],
  },
  {
    npi: 1245319599,
    entityType: 2,
    name: 'SYNTHETIC SPINE CENTER, LLC "EAST"',
    state: "va",
    zip: "22030",
    taxonomies: ["261QA1903X"],
  },
  {
    npi: 1497758544,
    entityType: 1,
    name: "SYNTHETIC-DERM",
    state: "TX",
    zip: "75201",
    taxonomies: ["207N00000X"],
  },
  {
    npi: 1003000126,
    entityType: 1,
    name: "SYNTHETIC-GONE",
    state: "TX",
    zip: "75201",
    taxonomies: [],
    deactivated: true,
  },
];

function header(): string {
  return NPPES_COLUMNS.map((c) => `"${c}"`).join(",");
}

describe("csv records", () => {
  it("parses quoted fields with commas, doubled quotes and embedded newlines, keeping line numbers", async () => {
    expect(parseCsvRecord('"a","b,c","d""e"')).toEqual(["a", "b,c", 'd"e']);
    expect(parseCsvRecord("a,,c")).toEqual(["a", "", "c"]);
    expect(parseCsvRecord('"a"x,"b"')).toMatch(/after the closing quote/);
    const chunks = async function* (): AsyncGenerator<string> {
      yield await Promise.resolve('h1,h2\r\n"1","multi');
      yield '\nline"\r\n"2","x"\n"3","unterminated\n';
    };
    const items = [];
    for await (const batch of csvRecordBatches(chunks())) items.push(...batch);
    expect(items).toEqual([
      { fields: ["h1", "h2"], line: 1 },
      { fields: ["1", "multi\nline"], line: 2 },
      { fields: ["2", "x"], line: 4 },
      { line: 5, problem: "unterminated quoted field at end of file" },
    ]);
  });
});

describe("importNppes", () => {
  let dir: string;
  let store: Store;
  let stderr: PassThrough;
  let errText: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "ratelens-nppes-"));
    store = await Store.memory();
    stderr = new PassThrough();
    errText = "";
    stderr.on("data", (chunk: Buffer) => (errText += chunk.toString()));
  });
  afterEach(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const providers = async (): Promise<Record<string, unknown>[]> =>
    store.withConnection(async (c) =>
      (
        await c.runAndReadAll(
          "SELECT CAST(npi AS VARCHAR) AS npi, entity_type, name, primary_taxonomy, taxonomies, state, zip5, deactivated, synthetic FROM providers ORDER BY npi",
        )
      ).getRowObjectsJson(),
    );

  it("loads the synthetic sample in the real 330-column layout, and re-runs idempotently", async () => {
    expect(NPPES_COLUMNS).toHaveLength(330);
    const file = join(dir, "npidata_pfile_SYNTHETIC.csv");
    await writeSyntheticNppes(file, PROVIDERS);
    const first = await importNppes(store, file, { reporter: progressReporter(stderr, false) });
    expect(first).toMatchObject({ rows: 4, badRows: 0, deactivated: 1, synthetic: true });
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
    const again = await importNppes(store, file, { reporter: progressReporter(stderr, false) });
    expect(again.rows).toBe(4);
    const rows = await providers();
    expect(rows).toHaveLength(4);
    expect(rows[0]).toEqual({
      npi: "1003000126",
      entity_type: 1,
      name: "",
      primary_taxonomy: null,
      taxonomies: [],
      state: null,
      zip5: null,
      deactivated: true,
      synthetic: true,
    });
    expect(rows.find((r) => r.npi === "1245319599")).toMatchObject({
      entity_type: 2,
      name: 'SYNTHETIC SPINE CENTER, LLC "EAST"',
      state: "VA",
      zip5: "22030",
      primary_taxonomy: "261QA1903X",
    });
    expect(rows.find((r) => r.npi === "1234567893")).toMatchObject({
      name: "SYNTHETIC-PAIN, ALEX",
      taxonomies: ["208VP0014X", "207L00000X"],
    });
    expect(errText).toMatch(/4 rows/);
  });

  it("reads gzip input", async () => {
    const file = join(dir, "npidata-synthetic.csv.gz");
    await writeFile(file, gzipSync(`${header()}\r\n${PROVIDERS.map(nppesLine).join("\r\n")}\r\n`));
    expect(
      (await importNppes(store, file, { reporter: progressReporter(stderr, false) })).rows,
    ).toBe(4);
  });

  it("reports bad rows with their line numbers and loads the rest", async () => {
    const file = join(dir, "nppes-bad-rows.csv");
    const good = PROVIDERS.map(nppesLine);
    const shortRow = '"1234567893","1"';
    const badNpi = (good[0] ?? "").replace('"1234567893"', '"123456789"');
    const badEntity = (good[2] ?? "").replace('"1497758544","1"', '"1497758544","7"');
    await writeFile(
      file,
      [header(), good[0], shortRow, good[1], badNpi, badEntity, good[2]].join("\n") + "\n",
    );
    const result = await importNppes(store, file, { reporter: progressReporter(stderr, false) });
    expect(result.rows).toBe(3);
    expect(result.badRows).toBe(3);
    expect(result.badRowSamples.map((s) => s.line)).toEqual([3, 5, 6]);
    expect(errText).toContain('nppes-bad-rows.csv (line 5): NPI "123456789" is not 10 digits');
    expect(errText).toContain("expected 330 fields, found 2");
  });

  it("rejects a header without a required column and keeps the previous directory", async () => {
    const good = join(dir, "synthetic-good.csv");
    await writeSyntheticNppes(good, PROVIDERS);
    await importNppes(store, good, { reporter: progressReporter(stderr, false) });
    const file = join(dir, "nppes-missing-primary-switch-column.csv");
    await writeFile(
      file,
      header().replace('"Healthcare Provider Primary Taxonomy Switch_3"', '"Something Else"') +
        "\n",
    );
    const error = await importNppes(store, file, {
      reporter: progressReporter(stderr, false),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(
      "nppes-missing-primary-switch-column.csv (line 1, column Healthcare Provider Primary Taxonomy Switch_3)",
    );
    expect(await providers()).toHaveLength(4);
    const tables = await store.withConnection(async (c) =>
      (
        await c.runAndReadAll(
          "SELECT table_name FROM duckdb_tables() WHERE table_name = 'providers_staging'",
        )
      ).getRowObjectsJson(),
    );
    expect(tables).toEqual([]);
  });

  it("names the file and byte offset when gzip data is corrupt", async () => {
    const file = join(dir, "nppes-truncated.csv.gz");
    const full = gzipSync(`${header()}\n${PROVIDERS.map(nppesLine).join("\n")}\n`);
    await writeFile(
      file,
      Buffer.concat([full.subarray(0, 200), Buffer.from("garbage-garbage-garbage")]),
    );
    await expect(
      importNppes(store, file, { reporter: progressReporter(stderr, false) }),
    ).rejects.toThrow(/nppes-truncated\.csv\.gz \(byte \d+\)/);
  });
});
