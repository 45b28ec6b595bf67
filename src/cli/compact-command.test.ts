import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import { ingestFileUnit } from "../ingest/ingest-file-unit.js";
import compactCommand from "./compact-command.js";
import { EXIT } from "./exit-code.js";
import { capturedContext } from "../testing/captured-context.js";

const fixture = (name: string): string =>
  join(import.meta.dirname, "../sources/tic/fixtures", name);

describe("ratelens compact", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "ratelens-compact-cli-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("merges a store folder's units and says what it did, then that nothing is left", async () => {
    const db = join(dir, "a.store");
    const options = { offline: true, workers: 0, cacheDir: join(dir, "cache") };
    for (const name of ["quirks-v1.json", "references-after-in-network.json"]) {
      await ingestFileUnit(db, fixture(name), options);
    }
    const fewer = capturedContext();
    await compactCommand.run(["--db", db, "--json", "--min-units", "3"], fewer.context);
    expect(fewer.out().trim().split("\n")).toHaveLength(1); // one line: what a parent process reads
    expect(JSON.parse(fewer.out())).toMatchObject({ skipped: "2 small units, fewer than 3" });
    const first = capturedContext();
    expect(await compactCommand.run(["--db", db, "--grace", "0"], first.context)).toBe(EXIT.ok);
    expect(first.out()).toMatch(
      /^merged 2 units into 1 \(\d+\.\d MB → \d+\.\d MB of Parquet\) in \d+\.\d s\n$/,
    );
    expect(await readdir(join(db, "merged"))).toHaveLength(1);
    const second = capturedContext();
    await compactCommand.run(["--db", db, "--grace", "0", "--json"], second.context);
    expect(JSON.parse(second.out())).toMatchObject({
      mergedUnits: 0,
      skipped: "0 small units, fewer than 2",
    });
  });

  it("refuses a single-file store and a bad --grace", async () => {
    await expect(
      compactCommand.run(["--db", join(dir, "a.duckdb")], capturedContext().context),
    ).rejects.toThrow(UsageError);
    await expect(
      compactCommand.run(
        ["--db", join(dir, "b.store"), "--grace", "soon"],
        capturedContext().context,
      ),
    ).rejects.toThrow(/--grace must be a number of seconds/);
  });
});
