/**
 * `renderHtml(pub)`: the publication as one self-contained HTML page (inline CSS and SVG, no
 * external assets, readable when printed), in the section order of docs/product.md.
 */
import { CATALOGUE_BY_CODE } from "../../analyze/codes/code-catalogue.js";
import { CMS_LINKS } from "./cms-links.js";
import { viewLinkText, viewSuffix, type DataViewKind } from "./data-view.js";
import { escapeHtml } from "./escape-html.js";
import { formatUsd } from "../../analyze/money.js";
import { withCsvDownloads } from "./table-csv-links.js";
import { renderPage } from "./html-page.js";
import type { FacilityPayment } from "../../analyze/facility/facility-payments.js";
import type { CodeSection, PtpEditRow, Publication, RvuRow } from "./publication-types.js";
import { renderBenchmarkHtml, renderMethodsHtml } from "./render-benchmark-html.js";

/** Options for served pages: navigation links. Saved files use the defaults (no links). */
export interface RenderHtmlOptions {
  nav?: { href: string; label: string }[];
  /** Where a data view of this code lives (default: the file written beside this one). */
  viewHref?: (code: string, suffix: string) => string;
}

/** Renders the publication page. Pure: the same publication gives the same bytes. */
export function renderHtml(pub: Publication, options: RenderHtmlOptions = {}): string {
  const body = [
    `<h1>${escapeHtml(pub.code)}: ${escapeHtml(pub.title)}</h1>`,
    `<p class="subtitle">Per-code publication generated ${escapeHtml(pub.generatedAt)} by ratelens.</p>`,
    renderDataView(pub, options),
    section(
      "summary",
      "Summary",
      pub.summary.length === 0
        ? `<p class="missing">No summary: neither code reference nor rates are available.</p>`
        : `<ul class="sentences">${pub.summary.map((line) => `<li>${escapeHtml(line)}</li>`).join("")}</ul>`,
    ),
    section(
      "overview",
      "Code overview",
      pub.codeSection === null ? missingCode(pub.code) : renderOverview(pub.codeSection),
    ),
    section(
      "specifications",
      "Clinical and coding specifications",
      pub.codeSection === null ? missingCode(pub.code) : renderSpecifications(pub.codeSection),
    ),
    section(
      "benchmarks",
      "Reimbursement benchmarks",
      [
        renderBenchmarkHtml(pub.benchmark, pub.benchmarkSentences),
        renderFacilityHtml(pub.facilityMedicare),
      ]
        .filter((part) => part !== "")
        .join("\n"),
    ),
    section(
      "methods",
      "Methods and sources",
      renderMethodsHtml(pub.benchmark, pub.referenceSources, pub.missing),
    ),
  ].join("\n");
  return renderPage({
    title: `${pub.code} · ${pub.title} · ratelens`,
    body: withCsvDownloads(body, pub.code),
    synthetic: pub.synthetic,
    ...(options.nav === undefined ? {} : { nav: options.nav }),
  });
}

/** The real-only / including-synthetic switch: what is shown, and a link to the other view. */
function renderDataView(pub: Publication, options: RenderHtmlOptions): string {
  const view = pub.dataView;
  if (view === undefined) return "";
  // With two views, the page under the bare code is always the real-only one.
  const defaultView: DataViewKind = view.alternate === null ? view.shown : "real-only";
  const href = (target: DataViewKind): string => {
    const suffix = viewSuffix(target, defaultView);
    return options.viewHref?.(pub.code, suffix) ?? `${pub.code}${suffix}.html`;
  };
  const link =
    view.alternate === null
      ? ""
      : ` <a class="view-switch" href="${escapeHtml(href(view.alternate))}">${escapeHtml(viewLinkText(view.alternate))}</a>`;
  return `<p class="data-view">${escapeHtml(view.note)}${link}</p>`;
}

function section(id: string, heading: string, content: string): string {
  return `<section id="${id}">\n<h2>${escapeHtml(heading)}</h2>\n${content}\n</section>`;
}

function missingCode(code: string): string {
  return `<p class="missing">${escapeHtml(code)} is not in the bundled code reference, so this part is empty.</p>`;
}

