import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildBenchmarkFixture, loadBenchmarkFixture } from "../testing/benchmark-fixture.js";
import { UsageError } from "../errors.js";
import { Store } from "../store/store.js";
import command from "./report-command.js";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "ratelens-report-"));
  const store = await Store.open(join(dir, "r.duckdb"));
  await loadBenchmarkFixture(store, buildBenchmarkFixture(), { withDirectory: true });
  store.close();
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ code: number; stdout: string }> {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
  const code = await command.run(args, {
    stdout,
    stderr: new PassThrough(),
    interactive: false,
    env: {},
  });
  return { code, stdout: Buffer.concat(chunks).toString("utf8") };
}

describe("ratelens report", () => {
  it("writes HTML, Markdown and JSON for each code and prints the paths", async () => {
    const out = join(dir, "pubs");
    const { code, stdout } = await run([
      "64490,64491",
      "--db",
      join(dir, "r.duckdb"),
      "--out",
      out,
      "--year",
      "2025",
    ]);
    expect(code).toBe(0);
    for (const file of ["64490.html", "64490.md", "64490.json", "64491.html"]) {
      expect(stdout).toContain(join(out, file));
    }
    // Real payer data only by default; the view including synthetic data is written and named.
    expect(stdout).toContain(
      `including synthetic data, labelled: ${join(out, "64491-including-synthetic.html")}`,
    );
    const pub = JSON.parse(await readFile(join(out, "64491.json"), "utf8")) as {
      benchmark: { medicare: { year: number }[] };
    };
    expect(pub.benchmark.medicare.every((row) => row.year === 2025)).toBe(true);
  });

  it("applies --no-synthetic and refuses a bad code", async () => {
    const out = join(dir, "real");
    await run(["64491", "--db", join(dir, "r.duckdb"), "--out", out, "--no-synthetic"]);
    const pub = JSON.parse(await readFile(join(out, "64491.json"), "utf8")) as {
      synthetic: boolean;
    };
    expect(pub.synthetic).toBe(false);
    await expect(run(["6449", "--db", join(dir, "r.duckdb")])).rejects.toThrow(UsageError);
  });
});
