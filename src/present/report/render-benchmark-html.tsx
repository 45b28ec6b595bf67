/**
 * HTML for the "Reimbursement benchmarks" and "Methods and sources" sections of a publication
 * (also shown by the benchmark explorer). In hono/jsx: every value (payer names, filters, file
 * names, cleaning rules) is escaped by construction; the only raw markup is the distribution
 * chart, our own renderer's SVG. Elements stand on lines as in the saved publications.
 */
import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import type {
  BenchmarkResult,
  GroupBenchmark,
  PayerBenchmark,
} from "../../analyze/benchmark/benchmark-types.js";
import type { ReferenceSource } from "../../analyze/reference/reference-types.js";
import { renderDistributionChart } from "./distribution-chart-svg.js";
import { formatUsd } from "../../analyze/money.js";
import { formatCount, formatPercent, formatRatio } from "./format-numbers.js";
import { settingLabel } from "./payer-label.js";
import { describeFilters } from "./describe-filters.js";
import { pooledRowName, releaseCell, releaseLabel, rowReleases } from "./payer-releases.js";
import { compareSettings, settingGroups } from "./setting-groups.js";
import { jsxMarkup } from "../jsx-markup.js";

/** Table order: by setting (as in the chart), highest median first; rows without rates last. */
export function orderedRows(result: BenchmarkResult): PayerBenchmark[] {
  return [
    ...settingGroups(result.payers).flatMap((group) => group.rows),
    ...result.payers.filter((row) => row.stats.count === 0),
  ];
}

/** The benchmark section as markup text (callers outside JSX, and the section's tests). */
export function renderBenchmarkHtml(
  result: BenchmarkResult | null,
  sentences: readonly string[],
): string {
  return jsxMarkup(<BenchmarkSection result={result} sentences={sentences} />);
}

/** The methods-and-sources section as markup text. */
export function renderMethodsHtml(
  result: BenchmarkResult | null,
  references: readonly ReferenceSource[],
  missing: readonly string[],
): string {
  return jsxMarkup(<MethodsSection result={result} references={references} missing={missing} />);
}

/** Children separated by newlines (no newline before the first or after the last). */
function joinLines(children: readonly Child[]): Child[] {
  return children.flatMap((child, index) => (index === 0 ? [child] : ["\n", child]));
}

function Marker() {
  return <span class="synthetic-marker">synthetic</span>;
}

/** " synthetic" marker after a name, when the row is synthetic. */
function SyntheticMark({ synthetic }: { synthetic: boolean }) {
  return synthetic ? (
    <>
      {" "}
      <Marker />
    </>
  ) : null;
}

function Num({ text }: { text: string }) {
  return <td class="num">{text}</td>;
}

/** The benchmark section: sentences, chart, payer table, Medicare table, non-dollar rates. */
export function BenchmarkSection({
  result,
  sentences,
}: {
  result: BenchmarkResult | null;
  sentences: readonly string[];
}) {
  if (result === null) {
    return (
      <p class="missing">
        No benchmark could be computed for this code: no negotiated rates are loaded in the store.
      </p>
    );
  }
  const chart = renderDistributionChart(result);
  return (
    <>
      {joinLines([
        <p class="muted">Filters: {describeFilters(result)}.</p>,
        <ul class="sentences">
          {sentences.map((sentence) => (
            <li>{sentence}</li>
          ))}
        </ul>,
        chart === null ? (
          <p class="missing">No chart: no payer has dollar rates for these filters.</p>
        ) : (
          // Raw: the distribution chart's own SVG, built in hono/jsx (every value escaped there).
          <figure class="chart-wrap">{raw(chart)}</figure>
        ),
        <PayerTable result={result} />,
        <CommercialLine result={result} />,
        <MedicareTable result={result} />,
        <NonDollar result={result} />,
      ])}
    </>
  );
}

