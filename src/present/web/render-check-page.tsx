/**
 * The claim-check page: paste claims (JSON, JSONL, CSV or X12 837P) and see the findings, each
 * with its rule, severity, place in the claim, fix and cited source. A plain form POST, so it
 * works without script. Written in hono/jsx: every value below is escaped by construction.
 */
import type { Finding } from "../../rules/finding.js";
import { PageFrame, renderDocument } from "./page-frame.js";

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

/** What the page shows under the form: nothing yet, an input error, or the findings. */
export type CheckOutcome =
  | { claims: number; findings: Finding[]; results: { claimId: string; findings: Finding[] }[] }
  | { error: string }
  | null;

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

function FindingRow({ claimId, finding }: { claimId: string; finding: Finding }) {
  const { source } = finding;
  return (
    <tr>
      <td>{claimId}</td>
      <td class={`severity-${finding.severity}`}>{finding.severity}</td>
      <td>
        <code>{finding.ruleId}</code>
      </td>
      <td>
        {finding.message}
        {finding.fix === undefined ? null : (
          <>
            <br />
            <span class="muted">Fix: {finding.fix}</span>
          </>
        )}
      </td>
      <td>
        <code>{finding.path}</code>
      </td>
      <td>
        {source.url === undefined ? source.title : <a href={source.url}>{source.title}</a>}
        {source.effective === undefined ? null : (
          <>
            <br />
            <span class="muted">effective {source.effective}</span>
          </>
        )}
      </td>
    </tr>
  );
}

function Results({ outcome }: { outcome: CheckOutcome }) {
  if (outcome === null) return null;
  if ("error" in outcome) {
    return (
      <p class="missing" role="alert">
        {outcome.error}
      </p>
    );
  }
  const rows = outcome.results.flatMap((result) =>
    result.findings.map((finding) => <FindingRow claimId={result.claimId} finding={finding} />),
  );
  return (
    <>
      <h2>Findings</h2>
      <p>{`${plural(outcome.claims, "claim")} checked, ${plural(outcome.findings.length, "finding")}.`}</p>
      {rows.length === 0 ? null : (
        <table class="findings-table">
          <thead>
            <tr>
              <th>Claim</th>
              <th>Severity</th>
              <th>Rule</th>
              <th>Finding</th>
              <th>Where</th>
              <th>Source</th>
            </tr>
          </thead>
          <tbody>{rows}</tbody>
        </table>
      )}
    </>
  );
}

/** Renders the page with the claim text as entered; `outcome` is null before a check. */
export function renderCheckPage(text: string, outcome: CheckOutcome): string {
  return renderDocument(
    <PageFrame title="Claim checker · ratelens">
      <h1>Claim checker</h1>
      <form method="post" action="/check">
        <label for="claims">Claims (JSON, JSONL, CSV or X12 837P)</label>
        <textarea id="claims" name="claims" spellcheck={false}>
          {text}
        </textarea>
        <p>
          <button type="submit">Check</button>
        </p>
      </form>
      <Results outcome={outcome} />
    </PageFrame>,
  );
}
