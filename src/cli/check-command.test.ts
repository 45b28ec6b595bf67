import { PassThrough, Readable } from "node:stream";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { importReferenceFile } from "../ingest/import-reference.js";
import { Store } from "../store/store.js";
import check from "./check-command.js";
import codeProcedure from "./code-procedure-command.js";
import policy from "./policy-command.js";
import type { CommandContext } from "./command.js";
import { goldenPath, readGolden } from "../testing/golden.js";

/** Every test runs on its own temporary store path (never ./ratelens.duckdb): absent = bundled data. */
const storeDir = mkdtempSync(join(tmpdir(), "ratelens-check-store-"));

function context(stdin?: string): { context: CommandContext; stdout: () => string } {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
  const env = { RATELENS_DB: join(storeDir, "absent.duckdb") };
  const input = stdin === undefined ? {} : { stdin: Readable.from([Buffer.from(stdin)]) };
  return {
    context: { stdout, stderr: new PassThrough(), interactive: false, env, ...input },
    stdout: () => Buffer.concat(chunks).toString("utf8"),
  };
}

const scenario = (name: string): unknown =>
  (
    JSON.parse(
      readFileSync(
        fileURLToPath(new URL(`../rules/scenarios/${name}.json`, import.meta.url)),
        "utf8",
      ),
    ) as { claim: unknown }
  ).claim;
/** Compares with the golden beside this test (src/testing/golden.ts: a missing or different golden fails). */
async function expectGolden(name: string, actual: string): Promise<void> {
  expect(actual).toBe(await readGolden(goldenPath(import.meta.url, name), actual));
}

describe("ratelens check", () => {
  const dir = mkdtempSync(join(tmpdir(), "ratelens-check-"));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(storeDir, { recursive: true, force: true });
  });
  const claims = join(dir, "claims.json");
  writeFileSync(
    claims,
    JSON.stringify([
      scenario("three-levels-bilateral-cervical-medicare"),
      scenario("fluoroscopy-77003-with-64490"),
    ]),
  );

  it("applies the edits imported into the store named by --db, not only the bundled ones", async () => {
    const twoUnits = join(dir, "two-units.json");
    writeFileSync(twoUnits, JSON.stringify([scenario("bilateral-as-two-units")]));
    const mueFindings = async (args: string[]): Promise<number> => {
      const { context: ctx, stdout } = context();
      await check.run([twoUnits, "--json", ...args], ctx);
      const report = JSON.parse(stdout()) as { claims: { findings: { ruleId: string }[] }[] };
      return report.claims[0]!.findings.filter((finding) => finding.ruleId === "ncci-mue").length;
    };
    expect(await mueFindings(["--db", join(dir, "no-such-store.duckdb")])).toBe(1); // bundled MUE table: 64493 allows 1 unit
    // A (synthetic) MUE edition allowing 2 units of 64493, imported into a store.
    const mue = join(dir, "mue-64493-two.csv");
    writeFileSync(
      mue,
      "HCPCS/CPT Code,Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale\n64493,2,2 Date of Service Edit: Policy,CMS Policy\n",
    );
    const db = join(dir, "imported.duckdb");
    const store = await Store.open(db);
    try {
      await importReferenceFile(store, "ncci-mue", [mue], { edition: "2099-01-01" });
    } finally {
      store.close();
    }
    expect(await mueFindings(["--db", db])).toBe(0);
  });

  it("prints findings and the expected Medicare amounts, and returns 1 when an error is found", async () => {
    const { context: ctx, stdout } = context();
    expect(await check.run([claims], ctx)).toBe(1);
    await expectGolden("check-two-claims.txt", stdout().replaceAll(claims, "claims.json"));
  });

  it("returns 0 for a clean claim and prints JSON with --json", async () => {
    const clean = join(dir, "clean.json");
    writeFileSync(clean, JSON.stringify(scenario("two-levels-bilateral-cervical")));
    const { context: ctx, stdout } = context();
    expect(await check.run([clean, "--json"], ctx)).toBe(0);
    const report = JSON.parse(stdout()) as {
      summary: { error: number };
      claims: { expectedMedicare: { total: number } }[];
    };
    expect(report.summary.error).toBe(0);
    // 2025 national non-facility: 1.5 × $186.32 + 1.5 × $94.78 = $421.65 (reference.md §2.5 worked example)
    expect(report.claims[0]!.expectedMedicare.total).toBe(421.65);
  });
});

