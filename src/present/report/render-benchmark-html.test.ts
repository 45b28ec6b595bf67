import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { BenchmarkResult } from "../../analyze/benchmark/benchmark-types.js";
import type { PublicationParts } from "./build-publication.js";
import { renderBenchmarkHtml, renderMethodsHtml } from "./render-benchmark-html.js";

async function fixtureBenchmark(): Promise<BenchmarkResult> {
  const text = await readFile(
    new URL("fixtures/publication-64491-real-and-synthetic-payers.json", import.meta.url),
    "utf8",
  );
  return (JSON.parse(text) as { parts: PublicationParts }).parts.benchmark!;
}

describe("renderBenchmarkHtml(result, sentences) / renderMethodsHtml(result, references, missing)", () => {
  it("escapes a hostile payer name, filter value, sentence and file name", async () => {
    const result = await fixtureBenchmark();
    const hostile = `<script>alert(1)</script>"onmouseover=alert(2) x='`;
    const escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;onmouseover=alert(2) x=&#39;";
    const payer = result.payers[0]!;
    const evil: BenchmarkResult = {
      ...result,
      filters: { ...result.filters, payers: [hostile], states: [hostile] },
      payers: [
        { ...payer, payer: hostile, reportingEntities: [hostile, "Other entity"] },
        ...result.payers.slice(1),
      ],
      sources: result.sources.map((source) => ({ ...source, location: hostile })),
    };
    const html = [
      renderBenchmarkHtml(evil, [hostile]),
      renderMethodsHtml(evil, [{ file: hostile, url: hostile, edition: hostile }], [hostile]),
    ].join("\n");
    expect(html).not.toContain("<script");
    expect(html).not.toContain(`"onmouseover=`);
    expect(html).not.toContain("x='");
    expect(html).toContain(`Filters: payers ${escaped}, states ${escaped},`);
    expect(html).toContain(`<tr class="payer-row"><td>${escaped}<br/>`);
    expect(html).toContain(`<li>${escaped}</li>`);
    expect(html).toContain(`<a href="${escaped}">${escaped}</a>`);
    expect(html).toContain(`data-payer="${escaped}"`);
  });

  it("says so in one cell spanning the locality columns when a year has no GPCI data", async () => {
    const result = await fixtureBenchmark();
    const row = result.medicare[0]!;
    const html = renderBenchmarkHtml({ ...result, medicare: [{ ...row, localities: null }] }, []);
    expect(html).toContain(`<td colspan="4">no locality (GPCI) data for ${row.year}</td>`);
  });
});
