/**
 * The cross-check page: the hospitals' own negotiated charges beside the payers' TiC rates, one row
 * per payer × hospital × code × setting, with both values and where each comes from (file, hash,
 * line or JSON path). Server-rendered, no script. Not yet routed: `GET /crosscheck` can render it
 * over `crosscheck(store, options)` with the same query parameters as the CLI.
 */
import type { CrosscheckResult, CrosscheckRow } from "../../analyze/crosscheck/crosscheck-types.js";
import { escapeHtml } from "../report/escape-html.js";
import { renderPage } from "../report/html-page.js";
import { SITE_NAV } from "./site-nav.js";

const LABEL: Record<CrosscheckRow["status"], string> = {
  agree: "Agree",
  differ: "Differ",
  "payer-missing": "Not in the payer's file",
  "hospital-missing": "Not in the hospital's file",
};

function amount(value: number, unit: CrosscheckRow["unit"]): string {
  return unit === "percent"
    ? `${value}%`
    : `$${value.toFixed(2)}${unit === "per_diem" ? " per day" : ""}`;
}

function sources(
  values: readonly { value: number; location: string; sha256: string; position: string }[],
  unit: CrosscheckRow["unit"],
): string {
  if (values.length === 0) return `<span class="missing">none</span>`;
  return values
    .map(
      (v) =>
        `${escapeHtml(amount(v.value, unit))}<br><span class="muted"><code>${escapeHtml(v.location)}</code> ${escapeHtml(v.position)} · sha256 ${escapeHtml(v.sha256.slice(0, 12))}…</span>`,
    )
    .join("<br>");
}

export function renderCrosscheckPage(result: CrosscheckResult): string {
  const s = result.summary;
  const summary = `<p>${s.agree} agree, ${s.differ} differ, ${s["payer-missing"]} not in the payer's file, ${s["hospital-missing"]} not in the hospital's file (tolerance ${escapeHtml(String(result.tolerance))}).</p>`;
  const rows = result.rows.map((row) => {
    const synthetic =
      row.hospitalValues.some((v) => v.synthetic) || row.payerValues.some((v) => v.synthetic)
        ? ' <span class="synthetic-marker">SYNTHETIC</span>'
        : "";
    return `<tr class="status-${row.status}"><td>${LABEL[row.status]}${synthetic}</td><td>${escapeHtml(row.payer)}</td><td>${escapeHtml(row.hospital.name ?? `file ${row.hospital.fileId}`)}${row.hospital.ein === null ? "" : `<br><span class="muted">EIN ${escapeHtml(row.hospital.ein)}</span>`}</td><td><code>${escapeHtml(row.code)}</code></td><td>${escapeHtml(row.setting)}</td><td>${sources(row.hospitalValues, row.unit)}</td><td>${sources(row.payerValues, row.unit)}</td><td>${row.difference === null ? "" : escapeHtml(amount(row.difference, row.unit))}</td></tr>`;
  });
  const table =
    rows.length === 0
      ? `<p class="missing">Nothing to compare: load a hospital file and the payer's TiC file (ratelens ingest).</p>`
      : `<table class="findings-table"><thead><tr><th>Outcome</th><th>Payer</th><th>Hospital</th><th>Code</th><th>Setting</th><th>Hospital file</th><th>Payer file</th><th>Difference</th></tr></thead><tbody>${rows.join("\n")}</tbody></table>`;
  const without =
    result.payersWithoutTicFile.length === 0
      ? ""
      : `<p class="missing">No TiC file loaded for: ${result.payersWithoutTicFile.map(escapeHtml).join(", ")}.</p>`;
  return renderPage({
    title: "Hospital vs payer rates · ratelens",
    body: `<h1>Hospital files against payer files</h1>\n${summary}\n${table}\n${without}`,
    synthetic: result.synthetic,
    nav: SITE_NAV,
  });
}
