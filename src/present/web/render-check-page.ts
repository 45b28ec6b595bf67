/**
 * The claim-check page: paste claims (JSON, JSONL, CSV or X12 837P) and see the findings, each
 * with its rule, severity, place in the claim, fix and cited source. A plain form POST, so it
 * works without script.
 */
import type { Finding } from "../../rules/finding.js";
import { escapeHtml } from "../report/escape-html.js";
import { renderPage } from "../report/html-page.js";
import { SITE_NAV } from "./site-nav.js";

/** A sample claim that shows several findings: a bilateral lumbar facet injection at two levels. */
export const SAMPLE_CLAIM = JSON.stringify(
  {
    id: "sample-1",
    payer: "Medicare",
    dateOfService: "2025-03-04",
    placeOfService: "11",
    diagnoses: ["M47.816"],
    lines: [
      { code: "64493", modifiers: ["50"], units: 1, diagnosisPointers: [1] },
      { code: "64494", modifiers: ["50"], units: 1, diagnosisPointers: [1] },
      { code: "77003", units: 1, diagnosisPointers: [1] },
    ],
  },
  null,
  2,
);

/** Renders the page; `outcome` is null before a check, an error message for bad input. */
export function renderCheckPage(text: string, outcome: { claims: number; findings: Finding[]; results: { claimId: string; findings: Finding[] }[] } | { error: string } | null): string {
  const form = `<form method="post" action="/check">
<label for="claims">Claims (JSON, JSONL, CSV or X12 837P)</label>
<textarea id="claims" name="claims" spellcheck="false">${escapeHtml(text)}</textarea>
<p><button type="submit">Check</button></p>
</form>`;
  let results = "";
  if (outcome !== null && "error" in outcome) results = `<p class="missing" role="alert">${escapeHtml(outcome.error)}</p>`;
  else if (outcome !== null) {
    const rows = outcome.results.flatMap((result) =>
      result.findings.map(
        (finding) =>
          `<tr><td>${escapeHtml(result.claimId)}</td><td class="severity-${finding.severity}">${finding.severity}</td><td><code>${escapeHtml(finding.ruleId)}</code></td><td>${escapeHtml(finding.message)}${finding.fix === undefined ? "" : `<br><span class="muted">Fix: ${escapeHtml(finding.fix)}</span>`}</td><td><code>${escapeHtml(finding.path)}</code></td><td>${finding.source.url === undefined ? escapeHtml(finding.source.title) : `<a href="${escapeHtml(finding.source.url)}">${escapeHtml(finding.source.title)}</a>`}${finding.source.effective === undefined ? "" : `<br><span class="muted">effective ${escapeHtml(finding.source.effective)}</span>`}</td></tr>`,
      ),
    );
    results = `<h2>Findings</h2><p>${outcome.claims} claim${outcome.claims === 1 ? "" : "s"} checked, ${outcome.findings.length} finding${outcome.findings.length === 1 ? "" : "s"}.</p>${
      rows.length === 0 ? "" : `<table class="findings-table"><thead><tr><th>Claim</th><th>Severity</th><th>Rule</th><th>Finding</th><th>Where</th><th>Source</th></tr></thead><tbody>${rows.join("\n")}</tbody></table>`
    }`;
  }
  return renderPage({ title: "Claim checker · ratelens", body: `<h1>Claim checker</h1>\n${form}\n${results}`, synthetic: false, nav: SITE_NAV });
}
