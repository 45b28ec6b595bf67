import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import command from "./medicare-command.js";

/** Runs the command against the bundled data only (a --db path that does not exist). */
async function run(args: string[]): Promise<string> {
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
  const code = await command.run([...args, "--db", "/nonexistent/ratelens-test.duckdb"], {
    stdout,
    stderr,
    interactive: false,
    env: {},
  });
  expect(code).toBe(0);
  return out;
}

describe("ratelens medicare", () => {
  it("prints the national amount, inputs and the 2025 locality distribution", async () => {
    const text = await run(["64491", "--year", "2025"]);
    expect(text).toContain(
      "64491: Medicare Physician Fee Schedule 2025, conversion factor 32.3465",
    );
    expect(text).toMatch(
      /non-facility\s+\$94\.78\s+RVUs work 1\.16 \+ PE 1\.64 \+ MP 0\.13 = 2\.93/,
    );
    expect(text).toMatch(/facility\s+\$57\.58/);
    expect(text).toContain("Non-facility distribution across 109 localities: min $85.32");
    expect(text).toContain("global ZZZ");
    expect(text).toContain("Source: PPRRVU2025_Oct.csv");
  });

  it("says 2026 has no locality data and offers the national amount", async () => {
    const text = await run(["64490", "--year", "2026", "--qp", "--setting", "nonfacility"]);
    expect(text).toContain("$206.10");
    expect(text).toContain("no 2026 GPCI file is loaded");
    const local = await run(["64490", "--year", "2026", "--locality", "13202-01"]);
    expect(local).toContain("no 2026 GPCI file is loaded");
    expect(local).toContain("the national amount follows instead");
    expect(local).toContain("$205.08");
  });

  it("prices every locality of a state, and a bilateral line", async () => {
    const ny = JSON.parse(
      await run(["64490", "--year", "2025", "--state", "NY", "--json", "--setting", "facility"]),
    ) as { amounts: { locality: string; result: { amount: number } }[] };
    expect(ny.amounts.find((a) => a.locality === "13202-01")?.result.amount).toBe(115.93);
    const bilateral = await run([
      "64490",
      "--year",
      "2025",
      "--modifier",
      "50",
      "--setting",
      "nonfacility",
    ]);
    expect(bilateral).toContain("$279.48");
    expect(bilateral).toContain("(150 % of $186.32)");
  });

  it("prices a ZIP at its locality out of the box (CMS ZIP-to-locality file bundled)", async () => {
    const text = await run([
      "64491",
      "--zip",
      "21201",
      "--year",
      "2025",
      "--setting",
      "nonfacility",
    ]);
    expect(text).toContain("ZIP 21201 → locality 12302-01");
    // GPCI2025 12302-01 (Baltimore/surr. counties): work 1.02, PE 1.078, MP 1.309; PPRRVU2025 64491.
    const expected = Math.round((1.16 * 1.02 + 1.64 * 1.078 + 0.13 * 1.309) * 32.3465 * 100) / 100;
    expect(text).toContain(`$${expected.toFixed(2)}`);
    const { NotFoundError } = await import("../errors.js");
    await expect(run(["64490", "--zip", "00000"])).rejects.toThrow(NotFoundError);
  });
});

describe("ratelens medicare: failures", () => {
  it("fails on an unknown code or locality instead of printing a partial answer", async () => {
    const { NotFoundError, UsageError } = await import("../errors.js");
    await expect(run(["64481", "--year", "2025"])).rejects.toThrow(NotFoundError);
    await expect(run(["64490", "--year", "2025", "--locality", "99999-99"])).rejects.toThrow(
      NotFoundError,
    );
    await expect(run(["64490", "--year", "2025", "--locality", "Manhattan"])).rejects.toThrow(
      UsageError,
    );
  });

  it("shows NA settings as not available (imaging in a facility)", async () => {
    const text = await run(["77003", "--year", "2025"]);
    expect(text).toMatch(/facility: not available: 77003 has no facility price in 2025/);
    expect(text).toContain("-26");
  });
});

describe("ratelens medicare: status codes, units and the shared setting parser", () => {
  it("status C (64999, 0213T) says priced by the MAC instead of $0.00", async () => {
    for (const code of ["64999", "0213T"]) {
      const text = await run([code, "--year", "2025", "--setting", "nonfacility"]);
      expect(text).toContain("priced by the MAC");
      expect(text).not.toContain("$0.00");
      expect(text).toContain("status C (contractor-priced)");
    }
  });

  it("status N and I codes are $0.00 with their own notes, not full amounts", async () => {
    const n = await run(["22526", "--year", "2025", "--setting", "facility"]);
    expect(n).toMatch(/\$0\.00\s+not paid under the PFS \(status N/);
    expect(n).toContain("status N (non-covered)");
    expect(await run(["99358", "--year", "2025", "--setting", "facility"])).toContain(
      "status I (not valid for Medicare",
    );
  });

  it("accepts --setting office as the non-facility setting, as the shared parser does", async () => {
    expect(await run(["64491", "--year", "2025", "--setting", "office"])).toMatch(
      /non-facility\s+\$94\.78/,
    );
  });

  it("prices --units 2 of 64636 as two levels (2 × $226.43)", async () => {
    expect(
      await run(["64636", "--year", "2025", "--setting", "nonfacility", "--units", "2"]),
    ).toContain("2 units: $452.86");
  });
});