const PAYER_HEADER = [
  "Payer",
  "Setting",
  "Released",
  "Rates",
  "TINs",
  "NPIs",
  "Mean",
  "p10",
  "p25",
  "Median",
  "p75",
  "p90",
  "Min",
  "Max",
  "IQR",
  "CV",
  "Mean % of Medicare",
  "Median % of Medicare",
];
const NUMERIC_COLUMNS = new Set(PAYER_HEADER.slice(3));

function PayerTable({ result }: { result: BenchmarkResult }) {
  if (result.payers.length === 0) {
    return <p class="missing">No payer rates are loaded for these filters.</p>;
  }
  const rows = [
    ...orderedRows(result).map((row) => <PayerRow result={result} row={row} />),
    ...(result.groups ?? [])
      .filter((group) => group.stats.count > 0)
      .sort(compareSettings)
      .map((group) => <GroupRow result={result} group={group} />),
  ];
  return (
    <div class="table-wrap">
      <table class="benchmark-table">
        {"\n"}
        <thead>
          <tr>
            {PAYER_HEADER.map((name) => (
              <th class={NUMERIC_COLUMNS.has(name) ? "num" : undefined}>{name}</th>
            ))}
          </tr>
        </thead>
        {"\n"}
        <tbody>
          {"\n"}
          {joinLines(rows)}
          {"\n"}
        </tbody>
      </table>
    </div>
  );
}

function PayerRow({ result, row }: { result: BenchmarkResult; row: PayerBenchmark }) {
  const others = row.reportingEntities.filter((entity) => entity !== row.payer);
  const old = rowReleases(result, row).olderThanMedicare;
  return (
    <StatsRow
      className={`payer-row${row.synthetic ? " synthetic" : ""}`}
      name={
        <>
          {row.payer}
          <SyntheticMark synthetic={row.synthetic} />
          {others.length > 0 ? (
            <>
              <br />
              <span class="muted">{others.join("; ")}</span>
            </>
          ) : null}
        </>
      }
      row={row}
      released={<td class={old ? "stale" : undefined}>{releaseLabel(result, row)}</td>}
    />
  );
}

/** A pooled row ("All commercial", "BUCA") of one setting. */
function GroupRow({ result, group }: { result: BenchmarkResult; group: GroupBenchmark }) {
  return (
    <StatsRow
      className={`pooled-row${group.synthetic ? " synthetic" : ""}`}
      name={
        <>
          <strong>{pooledRowName(result, group)}</strong> (pooled)
          <SyntheticMark synthetic={group.synthetic} />
        </>
      }
      row={group}
      released={<td>–</td>}
    />
  );
}

interface StatsRowData {
  billingClass: string | null;
  facilityClass: PayerBenchmark["facilityClass"];
  modifiers?: string;
  providerTins: number;
  providerNpis: number;
  providerGroupRefs?: number;
  stats: PayerBenchmark["stats"];
  percentOfMedicare: PayerBenchmark["percentOfMedicare"];
}

function StatsRow({
  className,
  name,
  row,
  released,
}: {
  className: string;
  name: Child;
  row: StatsRowData;
  released: Child;
}) {
  const s = row.stats;
  const percent = row.percentOfMedicare;
  const values = [
    ...(s.count > 0
      ? [s.mean, s.p10, s.p25, s.median, s.p75, s.p90, s.min, s.max, s.iqr].map((value) =>
          formatUsd(value),
        )
      : Array.from({ length: 9 }, () => "–")),
    s.count > 0 ? formatRatio(s.cv) : "–",
    percent === null ? "no Medicare match" : formatPercent(percent.mean),
    percent === null ? "–" : formatPercent(percent.median),
  ];
  return (
    <tr class={className}>
      <td>{name}</td>
      <td>{settingLabel(row)}</td>
      {released}
      <Num text={formatCount(s.count)} />
      <ProviderCells row={row} />
      {values.map((text) => (
        <Num text={text} />
      ))}
    </tr>
  );
}

/**
 * TIN and NPI counts. Where the file's provider references could not be resolved (remote
 * references, offline) no TIN or NPI is known: say so and show the distinct references instead of 0.
 */
