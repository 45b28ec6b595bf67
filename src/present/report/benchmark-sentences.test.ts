import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { BenchmarkResult } from "../../analyze/benchmark/benchmark-types.js";
import { benchmarkSentences } from "./benchmark-sentences.js";

async function fixtureResult(): Promise<BenchmarkResult> {
  const text = await readFile(
    new URL("fixtures/publication-64491-real-and-synthetic-payers.json", import.meta.url),
    "utf8",
  );
  return (JSON.parse(text) as { parts: { benchmark: BenchmarkResult } }).parts.benchmark;
}

describe("benchmarkSentences(result)", () => {
  it("names the payer with the highest and lowest mean from the numbers", async () => {
    const result = await fixtureResult();
    const sentences = benchmarkSentences(result);
    expect(sentences[0]).toBe(
      "Professional, non-facility: CareFirst BlueCross BlueShield has the highest mean rate, $182.84 (71 rates), and Summit Mutual (synthetic) the lowest, $118.90 (36 rates). The highest mean is 1.54 times the lowest.",
    );
  });

  it("compares payers only within a setting", async () => {
    const sentences = benchmarkSentences(await fixtureResult());
    expect(sentences).toContain(
      "Professional, facility: only Summit Mutual (synthetic) has rates: a mean of $79.50 over 7 rates.",
    );
    expect(sentences.filter((sentence) => sentence.includes("highest mean"))).toHaveLength(1);
  });

  it("follows the numbers when they change (no hand-written figures)", async () => {
    const result = await fixtureResult();
    const raised = {
      ...result,
      payers: result.payers.map((row) =>
        row.payer === "Northwind Health" ? { ...row, stats: { ...row.stats, mean: 999.5 } } : row,
      ),
    };
    expect(benchmarkSentences(raised)[0]).toMatch(
      /^Professional, non-facility: Northwind Health \(synthetic\) has the highest mean rate, \$999\.50/,
    );
  });

  it("states how far the commercial average is above Medicare, per setting", async () => {
    const sentences = benchmarkSentences(await fixtureResult());
    expect(sentences).toContain(
      "Professional, non-facility: all commercial rates pooled (155 rates, synthetic included) average $160.10, median $133.11. Against Medicare's national $94.78 the average is $65.32 higher (169 % of it). Rate by rate against the Medicare amount of each provider's locality (national where the locality is not known), rates average 169 % of Medicare, 69 % above Medicare (median 140 %).",
    );
    // Without per-setting pooled rows, the result's overall commercial figure is used.
    expect(benchmarkSentences({ ...(await fixtureResult()), groups: undefined })).toContain(
      "All commercial rates pooled (162 rates) average $157.60, median $133.11. Rate by rate against the Medicare amount of each provider's locality (national where the locality is not known), rates average 176 % of Medicare, 76 % above Medicare (median 140 %).",
    );
  });

  it("never prints a percentage beside the national amount that is not mean / national", async () => {
    const result = await fixtureResult();
    // The defect: "$146.89 … 161 % of the matching Medicare amount … above the national $94.78",
    // where 146.89 / 94.78 is 155 %: the locality-matched mean ratio sat beside the national gap.
    const groups = (result.groups ?? []).map((group) =>
      group.group === "All commercial"
        ? { ...group, stats: { ...group.stats, mean: 146.89 }, medicareNational: 94.78 }
        : group,
    );
    const sentence = benchmarkSentences({ ...result, groups }).find((line) =>
      line.includes("national $94.78"),
    )!;
    expect(sentence).toContain("the average is $52.11 higher (155 % of it)");
  });

  it("names the most and least dispersed payers by coefficient of variation", async () => {
    const sentences = benchmarkSentences(await fixtureResult());
    const dispersion = sentences.find((sentence) => sentence.includes("most dispersed"));
    expect(dispersion).toMatch(
      /^Professional, non-facility: CareFirst BlueCross BlueShield is the most dispersed \(coefficient of variation 0\.77/,
    );
    expect(dispersion).toMatch(/; Summit Mutual \(synthetic\) the least \(0\.23, \$39\.20\)\.$/);
  });

  it("flags small samples and labels synthetic data", async () => {
    const sentences = benchmarkSentences(await fixtureResult());
    expect(
      sentences.some(
        (sentence) => sentence.startsWith("Small samples") && sentence.includes("(7)"),
      ),
    ).toBe(true);
    expect(sentences.some((sentence) => sentence.includes("generated demo data"))).toBe(true);
  });

  it("says there are no rates instead of inventing any", async () => {
    const result = await fixtureResult();
    expect(benchmarkSentences({ ...result, payers: [] })).toEqual([
      "No negotiated dollar rates for 64491 are loaded for these filters, so no payer figures are shown.",
    ]);
  });

  it("gives no percentage of Medicare when no Medicare amount matched", async () => {
    const result = await fixtureResult();
    const sentences = benchmarkSentences({
      ...result,
      groups: undefined,
      commercial: { stats: result.commercial!.stats, percentOfMedicare: null },
    });
    expect(
      sentences.some((sentence) => sentence.includes("no matching Medicare amount is loaded")),
    ).toBe(true);
    const institutional = benchmarkSentences({
      ...result,
      groups: result.groups!.map((group) => ({ ...group, percentOfMedicare: null })),
    });
    expect(
      institutional.filter((sentence) =>
        sentence.endsWith(
          "no Medicare amount matches this setting, so no percentage of Medicare is given.",
        ),
      ),
    ).toHaveLength(2);
  });
});
