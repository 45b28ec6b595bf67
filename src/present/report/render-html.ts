/**
 * `renderHtml(pub)`: the publication as one self-contained HTML page (inline CSS and SVG, no
 * external assets, readable when printed), in the section order of docs/product.md.
 */
import { escapeHtml } from "./escape-html.js";
import { renderPage } from "./html-page.js";
import type { CodeSection, Publication } from "./publication-types.js";
import { renderBenchmarkHtml, renderMethodsHtml } from "./render-benchmark-html.js";

/** Options for served pages: navigation links. Saved files use the defaults (no links). */
export interface RenderHtmlOptions {
  nav?: { href: string; label: string }[];
}

/** Renders the publication page. Pure: the same publication gives the same bytes. */
export function renderHtml(pub: Publication, options: RenderHtmlOptions = {}): string {
  const body = [
    `<h1>${escapeHtml(pub.code)}: ${escapeHtml(pub.title)}</h1>`,
    `<p class="subtitle">Per-code publication generated ${escapeHtml(pub.generatedAt)} by ratelens.</p>`,
    section("summary", "Summary", pub.summary.length === 0 ? `<p class="missing">No summary: neither code reference nor rates are available.</p>` : `<ul class="sentences">${pub.summary.map((line) => `<li>${escapeHtml(line)}</li>`).join("")}</ul>`),
    section("overview", "Code overview", pub.codeSection === null ? missingCode(pub.code) : renderOverview(pub.codeSection)),
    section("specifications", "Clinical and coding specifications", pub.codeSection === null ? missingCode(pub.code) : renderSpecifications(pub.codeSection)),
    section("benchmarks", "Reimbursement benchmarks", renderBenchmarkHtml(pub.benchmark, pub.benchmarkSentences)),
    section("methods", "Methods and sources", renderMethodsHtml(pub.benchmark, pub.referenceSources, pub.missing)),
  ].join("\n");
  return renderPage({ title: `${pub.code} · ${pub.title} · ratelens`, body, synthetic: pub.synthetic, ...(options.nav === undefined ? {} : { nav: options.nav }) });
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
          .map((place) => `<tr><td>${escapeHtml(place.code)}</td><td>${escapeHtml(place.name)}</td><td>${place.facility ? "facility" : "non-facility"}</td></tr>`)
          .join("")}</tbody></table>`;
  return [
    `<p>${escapeHtml(o.description)}</p>`,
    `<dl class="facts">${facts.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`).join("")}</dl>`,
    `<h3>Bundled: not billed separately</h3>`,
    list(o.bundled, "No bundled services recorded."),
    `<h3>Typical places of service</h3>`,
    pos,
  ].join("\n");
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
    s.relatedCodes.length === 0 ? `<p class="missing">No related codes recorded.</p>` : `<ul>${s.relatedCodes.map((ref) => `<li><code>${escapeHtml(ref.code)}</code> ${escapeHtml(ref.label)}</li>`).join("")}</ul>`,
    `<h3>Clinical workflow</h3>`,
    s.workflow.length === 0 ? `<p class="missing">No workflow recorded.</p>` : `<ol>${s.workflow.map((step) => `<li>${escapeHtml(step)}</li>`).join("")}</ol>`,
    `<h3>Documentation requirements</h3>`,
    list(s.documentation, "No documentation requirements recorded."),
    `<h3>Coding notes and common errors</h3>`,
    list(s.notes, "No coding notes recorded."),
  ]
    .filter((part) => part !== "")
    .join("\n");
}

function list(items: readonly string[], empty: string): string {
  return items.length === 0 ? `<p class="missing">${escapeHtml(empty)}</p>` : `<ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join("")}</ul>`;
}
