import { describe, expect, it } from "vitest";
import { bilateralPayerFormat } from "./bilateral-payer-format.js";
import { claim, line, runRule } from "../testing/rule-test-kit.js";

describe("bilateralPayerFormat", () => {
  it("flags RT + LT lines for Medicare and -50 for an RT/LT payer, citing the payer policy", () => {
    expect(runRule(bilateralPayerFormat, claim({ lines: [line("64490-RT"), line("64490-LT")] }))).toMatchObject([{ severity: "warning", source: { key: "TEST-MEDICARE" } }]);
    expect(runRule(bilateralPayerFormat, claim({ payer: "Side Payer", lines: [line("64490-50")] }))).toMatchObject([{ source: { key: "TEST-SIDES" } }]);
  });
  it("accepts each payer's own format and unknown payers", () => {
    expect(runRule(bilateralPayerFormat, claim({ lines: [line("64490-50")] }))).toEqual([]);
    expect(runRule(bilateralPayerFormat, claim({ payer: "Side Payer", lines: [line("64490-RT"), line("64490-LT")] }))).toEqual([]);
    expect(runRule(bilateralPayerFormat, claim({ payer: "Unknown Health", lines: [line("64490-RT"), line("64490-LT")] }))).toEqual([]);
  });
});
