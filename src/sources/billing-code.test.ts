import { describe, expect, it } from "vitest";
import { isBillingCode, parseBillingCode } from "./billing-code.js";

describe("parseBillingCode", () => {
  it("accepts five digits or letters, trimmed and upper-cased", () => {
    expect(["64491", " g0260 ", "0213t", "GXXX1"].map(parseBillingCode)).toEqual([
      "64491",
      "G0260",
      "0213T",
      "GXXX1",
    ]);
  });

  it("rejects anything else", () => {
    expect(["6449", "644911", "64-91", "", "99213 1"].map(parseBillingCode)).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(isBillingCode("g0260")).toBe(false);
  });
});
