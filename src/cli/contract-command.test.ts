import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_SCHEDULE, loadContractFixture } from "../testing/contract-fixture.js";
import type { ContractEvaluation } from "../analyze/contracts/contract-types.js";
import { evaluateFeeSchedule } from "../analyze/contracts/evaluate-fee-schedule.js";
import { parseOffer } from "../analyze/contracts/parse-offer.js";
import { loadReferenceData } from "../analyze/reference/load-reference-data.js";
import { DataMissingError, UsageError } from "../errors.js";
import { formatUsd } from "../analyze/money.js";
import { Store } from "../store/store.js";
import command from "./contract-command.js";

async function run(args: string[]): Promise<string> {
  const stdout = new PassThrough();
  let out = "";
  stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const code = await command.run(args, {
    stdout,
    stderr: new PassThrough(),
    interactive: false,
    env: {},
  });
  expect(code).toBe(0);
  return out;
}

describe("ratelens contract", () => {
  let dir: string;
  let db: string;
  let schedule: string;
  let expected: ContractEvaluation;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ratelens-contract-cmd-"));
    db = join(dir, "store.duckdb");
    schedule = join(dir, "my-schedule.csv");
    await writeFile(schedule, FIXTURE_SCHEDULE);
    const store = await Store.open(db);
    try {
      await loadContractFixture(store);
      expected = await evaluateFeeSchedule(
        store,
        await loadReferenceData(store),
        { name: "my-schedule.csv", content: FIXTURE_SCHEDULE },
        { market: "cbsa:12580", zip: "21201", offer: parseOffer("140% medicare") },
      );
    } finally {
      store.close();
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const args = (...extra: string[]): string[] => [
    schedule,
    "--db",
    db,
    "--market",
    "cbsa:12580",
    "--zip",
    "21201",
    "--offer",
    "140% medicare",
    ...extra,
  ];

  it("prints the ranked lines, the totals per payer and the rows it could not read", async () => {
    const text = await run(args());
    expect(text).toContain("Market: CBSA 12580 Baltimore-Columbia-Towson, MD");
    expect(text).toContain("Medicare 2025 at 12302-01");
    const totals = text.slice(text.indexOf("Totals per payer"));
    expect(totals).toMatch(
      new RegExp(
        `All payers .*${formatUsd(expected.total.projectedRevenue ?? 0).replace(/[$.]/g, "\\$&")}`,
      ),
    );
    expect(text).toMatch(/row 7 \(code\): "6449" is not a CPT\/HCPCS code/);
  });

  it("writes the same figures as JSON, CSV and a workbook", async () => {
    const json = JSON.parse(await run(args("--json"))) as ContractEvaluation;
    expect({ ...json, generatedAt: "" }).toEqual(
      JSON.parse(JSON.stringify({ ...expected, generatedAt: "" })),
    );
    const csv = (await run(args("--csv"))).trim().split("\n");
    expect(csv).toHaveLength(1 + expected.lines.length);
    const out = join(dir, "evaluation.xlsx");
    expect(await run(args("--xlsx", out))).toContain("a summary sheet and 2 payer sheet(s)");
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const summary = book.getWorksheet("Summary");
    const totalRow = summary
      ?.getRows(1, summary.rowCount)
      ?.find((row) => row.getCell(1).value === "All payers");
    expect(totalRow?.getCell(7).value).toBeCloseTo(
      expected.total.projectedRevenue ?? Number.NaN,
      6,
    );
    const carefirst = book.getWorksheet("CareFirst");
    expect(carefirst?.rowCount).toBe(
      1 + expected.lines.filter((l) => l.payer === "CareFirst").length,
    );
  });

  it("fails clearly on bad arguments and a missing store", async () => {
    await expect(run([])).rejects.toThrow(UsageError);
    await expect(run(args("--json", "--csv"))).rejects.toThrow(UsageError);
    await expect(run([schedule, "--db", db, "--offer", "a lot"])).rejects.toThrow(/not an offer/);
    await expect(run([schedule, "--db", db, "--market", "metro:1"])).rejects.toThrow(UsageError);
    await expect(run([schedule, "--db", join(dir, "missing.duckdb")])).rejects.toThrow(
      DataMissingError,
    );
  });
});
