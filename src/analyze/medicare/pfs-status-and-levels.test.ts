import { beforeAll, describe, expect, it } from "vitest";
import { NotPricedError } from "../../errors.js";
import { loadBundledReferenceData } from "../reference/load-reference-data.js";
import type { ReferenceData } from "../reference/reference-types.js";
import { medicareAmount } from "./medicare-amount.js";
import { priceClaimLines } from "./price-claim-lines.js";

let ref: ReferenceData;
beforeAll(async () => {
  ref = await loadBundledReferenceData();
});
const office2025 = { year: 2025, setting: "nonfacility" as const };

describe("per-level add-on units (defect: 2 units priced as a bilateral 150 %)", () => {
  it("prices 2 units of 64636 as two additional joints at 100 % each, not 150 %", () => {
    // 2025 national non-facility 64636 = $226.43 (reference.md §2.3): 2 × $226.43, not 1.5 × $226.43.
    const claim = priceClaimLines(
      ref,
      [
        { code: "64635", modifiers: [], units: 1 },
        { code: "64636", modifiers: [], units: 2 },
      ],
      office2025,
    );
    expect(claim.lines[1]!.allowed).toBe(452.86);
    expect(claim.lines[1]!.explanation.join(" ")).toContain("2 units = 2 levels");
    expect(claim.lines[1]!.explanation.join(" ")).toContain("IOM 100-04 ch.12 §40.7");
  });

  it("prices 2 units of 64480 and 64634 per level as well (64480 $129.71, 64634 $241.30)", () => {
    const claim = priceClaimLines(
      ref,
      [
        { code: "64480", modifiers: [], units: 2 },
        { code: "64634", modifiers: [], units: 3 },
      ],
      office2025,
    );
    expect(claim.lines.map((l) => l.allowed)).toEqual([259.42, 723.9]);
  });

  it("keeps a bilateral level of an add-on at 150 % (64491-50, 1 unit = $142.17)", () => {
    expect(
      priceClaimLines(ref, [{ code: "64491", modifiers: ["50"], units: 1 }], office2025).lines[0]!
        .allowed,
    ).toBe(142.17);
  });
});

describe("PFS status codes (defect: status C priced $0.00 and B/N/I at full amounts with a generic note)", () => {
  it("status C (64999, 0213T): no $0.00, priced by the MAC", () => {
    for (const code of ["64999", "0213T"]) {
      const amount = medicareAmount(ref, { code, year: 2025, setting: "nonfacility" });
      expect(amount.payment).toBe("contractor");
      expect(amount.notes.join(" ")).toContain("contractor-priced");
      const line = priceClaimLines(ref, [{ code, modifiers: [], units: 1 }], office2025).lines[0]!;
      expect(line.unpriced).toContain("Medicare Administrative Contractor sets the payment");
    }
  });

  it("status B, N and I are not paid ($0.00) with their own notes; R and T are paid with theirs", () => {
    const note = (code: string): { amount: number; payment: string; note: string } => {
      const a = medicareAmount(ref, { code, year: 2025, setting: "nonfacility" });
      return { amount: a.amount, payment: a.payment, note: a.notes.join(" ") };
    };
    expect(note("36000")).toMatchObject({
      amount: 0,
      payment: "not-paid",
      note: expect.stringContaining("status B (bundled)") as string,
    });
    expect(note("22526")).toMatchObject({
      amount: 0,
      payment: "not-paid",
      note: expect.stringContaining("status N (non-covered)") as string,
    });
    expect(note("99358")).toMatchObject({
      amount: 0,
      payment: "not-paid",
      note: expect.stringContaining("status I (not valid for Medicare") as string,
    });
    expect(note("11055").amount).toBeGreaterThan(0);
    expect(note("11055").note).toContain("status R (restricted coverage)");
    expect(note("36591").note).toContain("status T (injection)");
  });

  it("status T is bundled when another PFS service is paid the same day", () => {
    const alone = priceClaimLines(ref, [{ code: "36591", modifiers: [], units: 1 }], office2025);
    expect(alone.total).toBeGreaterThan(0);
    const withVisit = priceClaimLines(
      ref,
      [
        { code: "36591", modifiers: [], units: 1 },
        { code: "99213", modifiers: [], units: 1 },
      ],
      office2025,
    );
    expect(withVisit.lines[0]!.allowed).toBe(0);
  });

  it("a setting the RVU file marks NA is a typed soft miss (NotPricedError), not a message to match", () => {
    expect(() => medicareAmount(ref, { code: "77003", year: 2025, setting: "facility" })).toThrow(
      NotPricedError,
    );
  });
});
