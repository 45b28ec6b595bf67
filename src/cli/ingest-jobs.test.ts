import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Store } from "../store/store.js";
import { EXIT } from "./exit-code.js";
import exportCommand from "./export-command.js";
import ingestCommand from "./ingest-command.js";
import { capturedContext } from "../testing/captured-context.js";

const fixture = (name: string): string =>
  join(import.meta.dirname, "../sources/tic/fixtures", name);

describe("ratelens ingest --jobs into a store folder", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "ratelens-jobs-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("an index with --jobs 2: listed files loaded by worker processes, the failing one listed, exit 8", async () => {
    // The worker processes run the compiled code (`npm run build`, done by `npm test`).
    expect(
      existsSync(resolve(import.meta.dirname, "../../dist/src/ingest/ingest-worker-process.js")),
    ).toBe(true);
    const db = join(dir, "test.store");
    const run = capturedContext();
    const code = await ingestCommand.run(
      [
        fixture("index-local-files.json"),
        "--db",
        db,
        "--jobs",
        "2",
        "--offline",
        "--cache-dir",
        join(dir, "cache"),
      ],
      run.context,
    );
    expect(code).toBe(EXIT.someFilesFailed);
    expect(run.out()).toMatch(
      /ingested: .*index-local-files\.json: file \d+, table-of-contents, 3 plans, 3 distinct files listed/,
    );
    expect(run.out()).toMatch(/ingested: .*bom\.json/);
    expect(run.out()).toMatch(/ingested: .*references-after-in-network\.json/);
    // The file named once, and why in words (it was "cannot open: ENOENT: …", twice, after its name twice).
    expect(run.err()).toMatch(/1 file failed:\n {2}\S*missing-file\.json: no such file\n/);
    const store = await Store.open(db);
    try {
      const rows = await store.withConnection(async (c) =>
        (
          await c.runAndReadAll(
            "SELECT count(*)::INTEGER AS files, count(parent_file_id)::INTEGER AS listed FROM source_files",
          )
        ).getRowObjectsJson(),
      );
      expect(rows).toEqual([{ files: 3, listed: 2 }]);
    } finally {
      store.close();
    }
    // Re-running changes nothing (the listed files loaded are skipped, the missing one fails
    // again: exit 8); and the store folder exports to Parquet as before.
    const again = capturedContext();
    expect(
      await ingestCommand.run(
        [
          fixture("index-local-files.json"),
          "--db",
          db,
          "--jobs",
          "2",
          "--offline",
          "--cache-dir",
          join(dir, "cache"),
        ],
        again.context,
      ),
    ).toBe(EXIT.someFilesFailed);
    expect(again.out()).toMatch(/skipped: .*index-local-files\.json/);
    expect(again.out()).toMatch(/skipped: .*bom\.json/);
    expect(again.out()).toMatch(/failed: .*missing-file\.json/);
    const exported = capturedContext();
    await exportCommand.run(
      ["--format", "parquet", "--out", join(dir, "parquet"), "--tables", "rates", "--db", db],
      exported.context,
    );
    expect(exported.out()).toMatch(/rates\.parquet {2}\d+ rows/);
  });
});

describe("two worker processes loading the same bytes at once", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "ratelens-jobs-same-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("the same file under two names with --jobs 2: published once, the other reported skipped", async () => {
    const copy = join(dir, "copy-of-pretty-printed.json");
    await copyFile(fixture("pretty-printed-crlf.json"), copy);
    const db = join(dir, "test.store");
    const run = capturedContext();
    const code = await ingestCommand.run(
      [
        fixture("pretty-printed-crlf.json"),
        copy,
        "--db",
        db,
        "--jobs",
        "2",
        "--offline",
        "--workers",
        "0",
        "--cache-dir",
        join(dir, "cache"),
      ],
      run.context,
    );
    expect(code).toBe(EXIT.ok);
    expect(run.out().match(/^ingested: /gm)).toHaveLength(1);
    expect(run.out()).toMatch(/^skipped: .*already loaded as file \d+ \(same SHA-256\)/m);
    const store = await Store.open(db);
    try {
      const rows = await store.withConnection(async (c) =>
        (
          await c.runAndReadAll("SELECT count(*)::INTEGER AS n FROM source_files")
        ).getRowObjectsJson(),
      );
      expect(rows).toEqual([{ n: 1 }]);
    } finally {
      store.close();
    }
  });
});

describe("readers and writers on one store folder at the same time", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "ratelens-shared-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("an open reader (a running server) sees what another process ingests; stats and files run meanwhile", async () => {
    const cli = resolve(import.meta.dirname, "../../dist/src/cli.js");
    const db = join(dir, "shared.store");
    const reader = await Store.open(db);
    try {
      const count = async (): Promise<unknown> =>
        reader.withConnection(
          async (c) =>
            (
              await c.runAndReadAll("SELECT count(*)::INTEGER AS n FROM rates")
            ).getRowObjectsJson()[0]?.n,
        );
      expect(await count()).toBe(0);
      const ingest = spawnSync(
        process.execPath,
        [
          cli,
          "ingest",
          fixture("quirks-v1.json"),
          "--db",
          db,
          "--offline",
          "--cache-dir",
          join(dir, "cache"),
        ],
        { encoding: "utf8" },
      );
      expect(ingest.stderr).not.toMatch(/lock/i);
      expect(ingest.status).toBe(0);
      const stats = spawnSync(process.execPath, [cli, "stats", "--db", db, "--json"], {
        encoding: "utf8",
      });
      expect(stats.status).toBe(0);
      expect(JSON.parse(stats.stdout)).toMatchObject({ tables: { source_files: 1, rates: 4 } });
      const files = spawnSync(process.execPath, [cli, "files", "--db", db], { encoding: "utf8" });
      expect(files.status).toBe(0);
      expect(await count()).toBe(4);
    } finally {
      reader.close();
    }
  });
});