function ProviderCells({ row }: { row: StatsRowData }) {
  const refs = row.providerGroupRefs ?? 0;
  if (row.providerTins === 0 && row.providerNpis === 0 && refs > 0) {
    const title = `${formatCount(refs)} distinct provider references; their TINs and NPIs are in remote reference files that could not be fetched`;
    return (
      <>
        <td class="num" title={title}>
          unknown
        </td>
        <td class="num" title={title}>
          {formatCount(refs)} refs
        </td>
      </>
    );
  }
  return (
    <>
      <Num text={formatCount(row.providerTins)} />
      <Num text={formatCount(row.providerNpis)} />
    </>
  );
}

function CommercialLine({ result }: { result: BenchmarkResult }) {
  const commercial = result.commercial;
  if (commercial === null) {
    return (
      <p class="missing">No pooled commercial figure: no commercial rates for these filters.</p>
    );
  }
  const s = commercial.stats;
  const percent =
    commercial.percentOfMedicare === null
      ? "no Medicare match"
      : `${formatPercent(commercial.percentOfMedicare.mean)} of Medicare (mean)`;
  return (
    <p>
      <strong>
        {`All commercial payers pooled, all settings together${result.containsSynthetic ? " (includes synthetic rows)" : ""}:`}
      </strong>
      {` ${formatCount(s.count)} rates, mean ${formatUsd(s.mean)}, median ${formatUsd(s.median)}, p25–p75 ${formatUsd(s.p25)}–${formatUsd(s.p75)}; ${percent}.`}
    </p>
  );
}

function MedicareTable({ result }: { result: BenchmarkResult }) {
  if (result.medicare.length === 0) {
    return (
      <p class="missing">No Medicare Physician Fee Schedule amount is loaded for this code.</p>
    );
  }
  const rows = result.medicare.map((row) => {
    const localities = row.localities;
    return (
      <tr>
        <td>{row.year}</td>
        <td>{row.facilityClass === "facility" ? "facility" : "non-facility"}</td>
        <Num text={formatUsd(row.national)} />
        {localities === null ? (
          <td colspan={4}>no locality (GPCI) data for {row.year}</td>
        ) : (
          <>
            <Num text={formatCount(localities.count)} />
            <Num text={formatUsd(localities.min)} />
            <Num text={formatUsd(localities.median)} />
            <Num text={formatUsd(localities.max)} />
          </>
        )}
        <td>{row.source}</td>
      </tr>
    );
  });
  return (
    <>
      <h3>Medicare Physician Fee Schedule</h3>
      {"\n"}
      <div class="table-wrap">
        <table class="medicare-table">
          <thead>
            <tr>
              <th>Year</th>
              <th>Setting</th>
              <th class="num">National</th>
              <th class="num">Localities</th>
              <th class="num">Lowest</th>
              <th class="num">Median</th>
              <th class="num">Highest</th>
              <th>Source</th>
            </tr>
          </thead>
          {"\n"}
          <tbody>{joinLines(rows)}</tbody>
        </table>
      </div>
    </>
  );
}

function NonDollar({ result }: { result: BenchmarkResult }) {
  const { percentage, perDiem } = result.nonDollar;
  if (percentage.count === 0 && perDiem.count === 0) {
    return (
      <p class="muted">No percentage-of-charges or per-diem rates were found for this code.</p>
    );
  }
  const median = (value: number | null, format: (n: number) => string): string =>
    value === null ? "no median" : `median ${format(value)}`;
  return (
    <p class="muted">
      {`Kept apart, not averaged with dollars: ${formatCount(percentage.count)} percentage-of-billed-charges rates (${median(percentage.median, (n) => `${n.toFixed(1)} %`)}) and ${formatCount(perDiem.count)} per-diem rates (${median(perDiem.median, formatUsd)}).`}
    </p>
  );
}

