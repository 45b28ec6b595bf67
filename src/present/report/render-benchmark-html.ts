/**
 * HTML for the "Reimbursement benchmarks" and "Methods and sources" sections of a publication.
 */
import type {
  BenchmarkResult,
  GroupBenchmark,
  PayerBenchmark,
} from "../../analyze/benchmark/benchmark-types.js";
import type { ReferenceSource } from "../../analyze/reference/reference-types.js";
import { renderDistributionChart } from "./distribution-chart-svg.js";
import { escapeHtml } from "./escape-html.js";
import { formatUsd } from "../../analyze/money.js";
import { formatCount, formatPercent, formatRatio } from "./format-numbers.js";
import { settingLabel } from "./payer-label.js";
import { describeFilters } from "./describe-filters.js";
import { pooledRowName, releaseLabel, rowReleases } from "./payer-releases.js";
import { compareSettings, settingGroups } from "./setting-groups.js";

/** Table order: by setting (as in the chart), highest median first; rows without rates last. */
export function orderedRows(result: BenchmarkResult): PayerBenchmark[] {
  return [
    ...settingGroups(result.payers).flatMap((group) => group.rows),
    ...result.payers.filter((row) => row.stats.count === 0),
  ];
}

const MARKER = `<span class="synthetic-marker">synthetic</span>`;

/** The benchmark section: sentences, chart, payer table, Medicare table, non-dollar rates. */
export function renderBenchmarkHtml(
  result: BenchmarkResult | null,
  sentences: readonly string[],
): string {
  if (result === null) {
    return `<p class="missing">No benchmark could be computed for this code: no negotiated rates are loaded in the store.</p>`;
  }
  const chart = renderDistributionChart(result);
  const parts = [
    `<p class="muted">Filters: ${escapeHtml(describeFilters(result))}.</p>`,
    `<ul class="sentences">${sentences.map((sentence) => `<li>${escapeHtml(sentence)}</li>`).join("")}</ul>`,
    chart === null
      ? `<p class="missing">No chart: no payer has dollar rates for these filters.</p>`
      : `<figure class="chart-wrap">${chart}</figure>`,
    renderPayerTable(result),
    renderCommercialLine(result),
    renderMedicareTable(result),
    renderNonDollar(result),
  ];
  return parts.join("\n");
}

