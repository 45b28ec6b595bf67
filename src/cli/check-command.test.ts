import { PassThrough } from "node:stream";
import { mkdtempSync, readFileSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { importReferenceFile } from "../ingest/import-reference.js";
import { Store } from "../store/store.js";
import check from "./check-command.js";
import codeProcedure from "./code-procedure-command.js";
import policy from "./policy-command.js";
import type { CommandContext } from "./command.js";

function context(): { context: CommandContext; stdout: () => string } {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
  return { context: { stdout, stderr: new PassThrough(), interactive: false, env: {} }, stdout: () => Buffer.concat(chunks).toString("utf8") };
}

const scenario = (name: string): unknown => (JSON.parse(readFileSync(fileURLToPath(new URL(`../rules/scenarios/${name}.json`, import.meta.url)), "utf8")) as { claim: unknown }).claim;
const golden = fileURLToPath(new URL("../rules/golden/", import.meta.url));

/** Compares with a golden file; rewrites it only when UPDATE_GOLDEN=1 (never in CI). */
function expectGolden(name: string, actual: string): void {
  const file = join(golden, name);
  if (process.env.UPDATE_GOLDEN === "1" || !existsSync(file)) {
    if (process.env.CI !== undefined && !existsSync(file)) throw new Error(`golden file ${name} is missing`);
    mkdirSync(golden, { recursive: true });
    writeFileSync(file, actual);
  }
  expect(actual).toBe(readFileSync(file, "utf8"));
}

describe("ratelens check", () => {
  const dir = mkdtempSync(join(tmpdir(), "ratelens-check-"));
  const claims = join(dir, "claims.json");
  writeFileSync(claims, JSON.stringify([scenario("three-levels-bilateral-cervical-medicare"), scenario("fluoroscopy-77003-with-64490")]));

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
    writeFileSync(mue, "HCPCS/CPT Code,Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale\n64493,2,2 Date of Service Edit: Policy,CMS Policy\n");
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
    expectGolden("check-two-claims.txt", stdout().replaceAll(claims, "claims.json"));
  });

  it("returns 0 for a clean claim and prints JSON with --json", async () => {
    const clean = join(dir, "clean.json");
    writeFileSync(clean, JSON.stringify(scenario("two-levels-bilateral-cervical")));
    const { context: ctx, stdout } = context();
    expect(await check.run([clean, "--json"], ctx)).toBe(0);
    const report = JSON.parse(stdout()) as { summary: { error: number }; claims: { expectedMedicare: { total: number } }[] };
    expect(report.summary.error).toBe(0);
    // 2025 national non-facility: 1.5 × $186.32 + 1.5 × $94.78 = $421.65 (reference.md §2.5 worked example)
    expect(report.claims[0]!.expectedMedicare.total).toBe(421.65);
  });
});

describe("ratelens code-procedure and policy", () => {
  it("codes the issue's example for Medicare", async () => {
    const { context: ctx, stdout } = context();
    expect(await codeProcedure.run(["bilateral C4-C5 and C5-C6 medial branch blocks under fluoroscopy", "--payer", "medicare"], ctx)).toBe(0);
    expectGolden("code-procedure-bilateral-c4-c6.txt", stdout());
  });
  it("shows what changed in Anthem's policy", async () => {
    const { context: ctx, stdout } = context();
    expect(await policy.run(["diff", "anthem", "--from", "2023-01-01", "--to", "2023-06-01"], ctx)).toBe(0);
    expectGolden("policy-diff-anthem-2023.txt", stdout());
  });
});
