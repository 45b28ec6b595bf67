/**
 * End to end: `ratelens demo --no-serve` into a temporary directory loads the bundled data, writes
 * every publication and the index, and a second run skips the files already ingested.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import command from "../cli/demo-command.js";
import { Store } from "../store/store.js";
import { DEMO_CODES } from "./demo-codes.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

async function runDemoCommand(
  dir: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = capture();
  const stderr = capture();
  const code = await command.run(
    ["--no-serve", "--db", join(dir, "ratelens.duckdb"), "--out", join(dir, "out")],
    {
      stdout: stdout.stream,
      stderr: stderr.stream,
      interactive: false,
      env: {},
    },
  );
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe("ratelens demo --no-serve", () => {
  it("writes the publications, names CareFirst on 64491, and is idempotent", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ratelens-demo-"));
    dirs.push(dir);
    const first = await runDemoCommand(dir);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(join(dir, "out", "publications"));
    // Nothing is served with --no-serve, so the last line points at no served pages.
    expect(first.stdout).not.toContain("served pages");
    expect(first.stderr).not.toContain("skipped");

    const html = await readFile(join(dir, "out", "publications", "64491.html"), "utf8");
    expect(html).toContain("CareFirst BlueCross BlueShield");
    expect(html).toContain(`class="benchmark-table"`);
    const pub = JSON.parse(
      await readFile(join(dir, "out", "publications", "64491.json"), "utf8"),
    ) as {
      benchmark: {
        payers: { payer: string; synthetic: boolean }[];
        sources: {
          location: string;
          synthetic: boolean;
          rates: number;
          reportingEntityName: string | null;
        }[];
      } | null;
      synthetic: boolean;
    };
    // The real CareFirst file contributes rates and is not marked synthetic; the demo files are.
    const sources = pub.benchmark?.sources ?? [];
    const real = sources.find((source) =>
      source.location.endsWith("carefirst-in-network-2022.json.gz"),
    );
    expect(real).toMatchObject({
      synthetic: false,
      reportingEntityName: "CareFirst BlueCross BlueShield",
    });
    expect(real?.rates).toBeGreaterThan(0);
    expect(
      sources
        .filter((source) => source.location.includes("SYNTHETIC"))
        .every((source) => source.synthetic),
    ).toBe(true);
    expect(pub.benchmark?.payers.some((row) => row.payer.includes("CareFirst"))).toBe(true);
    // The real CareFirst rates form their own row, never merged with (or relabelled by) the synthetic CareFirst demo file.
    const realRows =
      pub.benchmark?.payers.filter((row) => row.payer === "CareFirst BCBS" && !row.synthetic) ?? [];
    expect(realRows.length).toBeGreaterThan(0);
    // Every synthetic row is flagged, and a page with one carries the banner.
    if (pub.benchmark?.payers.some((row) => row.synthetic) === true) {
      expect(pub.synthetic).toBe(true);
      expect(html).toContain(`class="synthetic-banner"`);
    }
    const index = await readFile(join(dir, "out", "publications", "index.html"), "utf8");
    for (const code of DEMO_CODES) expect(index).toContain(`href="${code}.html"`);

    const store = await Store.open(join(dir, "ratelens.duckdb"));
    const count = async (): Promise<unknown> =>
      store.withConnection(
        async (c) =>
          (
            await c.runAndReadAll("SELECT count(*)::INTEGER AS n FROM source_files")
          ).getRowObjectsJson()[0]?.n,
      );
    const files = await count();
    store.close();

    const second = await runDemoCommand(dir);
    expect(second.code).toBe(0);
    // The re-run says that the files were skipped as already loaded.
    expect(second.stderr).toMatch(/0 files loaded, \d+ files skipped \(already loaded/);
    const again = await Store.open(join(dir, "ratelens.duckdb"));
    const filesAfter = await again.withConnection(
      async (c) =>
        (
          await c.runAndReadAll("SELECT count(*)::INTEGER AS n FROM source_files")
        ).getRowObjectsJson()[0]?.n,
    );
    again.close();
    expect(filesAfter).toBe(files);
  }, 90_000);
});