describe("ratelens code-procedure and policy", () => {
  it("codes the issue's example for Medicare", async () => {
    const { context: ctx, stdout } = context();
    expect(
      await codeProcedure.run(
        ["bilateral C4-C5 and C5-C6 medial branch blocks under fluoroscopy", "--payer", "medicare"],
        ctx,
      ),
    ).toBe(0);
    await expectGolden("code-procedure-bilateral-c4-c6.txt", stdout());
  });
  it("shows what changed in Anthem's policy", async () => {
    const { context: ctx, stdout } = context();
    expect(
      await policy.run(["diff", "anthem", "--from", "2023-01-01", "--to", "2023-06-01"], ctx),
    ).toBe(0);
    await expectGolden("policy-diff-anthem-2023.txt", stdout());
  });
});

describe("ratelens check on real batches", () => {
  const fixture = (name: string): string =>
    fileURLToPath(new URL(`../sources/claims/fixtures/${name}`, import.meta.url));

  it("reads standard input with -", async () => {
    const { context: ctx, stdout } = context(
      JSON.stringify(scenario("two-levels-bilateral-cervical")),
    );
    expect(await check.run(["-", "--format", "jsonl"], ctx)).toBe(0);
    const rows = stdout()
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; message: string });
    expect(rows[0]).toMatchObject({
      type: "summary",
      message: expect.stringContaining("1 claim(s), 0 with errors") as string,
    });
  });

  it("streams one CSV row per finding: the ICD-9 claim has its error, the good claims are checked", async () => {
    const { context: ctx, stdout } = context();
    expect(
      await check.run([fixture("837p-icd9-claim-among-good.x12"), "--format", "csv"], ctx),
    ).toBe(1);
    const lines = stdout().trim().split("\n");
    expect(lines[0]).toBe("type,file,claim_id,payer,line,rule,severity,message,path,fix,source");
    const findings = lines.filter((line) => line.startsWith("finding,"));
    expect(
      findings.filter((line) => line.includes(",error,")).map((line) => line.split(",")[2]),
    ).toEqual(["SYN-0202"]);
    expect(findings.some((line) => line.includes("claim-icd9-diagnosis"))).toBe(true);
    expect(
      lines.some(
        (line) => line.startsWith("summary,") && line.includes("3 claim(s), 1 with errors"),
      ),
    ).toBe(true);
    expect(
      lines.some((line) => line.startsWith("summary-payer,") && line.includes("MEDICARE PART B")),
    ).toBe(true);
  });

  it("reports a bad SE count as a transaction problem and still checks both claims", async () => {
    const { context: ctx, stdout } = context();
    expect(await check.run([fixture("837p-bad-se-count.x12"), "--format", "jsonl"], ctx)).toBe(1);
    const rows = stdout()
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; rule?: string; message: string });
    expect(rows.filter((row) => row.type === "file-problem").map((row) => row.rule)).toEqual([
      "x12-envelope",
    ]);
    expect(rows.find((row) => row.type === "summary")!.message).toContain("2 claim(s)");
  });

  it("lists 837I claims with a note that professional rules were skipped", async () => {
    const { context: ctx, stdout } = context();
    await check.run([fixture("837i-outpatient-two-claims.x12")], ctx);
    expect(stdout()).toContain("Claim SYN-0801 (MEDICARE PART A");
    expect(stdout()).toContain("Claim SYN-0802 (MEDICARE PART A");
    expect(stdout()).toContain("institutional-rules-skipped");
    expect(stdout()).toContain("not computed: institutional claims are paid under OPPS");
  });

  it("documents the CSV columns in --help", () => {
    expect(check.help).toContain(
      "required: claim_id, payer, date_of_service, place_of_service, code",
    );
    expect(check.help).toContain("--format text|jsonl|csv");
  });

  it("refuses an unknown --format", async () => {
    const { context: ctx } = context();
    await expect(
      check.run([fixture("837p-three-claims-valid.x12"), "--format", "xml"], ctx),
    ).rejects.toThrow("--format must be text, jsonl or csv");
  });
});
