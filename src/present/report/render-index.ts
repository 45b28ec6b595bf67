/**
 * The index of publications: one row per code with its title, the files its rates come from, and
 * the synthetic marker where any figure on that page is synthetic. Used for the written
 * `index.html` and the served home page.
 */
import { viewSuffix } from "./data-view.js";
import { escapeHtml } from "./escape-html.js";
import { renderPage } from "./html-page.js";
import type { Publication } from "./publication-types.js";

/** Where the index links to and which navigation it shows. */
export interface IndexOptions {
  /** Link to a code's page: `64491.html` for files, `/codes/64491` when served. */
  href: (code: string) => string;
  nav?: { href: string; label: string }[];
  /** Extra HTML after the list (served pages link the explorer and the claim checker). */
  footer?: string;
}

/** Renders the index page. */
export function renderIndex(publications: readonly Publication[], options: IndexOptions): string {
  const sorted = [...publications].sort((a, b) => a.code.localeCompare(b.code));
  const synthetic = sorted.some((pub) => pub.synthetic);
  const rows = sorted.map((pub) => {
    const used = pub.benchmark?.sources.filter((source) => source.rates > 0) ?? [];
    const real = [
      ...new Set(
        used
          .filter((source) => !source.synthetic)
          .map((source) => source.reportingEntityName ?? source.location),
      ),
    ];
    const syntheticFiles = used.filter((source) => source.synthetic).length;
    const parts = [
      ...real.map((name) => `${name} (real file)`),
      ...(syntheticFiles > 0
        ? [`${syntheticFiles} synthetic demo file${syntheticFiles === 1 ? "" : "s"}`]
        : []),
    ];
    const payerText = parts.length === 0 ? "no rates loaded" : parts.join(" + ");
    // A real-only page has its synthetic-including twin; the index links both.
    const alternate = pub.dataView?.alternate;
    const twin =
      pub.dataView?.shown === "real-only" && alternate === "including-synthetic"
        ? ` · <a class="view-switch" href="${escapeHtml(options.href(`${pub.code}${viewSuffix(alternate, "real-only")}`))}">including synthetic demo data</a>`
        : "";
    return `<tr${pub.synthetic ? ` class="synthetic"` : ""}><td><a href="${escapeHtml(options.href(pub.code))}">${escapeHtml(pub.code)}</a></td><td>${escapeHtml(pub.title)}</td><td>${escapeHtml(payerText)}${pub.synthetic ? ` <span class="synthetic-marker">synthetic</span>` : ""}${twin}</td></tr>`;
  });
  const body = [
    `<h1>ratelens publications</h1>`,
    `<p class="subtitle">One page per code: what it is, how to code it, what payers and Medicare pay, and where every number comes from.</p>`,
    sorted.length === 0
      ? `<p class="missing">No publications have been written yet: run <code>ratelens demo</code> or <code>ratelens report CODE</code>.</p>`
      : `<table class="index-table"><thead><tr><th>Code</th><th>Title</th><th>Rate sources</th></tr></thead><tbody>
${rows.join("\n")}
</tbody></table>`,
    options.footer ?? "",
  ].join("\n");
  return renderPage({
    title: "ratelens publications",
    body,
    synthetic,
    ...(options.nav === undefined ? {} : { nav: options.nav }),
  });
}
