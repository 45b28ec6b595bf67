import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import importCommand from "./import-command.js";
import medicareCommand from "./medicare-command.js";
import type { Command } from "./command.js";

const fixtures = fileURLToPath(new URL("../sources/reference/fixtures/", import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function run(command: Command, args: string[]): Promise<string> {
  let out = "";
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out += chunk.toString();
      done();
    },
  });
  const stderr = new Writable({
    write: (_c, _e, done) => {
      done();
    },
  });
  expect(await command.run(args, { stdout, stderr, interactive: false, env: {} })).toBe(0);
  return out;
}

describe("ratelens import", () => {
  it("imports a Medicaid schedule into a store file that `ratelens medicare` then shows", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ratelens-import-"));
    dirs.push(dir);
    const db = join(dir, "store.duckdb");
    const out = await run(importCommand, [
      "medicaid",
      join(fixtures, "medicaid-fl-synthetic-amounts.csv"),
      "--state",
      "FL",
      "--db",
      db,
    ]);
    expect(out).toMatch(/^imported 3 medicaid rows \(edition FL\)/);
    expect(out).toMatch(/sha256 [0-9a-f]{64}/);
    const text = await run(medicareCommand, ["64490", "--year", "2025", "--db", db]);
    expect(text).toContain(
      "FL non-facility $120.00 · facility $1001.50 (effective 2025-07-01; medicaid-fl-synthetic-amounts.csv (FL Medicaid fee schedule))",
    );
  });

  it("rejects unknown kinds and missing files with usage errors", async () => {
    await expect(run(importCommand, ["rvu", "x.csv", "--db", ":memory:"])).rejects.toThrow(
      UsageError,
    );
    await expect(run(importCommand, ["pfs", "--db", ":memory:"])).rejects.toThrow(UsageError);
  });
});