function renderOverview(code: CodeSection): string {
  const o = code.overview;
  const facts: [string, string][] = [
    ["Kind", kindText(o)],
    ["Region", o.region ?? "not stated"],
    ["Level", o.level ?? "not stated"],
    ["Global period", o.globalPeriod ?? "not stated"],
    ...o.indicators.map((indicator): [string, string] => [indicator.label, indicator.value]),
  ];
  const pos =
    o.placesOfService.length === 0
      ? `<p class="missing">No typical places of service recorded.</p>`
      : `<table class="pos-table"><thead><tr><th>POS</th><th>Place of service</th><th>Medicare setting</th></tr></thead><tbody>${o.placesOfService
          .map(
            (place) =>
              `<tr><td>${escapeHtml(place.code)}</td><td>${escapeHtml(place.name)}</td><td>${place.facility ? "facility" : "non-facility"}</td></tr>`,
          )
          .join("")}</tbody></table>`;
  return [
    `<p>${escapeHtml(o.description)}</p>`,
    `<dl class="facts">${facts.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`).join("")}</dl>`,
    `<h3>Bundled: not billed separately</h3>`,
    list(o.bundled, "No bundled services recorded."),
    `<h3>Typical places of service</h3>`,
    pos,
    renderPtpTable(o.ptpEdits),
    renderRvuTable(o.rvus),
  ].join("\n");
}

/** Medicare's own facility payment (OPPS by APC, ASC), with its status and source. */
function renderFacilityHtml(payments: readonly FacilityPayment[] | undefined): string {
  if (payments === undefined) return "";
  const rows = payments.map(
    (payment) =>
      `<tr><td>${escapeHtml(payment.label)}</td><td>${escapeHtml(payment.indicator ?? "–")}</td><td>${escapeHtml(payment.apc ?? "–")}</td><td class="num">${payment.rate === null ? escapeHtml(payment.status === "packaged" ? "packaged" : "none") : formatUsd(payment.rate)}</td><td>${escapeHtml(payment.note)}</td><td>${payment.source.url === undefined ? escapeHtml(payment.source.file) : `<a href="${escapeHtml(payment.source.url)}">${escapeHtml(payment.source.file)}</a>`}</td></tr>`,
  );
  return `<h3>Medicare facility payment (hospital outpatient and ASC)</h3>\n<p class="muted">National unadjusted rates, ${payments[0]?.year ?? ""}; compare institutional (facility-fee) rates with these, not with the physician fee schedule.</p>\n<div class="table-wrap"><table class="facility-table"><thead><tr><th>Setting</th><th>Indicator</th><th>APC</th><th class="num">Rate</th><th>Status</th><th>Source</th></tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
}