/** The methods-and-sources section: files, hashes, cleaning counts, reference editions, gaps. */
export function MethodsSection({
  result,
  references,
  missing,
}: {
  result: BenchmarkResult | null;
  references: readonly ReferenceSource[];
  missing: readonly string[];
}) {
  const parts: Child[] = [];
  if (result !== null) {
    parts.push(<h3>Rate files</h3>, <SourcesTable result={result} />);
    parts.push(<h3>Cleaning, in the order applied</h3>, <CleaningTable result={result} />);
  }
  if (result?.settings !== undefined) {
    const year = result.medicareYear;
    parts.push(
      <p class="muted">
        Cleaning settings in force
        {year === undefined || year === null ? "" : `; Medicare fee-schedule year ${year}`}:{" "}
        {Object.entries(result.settings).map(([key, value], index) => (
          <>
            {index === 0 ? null : ", "}
            <code>{key}</code> = {String(value)}
          </>
        ))}
        .
      </p>,
    );
  }
  parts.push(
    <h3>Reference data</h3>,
    references.length === 0 ? (
      <p class="missing">No reference files are recorded for this page.</p>
    ) : (
      <ul>
        {references.map((source) => (
          <li>
            {source.url === undefined ? source.file : <a href={source.url}>{source.file}</a>},
            edition {source.edition}
            {source.sha256 === undefined ? null : (
              <>
                , SHA-256 <span class="hash">{source.sha256}</span>
              </>
            )}
          </li>
        ))}
      </ul>
    ),
  );
  parts.push(
    <h3>What is missing</h3>,
    missing.length === 0 ? (
      <p>Nothing reported missing.</p>
    ) : (
      <ul class="missing-list">
        {missing.map((line) => (
          <li>{line}</li>
        ))}
      </ul>
    ),
  );
  return <>{joinLines(parts)}</>;
}

function SourcesTable({ result }: { result: BenchmarkResult }) {
  if (result.sources.length === 0) {
    return <p class="missing">No rate file contributed to this benchmark.</p>;
  }
  const rows = result.sources.map((source) => (
    <tr class={source.synthetic ? "synthetic" : undefined}>
      <td>
        {source.reportingEntityName ?? "reporting entity not stated"}
        <SyntheticMark synthetic={source.synthetic} />
        <br />
        <code>{source.location}</code>
      </td>
      <td>{source.lastUpdatedOn ?? "not stated"}</td>
      <td>{releaseCell(source)}</td>
      <td>{source.ingestedAt}</td>
      <Num text={formatCount(source.rates)} />
      <td class="hash">{source.sha256}</td>
    </tr>
  ));
  return (
    <div class="table-wrap">
      <table class="sources-table">
        <thead>
          <tr>
            <th>File</th>
            <th>Last updated (as written)</th>
            <th>Release</th>
            <th>Ingested</th>
            <th class="num">Rates used</th>
            <th>SHA-256</th>
          </tr>
        </thead>
        {"\n"}
        <tbody>{joinLines(rows)}</tbody>
      </table>
    </div>
  );
}

function CleaningTable({ result }: { result: BenchmarkResult }) {
  if (result.cleaning.length === 0) {
    return <p class="missing">The benchmark reported no cleaning steps.</p>;
  }
  const rows = result.cleaning.map((step) => {
    const parameters =
      step.parameters === undefined
        ? ""
        : Object.entries(step.parameters)
            .map(
              ([key, value]) =>
                `${key}=${typeof value === "number" ? formatParameter(value) : value}`,
            )
            .join(", ");
    return (
      <tr>
        <td>
          <code>{step.ruleId}</code>
        </td>
        <td>
          {step.description}
          {parameters === "" ? null : (
            <>
              <br />
              <span class="muted">{parameters}</span>
            </>
          )}
        </td>
        <Num text={formatCount(step.removed)} />
        <Num text={formatCount(step.remaining)} />
      </tr>
    );
  });
  return (
    <div class="table-wrap">
      <table class="cleaning-table">
        <thead>
          <tr>
            <th>Rule</th>
            <th>What it does</th>
            <th class="num">Removed</th>
            <th class="num">Remaining</th>
          </tr>
        </thead>
        {"\n"}
        <tbody>{joinLines(rows)}</tbody>
      </table>
    </div>
  );
}

function formatParameter(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