function renderPayerTable(result: BenchmarkResult): string {
  if (result.payers.length === 0) {
    return `<p class="missing">No payer rates are loaded for these filters.</p>`;
  }
  const header = [
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
  const numeric = new Set(header.slice(3));
  const rows = [
    ...orderedRows(result).map((row) => renderPayerRow(result, row)),
    ...(result.groups ?? [])
      .filter((group) => group.stats.count > 0)
      .sort(compareSettings)
      .map((group) => renderGroupRow(result, group)),
  ];
  return `<div class="table-wrap"><table class="benchmark-table">
<thead><tr>${header.map((name) => `<th${numeric.has(name) ? ` class="num"` : ""}>${name}</th>`).join("")}</tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table></div>`;
}

function renderPayerRow(result: BenchmarkResult, row: PayerBenchmark): string {
  const others = row.reportingEntities.filter((entity) => entity !== row.payer);
  const entities =
    others.length > 0 ? `<br><span class="muted">${escapeHtml(others.join("; "))}</span>` : "";
  const old = rowReleases(result, row).olderThanMedicare;
  const released = `<td${old ? ` class="stale"` : ""}>${escapeHtml(releaseLabel(result, row))}</td>`;
  return statsRow(
    `payer-row${row.synthetic ? " synthetic" : ""}`,
    `${escapeHtml(row.payer)}${row.synthetic ? ` ${MARKER}` : ""}${entities}`,
    row,
    released,
  );
}

/** A pooled row ("All commercial", "BUCA") of one setting. */
function renderGroupRow(result: BenchmarkResult, group: GroupBenchmark): string {
  return statsRow(
    `pooled-row${group.synthetic ? " synthetic" : ""}`,
    `<strong>${escapeHtml(pooledRowName(result, group))}</strong> (pooled)${group.synthetic ? ` ${MARKER}` : ""}`,
    group,
    "<td>–</td>",
  );
}

function statsRow(
  className: string,
  nameHtml: string,
  row: {
    billingClass: string | null;
    facilityClass: PayerBenchmark["facilityClass"];
    modifiers?: string;
    providerTins: number;
    providerNpis: number;
    providerGroupRefs?: number;
    stats: PayerBenchmark["stats"];
    percentOfMedicare: PayerBenchmark["percentOfMedicare"];
  },
  releasedCell: string,
): string {
  const s = row.stats;
  const percent = row.percentOfMedicare;
  const cells = [
    s.count > 0
      ? [s.mean, s.p10, s.p25, s.median, s.p75, s.p90, s.min, s.max, s.iqr].map((value) =>
          num(formatUsd(value)),
        )
      : Array.from({ length: 9 }, () => num("–")),
    num(s.count > 0 ? formatRatio(s.cv) : "–"),
    num(percent === null ? "no Medicare match" : formatPercent(percent.mean)),
    num(percent === null ? "–" : formatPercent(percent.median)),
  ].flat();
  return `<tr class="${className}"><td>${nameHtml}</td><td>${escapeHtml(settingLabel(row))}</td>${releasedCell}${num(formatCount(s.count))}${providerCells(row)}${cells.join("")}</tr>`;
}

/**
 * TIN and NPI counts. Where the file's provider references could not be resolved (remote
 * references, offline) no TIN or NPI is known: say so and show the distinct references instead of 0.
 */
function providerCells(row: {
  providerTins: number;
  providerNpis: number;
  providerGroupRefs?: number;
}): string {
  const refs = row.providerGroupRefs ?? 0;
  if (row.providerTins === 0 && row.providerNpis === 0 && refs > 0) {
    const title = `${formatCount(refs)} distinct provider references; their TINs and NPIs are in remote reference files that could not be fetched`;
    return `<td class="num" title="${title}">unknown</td><td class="num" title="${title}">${formatCount(refs)} refs</td>`;
  }
  return `${num(formatCount(row.providerTins))}${num(formatCount(row.providerNpis))}`;
}

function renderCommercialLine(result: BenchmarkResult): string {
  const commercial = result.commercial;
  if (commercial === null) {
    return `<p class="missing">No pooled commercial figure: no commercial rates for these filters.</p>`;
  }
  const s = commercial.stats;
  const percent =
    commercial.percentOfMedicare === null
      ? "no Medicare match"
      : `${formatPercent(commercial.percentOfMedicare.mean)} of Medicare (mean)`;
  return `<p><strong>All commercial payers pooled, all settings together${result.containsSynthetic ? " (includes synthetic rows)" : ""}:</strong> ${formatCount(s.count)} rates, mean ${formatUsd(s.mean)}, median ${formatUsd(s.median)}, p25–p75 ${formatUsd(s.p25)}–${formatUsd(s.p75)}; ${percent}.</p>`;
}

function renderMedicareTable(result: BenchmarkResult): string {
  if (result.medicare.length === 0) {
    return `<p class="missing">No Medicare Physician Fee Schedule amount is loaded for this code.</p>`;
  }
  const rows = result.medicare.map((row) => {
    const localities = row.localities;
    return `<tr><td>${row.year}</td><td>${row.facilityClass === "facility" ? "facility" : "non-facility"}</td>${num(formatUsd(row.national))}${
      localities === null
        ? `<td colspan="4">no locality (GPCI) data for ${row.year}</td>`
        : `${num(formatCount(localities.count))}${num(formatUsd(localities.min))}${num(formatUsd(localities.median))}${num(formatUsd(localities.max))}`
    }<td>${escapeHtml(row.source)}</td></tr>`;
  });
  return `<h3>Medicare Physician Fee Schedule</h3>
<div class="table-wrap"><table class="medicare-table"><thead><tr><th>Year</th><th>Setting</th><th class="num">National</th><th class="num">Localities</th><th class="num">Lowest</th><th class="num">Median</th><th class="num">Highest</th><th>Source</th></tr></thead>
<tbody>${rows.join("\n")}</tbody></table></div>`;
}

function renderNonDollar(result: BenchmarkResult): string {
  const { percentage, perDiem } = result.nonDollar;
  if (percentage.count === 0 && perDiem.count === 0) {
    return `<p class="muted">No percentage-of-charges or per-diem rates were found for this code.</p>`;
  }
  const median = (value: number | null, format: (n: number) => string): string =>
    value === null ? "no median" : `median ${format(value)}`;
  return `<p class="muted">Kept apart, not averaged with dollars: ${formatCount(percentage.count)} percentage-of-billed-charges rates (${median(percentage.median, (n) => `${n.toFixed(1)} %`)}) and ${formatCount(perDiem.count)} per-diem rates (${median(perDiem.median, formatUsd)}).</p>`;
}

/** The methods-and-sources section: files, hashes, cleaning counts, reference editions, gaps. */
export function renderMethodsHtml(
  result: BenchmarkResult | null,
  references: readonly ReferenceSource[],
  missing: readonly string[],
): string {
  const parts: string[] = [];
  if (result !== null) {
    parts.push(`<h3>Rate files</h3>`);
    if (result.sources.length === 0) {
      parts.push(`<p class="missing">No rate file contributed to this benchmark.</p>`);
    } else {
      const rows = result.sources.map(
        (source) =>
          `<tr${source.synthetic ? ` class="synthetic"` : ""}><td>${escapeHtml(source.reportingEntityName ?? "reporting entity not stated")}${source.synthetic ? ` ${MARKER}` : ""}<br><code>${escapeHtml(source.location)}</code></td><td>${escapeHtml(source.lastUpdatedOn ?? "not stated")}</td><td>${escapeHtml(source.ingestedAt)}</td>${num(formatCount(source.rates))}<td class="hash">${escapeHtml(source.sha256)}</td></tr>`,
      );
      parts.push(`<div class="table-wrap"><table class="sources-table"><thead><tr><th>File</th><th>Last updated (as written)</th><th>Ingested</th><th class="num">Rates used</th><th>SHA-256</th></tr></thead>
<tbody>${rows.join("\n")}</tbody></table></div>`);
    }
    parts.push(`<h3>Cleaning, in the order applied</h3>`);
    if (result.cleaning.length === 0) {
      parts.push(`<p class="missing">The benchmark reported no cleaning steps.</p>`);
    } else {
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
        return `<tr><td><code>${escapeHtml(step.ruleId)}</code></td><td>${escapeHtml(step.description)}${parameters === "" ? "" : `<br><span class="muted">${escapeHtml(parameters)}</span>`}</td>${num(formatCount(step.removed))}${num(formatCount(step.remaining))}</tr>`;
      });
      parts.push(`<div class="table-wrap"><table class="cleaning-table"><thead><tr><th>Rule</th><th>What it does</th><th class="num">Removed</th><th class="num">Remaining</th></tr></thead>
<tbody>${rows.join("\n")}</tbody></table></div>`);
    }
  }
  if (result?.settings !== undefined) {
    const settings = Object.entries(result.settings).map(
      ([key, value]) => `<code>${escapeHtml(key)}</code> = ${escapeHtml(String(value))}`,
    );
    parts.push(
      `<p class="muted">Cleaning settings in force${result.medicareYear === undefined || result.medicareYear === null ? "" : `; Medicare fee-schedule year ${result.medicareYear}`}: ${settings.join(", ")}.</p>`,
    );
  }
  parts.push(`<h3>Reference data</h3>`);
  parts.push(
    references.length === 0
      ? `<p class="missing">No reference files are recorded for this page.</p>`
      : `<ul>${references.map((source) => `<li>${source.url === undefined ? escapeHtml(source.file) : `<a href="${escapeHtml(source.url)}">${escapeHtml(source.file)}</a>`}, edition ${escapeHtml(source.edition)}${source.sha256 === undefined ? "" : `, SHA-256 <span class="hash">${escapeHtml(source.sha256)}</span>`}</li>`).join("")}</ul>`,
  );
  parts.push(`<h3>What is missing</h3>`);
  parts.push(
    missing.length === 0
      ? `<p>Nothing reported missing.</p>`
      : `<ul class="missing-list">${missing.map((line) => `<li>${escapeHtml(line)}</li>`).join("")}</ul>`,
  );
  return parts.join("\n");
}

function formatParameter(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

function num(text: string): string {
  return `<td class="num">${escapeHtml(text)}</td>`;
}
