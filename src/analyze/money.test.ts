import { describe, expect, it } from "vitest";
import { formatAmount, formatUsd } from "./money.js";

describe("formatUsd / formatAmount", () => {
  it("writes en-US dollars with cents and thousands separators, whatever the locale", () => {
    expect([formatUsd(94.78), formatUsd(0.5), formatUsd(1234.5), formatUsd(-3.5)]).toEqual([
      "$94.78",
      "$0.50",
      "$1,234.50",
      "-$3.50",
    ]);
    expect([formatAmount(57.575), formatAmount(12345.678)]).toEqual(["57.58", "12,345.68"]);
  });
});
