/**
 * The benchmark explorer: a filter form (plain GET, so every view is a shareable URL and works
 * without script) and, when a code is given, the benchmark rendered exactly as on the
 * publication (sentences, chart, table). Written in hono/jsx: values are escaped by construction.
 */
import type { BenchmarkFilters, BenchmarkResult } from "../../analyze/benchmark/benchmark-types.js";
import type { FilterChoice, FilterChoices } from "../../analyze/benchmark/filter-choices.js";
import { benchmarkSentences } from "../report/benchmark-sentences.js";
import { BenchmarkSection } from "../report/render-benchmark-html.js";
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

/** A datalist of loaded values: the field stays free text (comma lists), the list offers what is loaded. */
function Options({ id, choices }: { id: string; choices: readonly FilterChoice[] }) {
  return (
    <datalist id={id}>
      {choices.map((choice) => (
        <option value={choice.value} label={choice.label} />
      ))}
    </datalist>
  );
}

/** Loaded settings first; both settings stay selectable so a shared URL never loses its filter. */
function settingOptions(choices: FilterChoices | undefined): FilterChoice[] {
  const all = [
    { value: "facility", label: "facility" },
    { value: "nonfacility", label: "non-facility" },
  ];
  if (choices === undefined) return all;
  const loaded = new Set(choices.settings.map((choice) => choice.value));
  return all.map((choice) =>
    loaded.has(choice.value) ? choice : { ...choice, label: `${choice.label} (none loaded)` },
  );
}

function FilterForm({
  filters,
  choices,
}: {
  filters: BenchmarkFilters | null;
  choices: FilterChoices | undefined;
}) {
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
        <input
          name="payer"
          size={24}
          list="loaded-payers"
          value={filters?.payers?.join(", ") ?? ""}
        />
      </label>
      <label>
        States{" "}
        <input
          name="state"
          size={8}
          list="loaded-states"
          value={filters?.states?.join(", ") ?? ""}
        />
      </label>
      <label>
        Market{" "}
        <input
          name="market"
          size={14}
          placeholder="cbsa:12580"
          list="loaded-markets"
          value={filters?.market ?? ""}
        />
      </label>
      <label>
        Setting{" "}
        <select name="setting">
          <option value="">any</option>
          {settingOptions(choices).map((choice) => (
            <Choice current={filters?.facilityClass} value={choice.value} label={choice.label} />
          ))}
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
        As of{" "}
        <input
          name="asOf"
          size={7}
          placeholder="YYYY-MM"
          pattern="[0-9]{4}-[0-9]{2}"
          title="Release month; empty: each payer and plan's latest release"
          value={filters?.asOf ?? ""}
        />
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
      {choices === undefined ? null : (
        <>
          <Options id="loaded-payers" choices={choices.payers} />
          <Options id="loaded-states" choices={choices.states} />
          <Options id="loaded-markets" choices={choices.markets} />
        </>
      )}
    </form>
  );
}

/** What the explorer shows beside the form and the result. */
export interface ExplorerExtras {
  /** The loaded payers, states, markets and settings (`filterChoices`), offered as pick lists. */
  choices?: FilterChoices;
  /** Our own plain-language description of the code (never the AMA descriptor); null: none curated. */
  description?: string | null;
}

/** "64491: Facet joint injection, lumbar, second level": the code named, as on its publication. */
export function explorerHeading(code: string, description: string | null | undefined): string {
  if (description === null || description === undefined) {
    return `${code}: no plain-language description curated for this code`;
  }
  // The publication's title rule: the trailing parenthetical (the CPT range) is left to the page.
  return `${code}: ${description.replace(/\s*\([^)]*\)\s*$/, "")}`;
}

/** Renders the explorer with the filters as entered and the result (null before a search). */
export function renderExplorerPage(
  filters: BenchmarkFilters | null,
  result: BenchmarkResult | null,
  extras: ExplorerExtras = {},
): string {
  return renderDocument(
    <PageFrame title="Benchmark explorer · ratelens" synthetic={result?.containsSynthetic ?? false}>
      <h1>Benchmark explorer</h1>
      <FilterForm filters={filters} choices={extras.choices} />
      {result === null ? (
        <p class="muted">Enter a code (for example 64491) and filters to see the benchmark.</p>
      ) : (
        <>
          <h2 class="result-heading">{explorerHeading(result.billingCode, extras.description)}</h2>
          <div>
            <BenchmarkSection result={result} sentences={benchmarkSentences(result)} />
          </div>
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
