import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBenchmarkFixture, loadBenchmarkFixture } from "../testing/benchmark-fixture.js";
import { goldenPath, readGolden } from "../testing/golden.js";
import { DataMissingError, UsageError } from "../errors.js";
import { Store } from "../store/store.js";
import command from "./benchmark-command.js";

const GOLDEN = goldenPath(import.meta.url, "benchmark-64491-2025.txt");

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

describe("ratelens benchmark", () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ratelens-benchmark-cmd-"));
    db = join(dir, "fixture.duckdb");
    const store = await Store.open(db);
    try {
      await loadBenchmarkFixture(store, buildBenchmarkFixture(), { withDirectory: true });
    } finally {
      store.close();
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("prints the table, Medicare row, audit, non-dollar counts and gaps (golden file)", async () => {
    const { code, stdout } = await run(["64491", "--db", db, "--year", "2025"]);
    expect(code).toBe(0);
    expect(stdout).toBe(await readGolden(GOLDEN, stdout));
  });

  it("emits JSON and CSV with the same numbers", async () => {
    const json = JSON.parse(
      (
        await run([
          "64491",
          "--db",
          db,
          "--json",
          "--setting",
          "nonfacility",
          "--billing-class",
          "professional",
        ])
      ).stdout,
    ) as { payers: { payer: string; stats: { median: number } }[] };
    const csv = (
      await run([
        "64491",
        "--db",
        db,
        "--csv",
        "--setting",
        "nonfacility",
        "--billing-class",
        "professional",
      ])
    ).stdout
      .trim()
      .split("\n");
    const uhcJson = json.payers.find((p) => p.payer === "UnitedHealthcare");
    const uhcCsv = csv.find((line) => line.startsWith("payer,UnitedHealthcare,"))?.split(",");
    expect(Number(uhcCsv?.[15])).toBeCloseTo(uhcJson?.stats.median ?? Number.NaN, 4);
    expect(csv[0]).toContain("pct_medicare_median");
  });

  it("rejects bad arguments and a missing store", async () => {
    await expect(run(["--db", db])).rejects.toBeInstanceOf(UsageError);
    await expect(run(["64491", "--db", db, "--setting", "outdoors"])).rejects.toThrow(
      /--setting must be "facility" or "nonfacility"/,
    );
    await expect(run(["64491", "--db", db, "--billing-class", "pro"])).rejects.toThrow(
      /--billing-class must be "professional" or "institutional"/,
    );
    await expect(run(["64491", "--db", db, "--state", "Virginia"])).rejects.toThrow(
      /--state must be a two-letter code/,
    );
    await expect(run(["6449", "--db", db])).rejects.toThrow(/not a CPT\/HCPCS code/);
    await expect(run(["64491", "--db", join(dir, "missing.duckdb")])).rejects.toBeInstanceOf(
      DataMissingError,
    );
  });
});
