/**
 * The benchmark explorer: a filter form (plain GET, so every view is a shareable URL and works
 * without script) and, when a code is given, the benchmark rendered exactly as on the
 * publication (sentences, chart, table).
 */
import type { BenchmarkFilters, BenchmarkResult } from "../../analyze/benchmark/benchmark-types.js";
import { benchmarkSentences } from "../report/benchmark-sentences.js";
import { escapeHtml } from "../report/escape-html.js";
import { renderPage } from "../report/html-page.js";
import { renderBenchmarkHtml } from "../report/render-benchmark-html.js";
import { SITE_NAV } from "./site-nav.js";

/** Renders the explorer with the filters as entered and the result (null before a search). */
export function renderExplorerPage(filters: BenchmarkFilters | null, result: BenchmarkResult | null): string {
  const value = (text: string | undefined): string => escapeHtml(text ?? "");
  const selected = (current: string | undefined, option: string): string => (current === option ? " selected" : "");
  const form = `<form class="filters" method="get" action="/explorer">
<label>Code <input name="code" required pattern="[A-Za-z0-9]{5}" size="7" value="${value(filters?.codes[0])}"></label>
<label>Payers (comma list) <input name="payer" size="24" value="${value(filters?.payers?.join(", "))}"></label>
<label>States <input name="state" size="8" value="${value(filters?.states?.join(", "))}"></label>
<label>Market <input name="market" size="14" placeholder="cbsa:12580" value="${value(filters?.market)}"></label>
<label>Setting <select name="setting"><option value="">any</option><option value="facility"${selected(filters?.facilityClass, "facility")}>facility</option><option value="nonfacility"${selected(filters?.facilityClass, "nonfacility")}>non-facility</option></select></label>
<label>Billing class <select name="billingClass"><option value="">any</option><option value="professional"${selected(filters?.billingClass, "professional")}>professional</option><option value="institutional"${selected(filters?.billingClass, "institutional")}>institutional</option></select></label>
<label>Modifier <input name="modifier" size="4" value="${value(filters?.modifier)}"></label>
<label>Synthetic data <select name="synthetic"><option value="true"${filters?.includeSynthetic === false ? "" : " selected"}>include, labelled</option><option value="false"${filters?.includeSynthetic === false ? " selected" : ""}>exclude</option></select></label>
<button type="submit">Show benchmark</button>
</form>`;
  const results = result === null ? `<p class="muted">Enter a code (for example 64491) and filters to see the benchmark.</p>` : `<h2>${escapeHtml(result.billingCode)}</h2>\n${renderBenchmarkHtml(result, benchmarkSentences(result))}`;
  return renderPage({ title: "Benchmark explorer · ratelens", body: `<h1>Benchmark explorer</h1>\n${form}\n${results}`, synthetic: result?.containsSynthetic ?? false, nav: SITE_NAV });
}

/** The form's fields as a query reader: empty fields mean "no filter". */
export function explorerQuery(url: URL): (name: string) => string[] {
  return (name) => url.searchParams.getAll(name).filter((entry) => entry.trim() !== "");
}
