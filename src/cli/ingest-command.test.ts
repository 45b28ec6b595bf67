import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InputError, UsageError } from "../errors.js";
import { EXIT, exitCodeFor } from "./exit-code.js";
import exportCommand from "./export-command.js";
import filesCommand from "./files-command.js";
import ingestCommand from "./ingest-command.js";
import statsCommand from "./stats-command.js";
import { capturedContext } from "../testing/captured-context.js";

const fixture = (name: string): string =>
  join(import.meta.dirname, "../sources/tic/fixtures", name);

describe("ingest, files, stats and export commands", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "ratelens-cli-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("ingests with a codes file, lists, counts and exports", async () => {
    const db = join(dir, "store.duckdb");
    const codesFile = join(dir, "codes.txt");
    await writeFile(codesFile, "64490\n64491\n");
    const ingest = capturedContext();
    const code = await ingestCommand.run(
      [
        fixture("bom.json"),
        "--db",
        db,
        "--codes-file",
        codesFile,
        "--offline",
        "--synthetic",
        "--cache-dir",
        join(dir, "cache"),
      ],
      ingest.context,
    );
    expect(code).toBe(EXIT.ok);
    expect(ingest.out()).toMatch(
      /ingested: .*bom\.json: file 1, in-network-rates, 3 items \(2 kept\), 3 rates/,
    );
    const files = capturedContext();
    await filesCommand.run(["--db", db], files.context);
    expect(files.out()).toMatch(/codes 64490,64491 · SYNTHETIC/);
    const stats = capturedContext();
    await statsCommand.run(["--db", db, "--json"], stats.context);
    expect(JSON.parse(stats.out())).toMatchObject({
      tables: { source_files: 1, rates: 3, provider_groups: 3 },
      ratesByUnit: { dollars: 3 },
      syntheticFiles: 1,
    });
    const exported = capturedContext();
    await exportCommand.run(
      ["--format", "parquet", "--out", join(dir, "parquet"), "--tables", "rates", "--db", db],
      exported.context,
    );
    expect(exported.out()).toMatch(/rates\.parquet {2}3 rows/);
  });

  it("bad input is an InputError (exit 3); bad arguments a UsageError (exit 2)", async () => {
    const db = join(dir, "store.duckdb");
    const failure = ingestCommand.run(
      [fixture("wrong-types.json"), "--db", db, "--offline"],
      capturedContext().context,
    );
    await expect(failure).rejects.toBeInstanceOf(InputError);
    expect(exitCodeFor(await failure.catch((error: unknown) => error))).toBe(EXIT.input);
    await expect(ingestCommand.run(["--db", db], capturedContext().context)).rejects.toBeInstanceOf(
      UsageError,
    );
    await expect(
      ingestCommand.run([fixture("bom.json"), "--workers", "many"], capturedContext().context),
    ).rejects.toBeInstanceOf(UsageError);
    await expect(
      exportCommand.run(["--format", "csv", "--db", db], capturedContext().context),
    ).rejects.toBeInstanceOf(UsageError);
  });
});
