/**
 * The benchmark explorer: a filter form (plain GET, so every view is a shareable URL and works
 * without script) and, when a code is given, the benchmark rendered exactly as on the
 * publication (sentences, chart, table). Written in hono/jsx: values are escaped by construction.
 */
import type { BenchmarkFilters, BenchmarkResult } from "../../analyze/benchmark/benchmark-types.js";
import { benchmarkSentences } from "../report/benchmark-sentences.js";
import { renderBenchmarkHtml } from "../report/render-benchmark-html.js";
import { PageFrame, renderDocument } from "./page-frame.js";
import { SourceRowsTable } from "./source-rows-table.js";

function Choice({
  current,
  value,
  label,
}: {
  current: string | undefined;
  value: string;
  label: string;
}) {
  return (
    <option value={value} selected={current === value}>
      {label}
    </option>
  );
}

function FilterForm({ filters }: { filters: BenchmarkFilters | null }) {
  const excluded = filters?.includeSynthetic === false;
  return (
    <form class="filters" method="get" action="/explorer">
      <label>
        Code{" "}
        <input
          name="code"
          required
          pattern="[A-Za-z0-9]{5}"
          size={7}
          value={filters?.codes[0] ?? ""}
        />
      </label>
      <label>
        Payers (comma list){" "}
        <input name="payer" size={24} value={filters?.payers?.join(", ") ?? ""} />
      </label>
      <label>
        States <input name="state" size={8} value={filters?.states?.join(", ") ?? ""} />
      </label>
      <label>
        Market{" "}
        <input name="market" size={14} placeholder="cbsa:12580" value={filters?.market ?? ""} />
      </label>
      <label>
        Setting{" "}
        <select name="setting">
          <option value="">any</option>
          <Choice current={filters?.facilityClass} value="facility" label="facility" />
          <Choice current={filters?.facilityClass} value="nonfacility" label="non-facility" />
        </select>
      </label>
      <label>
        Billing class{" "}
        <select name="billingClass">
          <option value="">any</option>
          <Choice current={filters?.billingClass} value="professional" label="professional" />
          <Choice current={filters?.billingClass} value="institutional" label="institutional" />
        </select>
      </label>
      <label>
        Modifier <input name="modifier" size={4} value={filters?.modifier ?? ""} />
      </label>
      <label>
        Synthetic data{" "}
        <select name="synthetic">
          <option value="true" selected={!excluded}>
            include, labelled
          </option>
          <option value="false" selected={excluded}>
            exclude
          </option>
        </select>
      </label>
      <label>
        Source{" "}
        <select name="source">
          <Choice current={filters?.source ?? "payer"} value="payer" label="payer TiC files" />
          <Choice current={filters?.source} value="hospital" label="hospital files" />
          <Choice current={filters?.source} value="both" label="both, side by side" />
        </select>
      </label>
      <button type="submit">Show benchmark</button>
    </form>
  );
}

/** Renders the explorer with the filters as entered and the result (null before a search). */
export function renderExplorerPage(
  filters: BenchmarkFilters | null,
  result: BenchmarkResult | null,
): string {
  return renderDocument(
    <PageFrame title="Benchmark explorer · ratelens" synthetic={result?.containsSynthetic ?? false}>
      <h1>Benchmark explorer</h1>
      <FilterForm filters={filters} />
      {result === null ? (
        <p class="muted">Enter a code (for example 64491) and filters to see the benchmark.</p>
      ) : (
        <>
          <h2>{result.billingCode}</h2>
          {/* Raw: HTML from our own publication renderer, which escapes every value it writes. */}
          <div
            dangerouslySetInnerHTML={{
              __html: renderBenchmarkHtml(result, benchmarkSentences(result)),
            }}
          />
          {result.bySource === undefined ? null : <SourceRowsTable rows={result.bySource} />}
        </>
      )}
    </PageFrame>,
  );
}

/** The form's fields as a query reader: empty fields mean "no filter". */
export function explorerQuery(url: URL): (name: string) => string[] {
  return (name) => url.searchParams.getAll(name).filter((entry) => entry.trim() !== "");
}
