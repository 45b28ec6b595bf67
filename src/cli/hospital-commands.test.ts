import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import crosscheckCommand from "./crosscheck-command.js";
import { EXIT } from "./exit-code.js";
import filesCommand from "./files-command.js";
import ingestCommand from "./ingest-command.js";
import validateCommand from "./validate-command.js";
import { capturedContext } from "../testing/captured-context.js";

const fixture = (name: string): string =>
  join(import.meta.dirname, "../sources/hpt/fixtures", name);

describe("validate, ingest (hospital files) and crosscheck commands", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "ratelens-hpt-cli-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("validate prints the findings and exits 1 on errors, 0 when clean", async () => {
    const bad = capturedContext();
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
    const clean = capturedContext();
    expect(
      await validateCommand.run([fixture("examples/v3.0-wide.csv"), "--json"], clean.context),
    ).toBe(EXIT.ok);
    expect(JSON.parse(clean.out())).toMatchObject({
      summary: { layout: "csv-wide", rulesVersion: "3.0.0", records: 26, errors: 0 },
      findings: [],
    });
    await expect(validateCommand.run([], capturedContext().context)).rejects.toBeInstanceOf(
      UsageError,
    );
    await expect(
      validateCommand.run(
        [fixture("examples/v3.0.json"), "--rules", "9"],
        capturedContext().context,
      ),
    ).rejects.toBeInstanceOf(UsageError);
  });

  it("ingest recognises a hospital file by content, whatever its name", async () => {
    const db = join(dir, "store.duckdb");
    const renamed = join(dir, "download.bin");
    await copyFile(fixture("examples/v2.2-tall.csv"), renamed);
    const ingest = capturedContext();
    expect(await ingestCommand.run([renamed, "--db", db], ingest.context)).toBe(EXIT.ok);
    expect(ingest.out()).toMatch(
      /ingested: .*download\.bin: hospital file 1, csv-tall v2\.2\.0, 31 items \(31 loaded\), 31 charge rows, 0 errors/,
    );
    const again = capturedContext();
    await ingestCommand.run([renamed, "--db", db], again.context);
    expect(again.out()).toMatch(/skipped: .*already loaded as hospital file 1/);
    // `files` lists hospital files too (it listed TiC files only), in text and in JSON.
    const listed = capturedContext();
    expect(await filesCommand.run(["--db", db], listed.context)).toBe(EXIT.ok);
    expect(listed.out()).toMatch(
      /hospital price-transparency files:\n {3}1 {2}.*download\.bin\n {6}.* · csv-tall, CMS template 2\.2\.0 · 31 of 31 records loaded · 31 charges · 0 errors, \d+ warnings · /,
    );
    const json = capturedContext();
    await filesCommand.run(["--db", db, "--json"], json.context);
    expect(JSON.parse(json.out())).toMatchObject({
      tic: [],
      hospital: [{ fileId: 1, records: 31, loadedRecords: 31, charges: 31 }],
    });
    const check = capturedContext();
    expect(await crosscheckCommand.run(["--db", db, "--json"], check.context)).toBe(EXIT.ok);
    // No TiC file is loaded: nothing to compare, and the hospital's payers are listed as such.
    expect(JSON.parse(check.out())).toMatchObject({
      rows: [],
      payersWithoutTicFile: ["Platform Health Insurance", "Region Health Insurance"],
    });
    await expect(
      crosscheckCommand.run(["--db", db, "--tolerance", "-1"], capturedContext().context),
    ).rejects.toBeInstanceOf(UsageError);
  });
});
