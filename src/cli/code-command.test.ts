import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { NotFoundError } from "../errors.js";
import { goldenPath, readGolden } from "../testing/golden.js";
import command from "./code-command.js";

/** Compares with `golden/NAME` beside this test (src/testing/golden.ts says when it is rewritten). */
async function expectGolden(name: string, actual: string): Promise<void> {
  expect(actual).toBe(await readGolden(goldenPath(import.meta.url, name), actual));
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
  const code = await command.run([...args, "--db", "/nonexistent/ratelens-test.duckdb"], {
    stdout,
    stderr: stdout,
    interactive: false,
    env: {},
  });
  expect(code).toBe(0);
  return out;
}

describe("ratelens code", () => {
  it("prints 64491 as a coder expects (golden)", async () => {
    const text = await run(["64491"]);
    await expectGolden("code-64491.txt", text);
    expect(text).toContain("second level");
    expect(text).toContain("Add-on: report with 64490");
    expect(text).toContain("2025      non-facility   $94.78 · facility   $57.58");
    expect(text).toContain("NCCI MUE: 1 per day (MAI 2");
    expect(text).toContain(
      "M47.812  Spondylosis without myelopathy or radiculopathy, cervical region",
    );
    expect(text).toContain("208VP0014X Interventional Pain Medicine Physician");
    expect(text).not.toMatch(
      /paravertebral facet joint, cervical|each additional level \(List separately/i,
    ); // no AMA descriptor wording
  });

  it("prints 64491 as JSON (golden)", async () => {
    const json = await run(["64491", "--json"]);
    await expectGolden("code-64491.json", json);
    const entry = JSON.parse(json) as {
      curated: boolean;
      allowedPrimaries: { code: string }[];
      payment: { year: number; nationalNonFacility: number }[];
    };
    expect(entry.curated).toBe(true);
    expect(entry.allowedPrimaries.map((p) => p.code)).toEqual(["64490"]);
    expect(entry.payment.map((p) => [p.year, p.nationalNonFacility])).toEqual([
      [2025, 94.78],
      [2026, 101.87],
    ]);
  });

  it('finds 64491 first for "cervical medial branch block second level" (golden)', async () => {
    const text = await run(["search", "cervical medial branch block second level"]);
    await expectGolden("code-search-cervical-medial-branch-block-second-level.txt", text);
    expect(text.split("\n")[0]).toMatch(/^64491 /);
  });

  it("gives any fee-schedule code its payment data, uncurated", async () => {
    const entry = JSON.parse(await run(["99213", "--json"])) as {
      curated: boolean;
      description: string | null;
      payment: unknown[];
    };
    expect(entry.curated).toBe(false);
    expect(entry.description).toBeNull();
    expect(entry.payment).toHaveLength(2);
    await expect(run(["64481"])).rejects.toThrow(NotFoundError);
  });
});
