import { describe, expect, it } from "vitest";
import { bilateralPayerFormat } from "./bilateral-payer-format.js";
import { claim, line, runRule } from "../testing/rule-test-kit.js";

describe("bilateralPayerFormat", () => {
  it("bilateral-payer-format-medicare-cites-iom-100-04-ch12-40-7: RT + LT lines for Medicare cite the claims manual, not the MAC notice", () => {
    const [finding] = runRule(
      bilateralPayerFormat,
      claim({ lines: [line("64490-RT"), line("64490-LT")] }),
    );
    expect(finding).toMatchObject({ severity: "warning", source: { key: "MCPM-40.7" } });
    expect(finding!.source.title).toContain("IOM 100-04) ch.12 §40.7");
  });
  it("flags -50 for an RT/LT payer, citing the payer policy", () => {
    expect(
      runRule(bilateralPayerFormat, claim({ payer: "Side Payer", lines: [line("64490-50")] })),
    ).toMatchObject([{ source: { key: "TEST-SIDES" } }]);
  });
  it("accepts each payer's own format and unknown payers", () => {
    expect(runRule(bilateralPayerFormat, claim({ lines: [line("64490-50")] }))).toEqual([]);
    expect(
      runRule(
        bilateralPayerFormat,
        claim({ payer: "Side Payer", lines: [line("64490-RT"), line("64490-LT")] }),
      ),
    ).toEqual([]);
    expect(
      runRule(
        bilateralPayerFormat,
        claim({ payer: "Unknown Health", lines: [line("64490-RT"), line("64490-LT")] }),
      ),
    ).toEqual([]);
  });
});
