/**
 * The claim-check page: paste claims (JSON, JSONL, CSV or X12 837P) and see the findings, each
 * with its rule, severity, place in the claim, fix and cited source, then each claim's expected
 * Medicare amount (fee-schedule year, setting and locality named; or why it is not priced), as
 * `ratelens check` prints it. A plain form POST, so it works without script. Written in hono/jsx:
 * every value below is escaped by construction.
 */
import { formatUsd } from "../../analyze/money.js";
import type { Finding } from "../../rules/finding.js";
import type { MedicareExpectation } from "../../rules/medicare-expectation.js";
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

/** One checked claim: its findings and its expected Medicare amount. */
export interface CheckedClaim {
  claimId: string;
  findings: Finding[];
  expectedMedicare: MedicareExpectation;
}

/** What the page shows under the form: nothing yet, an input error, or the findings. */
export type CheckOutcome =
  { claims: number; findings: Finding[]; results: CheckedClaim[] } | { error: string } | null;

/** The pricing fields as entered (empty: the claim's year, national). */
export interface CheckPricingFields {
  year: string;
  locality: string;
}

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
      <h2>Expected Medicare amount</h2>
      {outcome.results.map((result) => (
        <ExpectedAmount claimId={result.claimId} expected={result.expectedMedicare} />
      ))}
    </>
  );
}

/** One claim's expected Medicare allowed amount, line by line, with its basis and source. */
function ExpectedAmount({ claimId, expected }: { claimId: string; expected: MedicareExpectation }) {
  if (expected.status === "not-priced") {
    return (
      <section class="expected-medicare" data-claim={claimId}>
        <p class="missing">
          Claim {claimId}: not priced: {expected.reason}
        </p>
      </section>
    );
  }
  return (
    <section class="expected-medicare" data-claim={claimId}>
      <p>
        Claim {claimId}: <strong class="expected-total">{formatUsd(expected.total)}</strong> (
        <span class="expected-basis">{expected.basis}</span>)
        {expected.contractorPriced
          ? ", plus the Medicare contractor's price for the contractor-priced line(s)"
          : ""}
      </p>
      <table class="expected-lines">
        <thead>
          <tr>
            <th>Line</th>
            <th>Code</th>
            <th>Allowed</th>
            <th>How</th>
          </tr>
        </thead>
        <tbody>
          {expected.lines.map((line) => (
            <tr>
              <td>{line.line}</td>
              <td>
                <code>{[line.code, ...line.modifiers].join("-")}</code>
              </td>
              <td class="num">
                {line.allowed === null ? "contractor-priced" : formatUsd(line.allowed)}
              </td>
              <td>{line.explanation.join("; ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {expected.notes.length === 0 ? null : (
        <ul class="expected-notes">
          {expected.notes.map((note) => (
            <li>{note}</li>
          ))}
        </ul>
      )}
      <p class="muted">Source: {expected.source}</p>
    </section>
  );
}

/** Renders the page with the claim text and pricing fields as entered; `outcome` is null before a check. */
export function renderCheckPage(
  text: string,
  outcome: CheckOutcome,
  pricing: CheckPricingFields = { year: "", locality: "" },
): string {
  return renderDocument(
    <PageFrame title="Claim checker · ratelens">
      <h1>Claim checker</h1>
      <form method="post" action="/check">
        <label for="claims">Claims (JSON, JSONL, CSV or X12 837P)</label>
        <textarea id="claims" name="claims" spellcheck={false}>
          {text}
        </textarea>
        <p>
          <label for="year">Fee-schedule year</label>{" "}
          <input
            id="year"
            name="year"
            inputmode="numeric"
            placeholder="the date of service's"
            value={pricing.year}
          />{" "}
          <label for="locality">Medicare locality</label>{" "}
          <input
            id="locality"
            name="locality"
            placeholder="national, e.g. 01182-18"
            value={pricing.locality}
          />
        </p>
        <p>
          <button type="submit">Check</button>
        </p>
      </form>
      <Results outcome={outcome} />
    </PageFrame>,
  );
}
