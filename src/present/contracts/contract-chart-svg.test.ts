import { describe, expect, it } from "vitest";
import type { LineEvaluation, MarketStats } from "../../analyze/contracts/contract-types.js";
import { chartScale, contractChartSvg } from "./contract-chart-svg.js";

const stats = (
  p25: number,
  median: number,
  p75: number,
  p90: number,
  synthetic = false,
): MarketStats => ({ n: 12, p25, median, p75, p90, synthetic });

function line(overrides: Partial<LineEvaluation> = {}): LineEvaluation {
  return {
    row: 2,
    payer: "CareFirst",
    code: "64493",
    modifier: "",
    setting: "nonfacility",
    rate: 190,
    rateBasis: "dollars",
    volume: 100,
    samePayer: stats(200, 220, 240, 260),
    allPayers: stats(180, 230, 260, 300),
    byPayer: [
      { payer: "Aetna (synthetic)", stats: stats(210, 230, 250, 270, true) },
      { payer: "CareFirst BCBS", stats: stats(200, 220, 240, 260) },
    ],
    medicare: { amount: 183.85, year: 2025, locality: "12302-01" },
    percentOfMedicare: 103.3,
    marketPercentile: 11,
    annualGapToMedian: 4000,
    annualGapToP75: 7000,
    offer: null,
    warnings: [],
    ...overrides,
  };
}

describe("contractChartSvg", () => {
  it("draws a series per payer plus all payers, the rate and Medicare at their places on one scale", () => {
    const l = line();
    const svg = contractChartSvg(l) ?? "";
    expect(svg.match(/<g class="series/g)).toHaveLength(3);
    expect(svg).toContain('class="series synthetic"');
    const x = chartScale(l);
    // The scale runs from 0.9 × the smallest value shown to 1.05 × the largest.
    expect(x(0.9 * 180)).toBeCloseTo(170, 9);
    expect(x(1.05 * 300)).toBeCloseTo(640 - 24, 9);
    expect(svg).toContain(`<g class="your-rate"><line x1="${x(190).toFixed(1)}"`);
    expect(svg).toContain(`<g class="medicare"><line x1="${x(183.85).toFixed(1)}"`);
    expect(svg).toContain("Medicare $183.85");
  });
  it("has no chart without market rates, and escapes payer names", () => {
    expect(contractChartSvg(line({ allPayers: null, byPayer: [] }))).toBeNull();
    expect(
      contractChartSvg(
        line({ byPayer: [{ payer: "A&B <Plan>", stats: stats(200, 210, 220, 230) }] }),
      ),
    ).toContain("A&amp;B &lt;Plan&gt;");
  });
});
