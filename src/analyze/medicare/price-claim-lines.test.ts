import { beforeAll, describe, expect, it } from "vitest";
import { NotFoundError } from "../../errors.js";
import { loadBundledReferenceData } from "../reference/load-reference-data.js";
import type { ReferenceData } from "../reference/reference-types.js";
import { priceClaimLines } from "./price-claim-lines.js";

let ref: ReferenceData;
beforeAll(async () => {
  ref = await loadBundledReferenceData();
});
const office2025 = { year: 2025, setting: "nonfacility" as const };

describe("priceClaimLines", () => {
  it("prices the reference.md worked example: 64490-50 + 64491-50 = $421.65", () => {
    const claim = priceClaimLines(
      ref,
      [
        { code: "64490", modifiers: ["50"], units: 1 },
        { code: "64491", modifiers: ["50"], units: 1 },
      ],
      office2025,
    );
    expect(claim.lines.map((l) => l.allowed)).toEqual([279.48, 142.17]);
    expect(claim.total).toBe(421.65);
    expect(claim.lines[0]).toMatchObject({
      baseAmount: 186.32,
      bilateralAdjusted: 279.48,
      multipleProcedureRank: 1,
      reductionPercent: 0,
    });
    expect(claim.lines[1]).toMatchObject({
      baseAmount: 94.78,
      multipleProcedureRank: null,
      reductionPercent: 0,
    });
  });

  it("halves every primary after the highest-valued one, whatever the line order", () => {
    const claim = priceClaimLines(
      ref,
      [
        { code: "64493", modifiers: [], units: 1 },
        { code: "64490", modifiers: [], units: 1 },
      ],
      office2025,
    );
    expect(claim.lines[1]).toMatchObject({
      allowed: 186.32,
      multipleProcedureRank: 1,
      reductionPercent: 0,
    });
    expect(claim.lines[0]).toMatchObject({
      allowed: 86.04,
      multipleProcedureRank: 2,
      reductionPercent: 50,
    });
    expect(claim.total).toBe(272.36);
  });

  it("applies the bilateral adjustment before ranking (a bilateral lumbar outranks a unilateral cervical)", () => {
    const claim = priceClaimLines(
      ref,
      [
        { code: "64490", modifiers: [], units: 1 },
        { code: "64493", modifiers: ["50"], units: 1 },
      ],
      office2025,
    );
    // 64493-50 = 1.5 × 172.08 = 258.12 > 186.32 → 64490 is reduced.
    expect(claim.lines[1]).toMatchObject({
      bilateralAdjusted: 258.12,
      multipleProcedureRank: 1,
      allowed: 258.12,
    });
    expect(claim.lines[0]).toMatchObject({ multipleProcedureRank: 2, allowed: 93.16 });
  });

  it("treats an RT + LT pair, or 2 units, of a bilateral-indicator-1 code as one bilateral procedure", () => {
    const pair = priceClaimLines(
      ref,
      [
        { code: "64490", modifiers: ["RT"], units: 1 },
        { code: "64490", modifiers: ["LT"], units: 1 },
      ],
      office2025,
    );
    expect(pair.lines.map((l) => l.allowed)).toEqual([279.48, 0]);
    expect(pair.lines[1]!.explanation.join(" ")).toContain("line 1");
    const units = priceClaimLines(ref, [{ code: "64490", modifiers: [], units: 2 }], office2025);
    expect(units.total).toBe(279.48);
  });

  it("pays imaging with modifier 50 at 100 % and prices -26 / -TC rows", () => {
    const claim = priceClaimLines(
      ref,
      [
        { code: "77003", modifiers: ["50"], units: 1 },
        { code: "77012", modifiers: ["26"], units: 1 },
        { code: "77012", modifiers: ["TC"], units: 1 },
      ],
      office2025,
    );
    expect(claim.lines[0]!.allowed).toBe(claim.lines[0]!.baseAmount);
    expect(claim.lines[1]!.allowed).toBe(66.63);
    expect(claim.lines[2]!.allowed).toBeGreaterThan(0);
    expect(claim.lines.every((l) => l.multipleProcedureRank === null)).toBe(true);
  });

  it("prices a global imaging code in a facility as its professional component", () => {
    const claim = priceClaimLines(ref, [{ code: "77003", modifiers: [], units: 1 }], {
      year: 2025,
      setting: "facility",
    });
    expect(claim.lines[0]!.allowed).toBe(27.17);
    expect(claim.lines[0]!.explanation[0]).toContain("professional component");
  });

  it("uses locality GPCIs when given and multiplies units of add-ons (3 units: not read as bilateral)", () => {
    const claim = priceClaimLines(
      ref,
      [
        { code: "64483", modifiers: [], units: 1 },
        { code: "64484", modifiers: [], units: 3 },
      ],
      { ...office2025, locality: "13202-01" },
    );
    expect(claim.locality).toBe("13202-01");
    expect(claim.lines[1]!.bilateralAdjusted).toBe(
      Math.round(claim.lines[1]!.baseAmount * 300) / 100,
    );
    expect(claim.lines[1]!.multipleProcedureRank).toBeNull();
  });

  it("throws NotFoundError for a code not in the year's file", () => {
    expect(() =>
      priceClaimLines(ref, [{ code: "64482", modifiers: [], units: 1 }], office2025),
    ).toThrow(NotFoundError);
  });
});
