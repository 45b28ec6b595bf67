import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { BenchmarkResult } from "../../analyze/benchmark/benchmark-types.js";
import { niceTicks, renderDistributionChart, wrapWords } from "./distribution-chart-svg.js";

async function fixtureResult(): Promise<BenchmarkResult> {
  const text = await readFile(
    new URL("fixtures/publication-64491-real-and-synthetic-payers.json", import.meta.url),
    "utf8",
  );
  return (JSON.parse(text) as { parts: { benchmark: BenchmarkResult } }).parts.benchmark;
}

describe("renderDistributionChart(result)", () => {
  it("never cuts a payer name: long labels wrap whole onto several lines", async () => {
    const result = await fixtureResult();
    const long = "Chesapeake Community Health Plan of the Mid-Atlantic Region";
    const payers = result.payers.map((row, index) => (index === 0 ? { ...row, payer: long } : row));
    const svg = renderDistributionChart({ ...result, payers })!;
    expect(svg).not.toContain("…");
    const spans = [...svg.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((match) => match[1]);
    expect(spans.join(" ")).toContain(long);
  });

  it("tells a real and a synthetic row of the same payer apart by the marker, not a cut setting", async () => {
    const result = await fixtureResult();
    const real = result.payers.find((row) => !row.synthetic)!;
    const twin = { ...real, synthetic: true };
    const svg = renderDistributionChart({ ...result, payers: [...result.payers, twin] })!;
    expect(svg).toContain(`>${real.payer}</tspan>`);
    expect(svg).not.toMatch(/– professional, faci/);
  });

  it("wraps words at the width and keeps a long word whole", () => {
    expect(wrapWords("CareFirst BCBS professional facility", 16)).toEqual([
      "CareFirst BCBS",
      "professional",
      "facility",
    ]);
    expect(wrapWords("Supercalifragilistic plan", 8)).toEqual(["Supercalifragilistic", "plan"]);
  });

  it("draws one box per payer row and one Medicare line per setting", async () => {
    const svg = renderDistributionChart(await fixtureResult())!;
    expect(svg.match(/<g class="series/g)).toHaveLength(4);
    expect(svg.match(/class="medicare-line"/g)).toHaveLength(2);
    expect(svg).toContain("Medicare 2025 non-facility $94.78");
  });

  it("places the box edges at p25 and p75 on the shared axis", async () => {
    const result = await fixtureResult();
    const svg = renderDistributionChart(result)!;
    // Axis: 0 at x=270, axis maximum at x=736; CareFirst p25 = p50 = 133.11, p75 = 140.12.
    const axisMax = Math.max(
      ...niceTicks(Math.max(...result.payers.map((row) => row.stats.p90), 94.78)),
    );
    const x = (value: number): number => Math.round((270 + (value / axisMax) * 466) * 10) / 10;
    expect(svg).toContain(`<rect x="${x(133.11)}"`);
  });

  it("escapes payer names and labels by construction (hono/jsx), in text and attributes", async () => {
    const result = await fixtureResult();
    const hostile = `Plan "A" & <script>alert('x')</script>`;
    const payers = result.payers.map((row, index) =>
      index === 0 ? { ...row, payer: hostile } : row,
    );
    const svg = renderDistributionChart({ ...result, payers })!;
    expect(svg).not.toContain("<script>");
    expect(svg).toContain(
      'data-payer="Plan &quot;A&quot; &amp; &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"',
    );
    expect(svg).toContain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</tspan>");
  });

  it("returns null when no payer has dollar rates", async () => {
    const result = await fixtureResult();
    expect(renderDistributionChart({ ...result, payers: [] })).toBeNull();
  });
});

describe("niceTicks(max)", () => {
  it("covers the maximum with round steps", () => {
    expect(niceTicks(231.9)).toEqual([0, 50, 100, 150, 200, 250]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });
});