/** The code's NCCI PTP edits, both columns, with the modifier indicator and dates. */
function renderPtpTable(edits: readonly PtpEditRow[] | undefined): string {
  if (edits === undefined) return "";
  const heading = `<h3>NCCI procedure-to-procedure edits</h3>\n<p class="muted">From the <a href="${CMS_LINKS.ncciPtp}">CMS NCCI PTP edit table</a> (practitioner): column 2 is bundled into column 1.</p>`;
  if (edits.length === 0) {
    return `${heading}\n<p class="missing">No PTP edit pairs this code with the family or its usual companions in the loaded table.</p>`;
  }
  const rows = edits.map(
    (edit) =>
      `<tr><td>${codeLink(edit.column1)}</td><td>${codeLink(edit.column2)}</td><td title="${escapeHtml(edit.meaning)}">${escapeHtml(edit.modifierIndicator)}</td><td>${escapeHtml(edit.effective ?? "not stated")}</td><td>${escapeHtml(edit.deleted ?? "in force")}</td><td>${escapeHtml(edit.rationale)}</td></tr>`,
  );
  return `${heading}\n<div class="table-wrap"><table class="ptp-table"><thead><tr><th>Column 1</th><th>Column 2</th><th>Modifier indicator</th><th>Effective</th><th>Deleted</th><th>Rationale</th></tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
}

/** The RVUs and conversion factor behind each year's national amounts. */
function renderRvuTable(rows: readonly RvuRow[] | undefined): string {
  if (rows === undefined || rows.length === 0) return "";
  const rvu = (value: number | null): string => (value === null ? "NA" : value.toFixed(2));
  const usd = (value: number | null): string => (value === null ? "not priced" : formatUsd(value));
  const body = rows.map(
    (row) =>
      `<tr><td>${row.year}</td><td>${row.modifier === "" ? "global" : `-${escapeHtml(row.modifier)}`}</td><td class="num">${rvu(row.work)}</td><td class="num">${rvu(row.nonFacilityPe)}</td><td class="num">${rvu(row.facilityPe)}</td><td class="num">${rvu(row.mp)}</td><td class="num">${row.conversionFactor.toFixed(4)}</td><td class="num">${usd(row.nationalNonFacility)}</td><td class="num">${usd(row.nationalFacility)}</td><td>${escapeHtml(row.source)}</td></tr>`,
  );
  return `<h3>Medicare RVU breakdown</h3>\n<p class="muted">National amount = (work + practice expense + malpractice RVUs) × conversion factor, from the <a href="${CMS_LINKS.pfsRvu}">CMS PFS relative value files</a>.</p>\n<div class="table-wrap"><table class="rvu-table"><thead><tr><th>Year</th><th>Row</th><th class="num">Work</th><th class="num">PE non-facility</th><th class="num">PE facility</th><th class="num">MP</th><th class="num">CF</th><th class="num">Non-facility</th><th class="num">Facility</th><th>File</th></tr></thead><tbody>${body.join("")}</tbody></table></div>`;
}

/**
 * A link to another code's page, for the codes of the curated reference (the main job writes a
 * page for each); other codes are shown unlinked rather than pointing at a page that may not exist.
 */
function codeLink(code: string): string {
  if (!CATALOGUE_BY_CODE.has(code)) return escapeHtml(code);
  return `<a href="${escapeHtml(code)}.html">${escapeHtml(code)}</a>`;
}

/** "Add-on code: billed only with a primary code (64490)" and the like. */
export function kindText(o: CodeSection["overview"]): string {
  switch (o.kind) {
    case "add-on":
      return `Add-on code: billed only with a primary code${o.primaries.length > 0 ? ` (${o.primaries.map((ref) => ref.code).join(", ")})` : ""}`;
    case "primary":
      return "Primary (stand-alone) code";
    case "imaging-guidance":
      return "Imaging guidance code";
    case "not stated":
      return "not stated";
  }
}

function renderSpecifications(code: CodeSection): string {
  const s = code.specifications;
  return [
    s.clinicalContext === null ? "" : `<p>${escapeHtml(s.clinicalContext)}</p>`,
    `<h3>Modifiers</h3>`,
    s.modifiers.length === 0
      ? `<p class="missing">No modifier guidance recorded.</p>`
      : `<table class="modifier-table"><thead><tr><th>Modifier</th><th>When to use it</th></tr></thead><tbody>${s.modifiers.map((m) => `<tr><td><code>${escapeHtml(m.modifier)}</code></td><td>${escapeHtml(m.whenToUse)}</td></tr>`).join("")}</tbody></table>`,
    `<h3>Provider taxonomies</h3>`,
    s.taxonomies.length === 0
      ? `<p class="missing">No specialty taxonomies recorded.</p>`
      : `<table class="taxonomy-table"><thead><tr><th>NUCC code</th><th>Specialty</th></tr></thead><tbody>${s.taxonomies.map((t) => `<tr><td><code>${escapeHtml(t.code)}</code></td><td>${escapeHtml(t.title)}</td></tr>`).join("")}</tbody></table>`,
    `<h3>Related diagnoses (ICD-10-CM)</h3>`,
    s.diagnoses.length === 0
      ? `<p class="missing">No supporting diagnoses recorded.</p>`
      : `<table class="diagnosis-table"><thead><tr><th>Code</th><th>Title</th><th>Bearing on the procedure</th></tr></thead><tbody>${s.diagnoses.map((d) => `<tr><td><code>${escapeHtml(d.code)}</code></td><td>${escapeHtml(d.title)}</td><td>${escapeHtml(d.role ?? "")}</td></tr>`).join("")}</tbody></table>`,
    `<h3>Related codes</h3>`,
    s.relatedCodes.length === 0
      ? `<p class="missing">No related codes recorded.</p>`
      : `<ul>${s.relatedCodes.map((ref) => `<li><code>${codeLink(ref.code)}</code> ${escapeHtml(ref.label)}</li>`).join("")}</ul>`,
    `<h3>Clinical workflow</h3>`,
    s.workflow.length === 0
      ? `<p class="missing">No workflow recorded.</p>`
      : `<ol>${s.workflow.map((step) => `<li>${escapeHtml(step)}</li>`).join("")}</ol>`,
    `<h3>Documentation requirements</h3>`,
    list(s.documentation, "No documentation requirements recorded."),
    `<h3>Coding notes and common errors</h3>`,
    list(s.notes, "No coding notes recorded."),
  ]
    .filter((part) => part !== "")
    .join("\n");
}

function list(items: readonly string[], empty: string): string {
  return items.length === 0
    ? `<p class="missing">${escapeHtml(empty)}</p>`
    : `<ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join("")}</ul>`;
}
