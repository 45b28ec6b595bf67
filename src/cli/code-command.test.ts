import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { NotFoundError } from "../errors.js";
import command from "./code-command.js";

const goldenDir = fileURLToPath(new URL("../analyze/codes/golden/", import.meta.url));

/** Compares with a golden file; rewrites it only when UPDATE_GOLDEN=1 (never in CI). */
function expectGolden(name: string, actual: string): void {
  const path = join(goldenDir, name);
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(path, actual);
  expect(existsSync(path), `golden file ${name} is missing: run with UPDATE_GOLDEN=1 once and review it`).toBe(true);
  expect(actual).toBe(readFileSync(path, "utf8"));
}

/** Runs `ratelens code …` against the bundled data (a --db path that does not exist). */
async function run(args: string[]): Promise<string> {
  let out = "";
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out += chunk.toString();
      done();
    },
  });
  const code = await command.run([...args, "--db", "/nonexistent/ratelens-test.duckdb"], { stdout, stderr: stdout, interactive: false, env: {} });
  expect(code).toBe(0);
  return out;
}

describe("ratelens code", () => {
  it("prints 64491 as a coder expects (golden)", async () => {
    const text = await run(["64491"]);
    expectGolden("code-64491.txt", text);
    expect(text).toContain("second level");
    expect(text).toContain("Add-on: report with 64490");
    expect(text).toContain("2025      non-facility   $94.78 · facility   $57.58");
    expect(text).toContain("NCCI MUE: 1 per day (MAI 2");
    expect(text).toContain("M47.812  Spondylosis without myelopathy or radiculopathy, cervical region");
    expect(text).toContain("208VP0014X Interventional Pain Medicine Physician");
    expect(text).not.toMatch(/paravertebral facet joint, cervical|each additional level \(List separately/i); // no AMA descriptor wording
  });

  it("prints 64491 as JSON (golden)", async () => {
    const json = await run(["64491", "--json"]);
    expectGolden("code-64491.json", json);
    const entry = JSON.parse(json) as { curated: boolean; allowedPrimaries: { code: string }[]; payment: { year: number; nationalNonFacility: number }[] };
    expect(entry.curated).toBe(true);
    expect(entry.allowedPrimaries.map((p) => p.code)).toEqual(["64490"]);
    expect(entry.payment.map((p) => [p.year, p.nationalNonFacility])).toEqual([[2025, 94.78], [2026, 101.87]]);
  });

  it('finds 64491 first for "cervical medial branch block second level" (golden)', async () => {
    const text = await run(["search", "cervical medial branch block second level"]);
    expectGolden("code-search-cervical-medial-branch-block-second-level.txt", text);
    expect(text.split("\n")[0]).toMatch(/^64491 /);
  });

  it("gives any fee-schedule code its payment data, uncurated", async () => {
    const entry = JSON.parse(await run(["99213", "--json"])) as { curated: boolean; description: string | null; payment: unknown[] };
    expect(entry.curated).toBe(false);
    expect(entry.description).toBeNull();
    expect(entry.payment).toHaveLength(2);
    await expect(run(["64481"])).rejects.toThrow(NotFoundError);
  });
});
