import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import type { CommandContext } from "./command.js";
import crosscheckCommand from "./crosscheck-command.js";
import { EXIT } from "./exit-code.js";
import filesCommand from "./files-command.js";
import ingestCommand from "./ingest-command.js";
import validateCommand from "./validate-command.js";

const fixture = (name: string): string =>
  join(import.meta.dirname, "../sources/hpt/fixtures", name);

function context(): { context: CommandContext; out: () => string } {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
  return {
    context: { stdout, stderr: new PassThrough(), interactive: false, env: {} },
    out: () => Buffer.concat(chunks).toString("utf8"),
  };
}

describe("validate, ingest (hospital files) and crosscheck commands", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "ratelens-hpt-cli-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("validate prints the findings and exits 1 on errors, 0 when clean", async () => {
    const bad = context();
    expect(
      await validateCommand.run(
        [fixture("validator-2.6.0/sample-no-min-max.json"), "--rules", "2.2"],
        bad.context,
      ),
    ).toBe(EXIT.findings);
    expect(bad.out()).toMatch(
      /error {3}\$\.standard_charge_information\[1\]\.standard_charges\[0\]\.minimum {2}\[dollar-needs-min-max\]/,
    );
    expect(bad.out()).toMatch(
      /sample-no-min-max\.json: 1 error, 0 warnings — dollar-needs-min-max 1\n$/,
    );
    const clean = context();
    expect(
      await validateCommand.run([fixture("examples/v3.0-wide.csv"), "--json"], clean.context),
    ).toBe(EXIT.ok);
    expect(JSON.parse(clean.out())).toMatchObject({
      summary: { layout: "csv-wide", rulesVersion: "3.0.0", records: 26, errors: 0 },
      findings: [],
    });
    await expect(validateCommand.run([], context().context)).rejects.toBeInstanceOf(UsageError);
    await expect(
      validateCommand.run([fixture("examples/v3.0.json"), "--rules", "9"], context().context),
    ).rejects.toBeInstanceOf(UsageError);
  });

  it("ingest recognises a hospital file by content, whatever its name", async () => {
    const db = join(dir, "store.duckdb");
    const renamed = join(dir, "download.bin");
    await copyFile(fixture("examples/v2.2-tall.csv"), renamed);
    const ingest = context();
    expect(await ingestCommand.run([renamed, "--db", db], ingest.context)).toBe(EXIT.ok);
    expect(ingest.out()).toMatch(
      /ingested: .*download\.bin: hospital file 1, csv-tall v2\.2\.0, 31 items \(31 loaded\), 31 charge rows, 0 errors/,
    );
    const again = context();
    await ingestCommand.run([renamed, "--db", db], again.context);
    expect(again.out()).toMatch(/skipped: .*already loaded as hospital file 1/);
    // `files` lists hospital files too (it listed TiC files only), in text and in JSON.
    const listed = context();
    expect(await filesCommand.run(["--db", db], listed.context)).toBe(EXIT.ok);
    expect(listed.out()).toMatch(
      /hospital price-transparency files:\n {3}1 {2}.*download\.bin\n {6}.* · csv-tall, CMS template 2\.2\.0 · 31 of 31 records loaded · 31 charges · 0 errors, \d+ warnings · /,
    );
    const json = context();
    await filesCommand.run(["--db", db, "--json"], json.context);
    expect(JSON.parse(json.out())).toMatchObject({
      tic: [],
      hospital: [{ fileId: 1, records: 31, loadedRecords: 31, charges: 31 }],
    });
    const check = context();
    expect(await crosscheckCommand.run(["--db", db, "--json"], check.context)).toBe(EXIT.ok);
    // No TiC file is loaded: nothing to compare, and the hospital's payers are listed as such.
    expect(JSON.parse(check.out())).toMatchObject({
      rows: [],
      payersWithoutTicFile: ["Platform Health Insurance", "Region Health Insurance"],
    });
    await expect(
      crosscheckCommand.run(["--db", db, "--tolerance", "-1"], context().context),
    ).rejects.toBeInstanceOf(UsageError);
  });
});
