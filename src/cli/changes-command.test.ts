import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataMissingError, UsageError } from "../errors.js";
import { ingestFiles } from "../ingest/ingest.js";
import { Store } from "../store/store.js";
import { appendProviders } from "../testing/tic-row-writer.js";
import { goldenPath, readGolden } from "../testing/golden.js";
import {
  SYNTHETIC_PAYER,
  writeSyntheticReleases,
  type SyntheticReleases,
} from "../testing/synthetic-releases.js";
import command from "./changes-command.js";
import releases from "./releases-command.js";

const GOLDEN = goldenPath(import.meta.url, "changes-acme-synthetic.txt");

async function run(args: string[]): Promise<{ code: number; stdout: string }> {
  const stdout = new PassThrough();
  let text = "";
  stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
  const code = await command.run(args, {
    stdout,
    stderr: new PassThrough(),
    interactive: false,
    env: {},
  });
  return { code, stdout: text };
}

describe("ratelens changes", () => {
  let dir: string;
  let db: string;
  let generated: SyntheticReleases;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ratelens-changes-cmd-"));
    generated = await writeSyntheticReleases(join(dir, "files"));
    db = join(dir, "changes.duckdb");
    const store = await Store.open(db);
    try {
      await ingestFiles(store, [...generated.fromFiles, ...generated.toFiles], {
        offline: true,
        synthetic: true,
        workers: 0,
      });
    } finally {
      store.close();
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("prints the files used, the per-code summary and the changes (golden file)", async () => {
    const { code, stdout } = await run([SYNTHETIC_PAYER, "--db", db, "--limit", "12"]);
    expect(code).toBe(0);
    const stable = stdout.replaceAll(dir, "<tmp>");
    expect(stable).toBe(await readGolden(GOLDEN, stable));
  });

  it("lists every change in JSON and CSV, the same ones", async () => {
    const json = JSON.parse((await run([SYNTHETIC_PAYER, "--db", db, "--json"])).stdout) as {
      changes: { kind: string }[];
      changesLeftOut: number;
    };
    expect(json.changes).toHaveLength(generated.planted.length);
    expect(json.changesLeftOut).toBe(0);
    const csv = (await run([SYNTHETIC_PAYER, "--db", db, "--csv", "--codes", "64490"])).stdout
      .trim()
      .split("\n");
    expect(csv[0]?.startsWith("kind,billing_code,")).toBe(true);
    const planted = generated.planted.filter((change) => change.billingCode === "64490");
    expect(
      csv
        .slice(1)
        .map((line) => line.split(",")[0])
        .sort(),
    ).toEqual(planted.map((change) => change.kind).sort());
  });

  it("--market keeps only the providers whose NPPES practice ZIP is in the market", async () => {
    // Every other planted NPI practises in Baltimore (21201); the rest in Richmond, VA (23219).
    const npis = [...new Set(generated.planted.map((change) => change.npi))].sort((a, b) => a - b);
    const inMarket = new Set(npis.filter((_, i) => i % 2 === 0));
    const store = await Store.open(db);
    try {
      await store.withConnection(async (connection) => {
        await connection.run("DELETE FROM providers");
        await appendProviders(
          connection,
          npis.map((npi) => ({
            npi,
            entityType: 1,
            name: `Provider ${String(npi)} (SYNTHETIC)`,
            primaryTaxonomy: null,
            taxonomies: [],
            state: inMarket.has(npi) ? "MD" : "VA",
            zip5: inMarket.has(npi) ? "21201" : "23219",
            synthetic: true,
          })),
        );
      });
    } finally {
      store.close();
    }
    const json = JSON.parse(
      (await run([SYNTHETIC_PAYER, "--db", db, "--json", "--market", "zip:21201"])).stdout,
    ) as { market: { spec: string } | null; changes: { npi: number; kind: string }[] };
    expect(json.market?.spec).toBe("zip:21201");
    const expected = generated.planted.filter((change) => inMarket.has(change.npi));
    expect(expected.length).toBeGreaterThan(0);
    expect(json.changes.map((c) => `${c.kind} ${String(c.npi)}`).sort()).toEqual(
      expected.map((c) => `${c.kind} ${String(c.npi)}`).sort(),
    );
    const text = (await run([SYNTHETIC_PAYER, "--db", db, "--market", "zip:21201"])).stdout;
    expect(text).toMatch(/^Market: ZIP 21201/m);
    await expect(
      run([SYNTHETIC_PAYER, "--db", db, "--market", "planet:mars"]),
    ).rejects.toBeInstanceOf(UsageError);
  });

  it("lists the releases with the source of each month (ratelens releases)", async () => {
    const stdout = new PassThrough();
    let text = "";
    stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
    await releases.run([SYNTHETIC_PAYER, "--db", db], {
      stdout,
      stderr: new PassThrough(),
      interactive: false,
      env: {},
    });
    expect(text).toMatch(/^Releases of Acme Synthetic Health \(SYNTHETIC\): 2$/m);
    expect(text).toMatch(/2026-06: 2 file\(s\), 2 plan\(s\), 250 rates \[SYNTHETIC\]/);
    expect(text.match(/month from last_updated_on/g)).toHaveLength(4);
  });

  it("rejects bad arguments and a missing store with typed errors", async () => {
    await expect(run(["--db", db])).rejects.toBeInstanceOf(UsageError);
    await expect(run([SYNTHETIC_PAYER, "--db", db, "--from", "May"])).rejects.toBeInstanceOf(
      UsageError,
    );
    await expect(run([SYNTHETIC_PAYER, "--db", db, "--codes", "6449!"])).rejects.toBeInstanceOf(
      UsageError,
    );
    await expect(run([SYNTHETIC_PAYER, "--db", join(dir, "none.duckdb")])).rejects.toBeInstanceOf(
      DataMissingError,
    );
  });
});
