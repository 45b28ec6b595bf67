/**
 * The payers index (`/payers`), a payer's page (`/payers/:payer`: its releases, what changed in
 * the latest one, each code's median rate over time) and the `/alerts` page, in hono/jsx.
 */
import { formatUsd } from "../../analyze/money.js";
import type { ReleaseComparison, RateChange } from "../../analyze/changes/change-types.js";
import type { MedianSeries } from "../../analyze/changes/median-history.js";
import type { Release } from "../../analyze/releases/list-releases.js";
import type { AlertReport } from "../../rules/alerts/alert-types.js";
import { MedianChart } from "./median-chart.js";
import { PageFrame, renderDocument } from "./page-frame.js";

const pct = (value: number | null): string =>
  value === null ? "n/a" : `${value > 0 ? "+" : ""}${value.toFixed(1)} %`;
const usd = (value: number | null): string => (value === null ? "n/a" : formatUsd(value));

/** The link of a payer's page. */
export function payerHref(payer: string): string {
  return `/payers/${encodeURIComponent(payer)}`;
}

const MONTH_FROM: Readonly<Record<string, string>> = {
  last_updated_on: "last_updated_on",
  index: "index date",
  "file-name": "file name",
};

/**
 * A release's month and where it came from, "2026-05 (last_updated_on)": the month is derived per
 * file (last_updated_on, else the index date, else the file name), so a release of several files
 * can name more than one source.
 */
export function releaseMonthLabel(release: Release): string {
  const from = [...new Set(release.files.map((file) => file.monthSource))]
    .map((source) => MONTH_FROM[source] ?? source)
    .sort();
  return `${release.month} (${from.join(", ")})`;
}

export function renderPayersPage(
  payers: readonly { payer: string; releases: Release[] }[],
): string {
  const synthetic = payers.some((entry) => entry.releases.some((release) => release.synthetic));
  return renderDocument(
    <PageFrame title="Payers · ratelens" synthetic={synthetic}>
      <h1>Payers and their releases</h1>
      {payers.length === 0 ? (
        <p class="missing">No dated in-network files are loaded (ratelens ingest FILE).</p>
      ) : (
        <ul>
          {payers.map((entry) => (
            <li>
              <a href={payerHref(entry.payer)}>{entry.payer}</a>:{" "}
              {entry.releases.map(releaseMonthLabel).join(", ")}
              {entry.releases.some((release) => release.synthetic) ? " [SYNTHETIC]" : ""}
            </li>
          ))}
        </ul>
      )}
    </PageFrame>,
  );
}

function providerOf(change: RateChange): string {
  const tin = change.tin === null ? "" : `${change.tinType ?? "TIN"} ${change.tin}`;
  const npi = change.npi === null ? "" : `NPI ${String(change.npi)}`;
  return [tin, npi].filter((part) => part !== "").join(" · ");
}

function amountOf(amount: number | null, unit: string | null): string {
  if (amount === null) return "";
  return unit === "percent" ? `${amount.toFixed(2)} % of charges` : formatUsd(amount);
}

export interface PayerPageData {
  readonly payer: string;
  readonly releases: readonly Release[];
  /** The latest release against the one before; null with the reason when there is none. */
  readonly comparison: ReleaseComparison | null;
  readonly noComparison: string | null;
  readonly history: readonly MedianSeries[];
}

export function renderPayerPage(data: PayerPageData): string {
  const synthetic = data.releases.some((release) => release.synthetic);
  const result = data.comparison;
  return renderDocument(
    <PageFrame title={`${data.payer} · changes · ratelens`} synthetic={synthetic}>
      <h1>{data.payer}</h1>
      <h2>Releases</h2>
      <ul>
        {data.releases.map((release) => (
          <li>
            {releaseMonthLabel(release)}: {String(release.files.length)} file(s),{" "}
            {release.plans.join(", ")}, {release.rates.toLocaleString("en-US")} rates
            {release.synthetic ? " [SYNTHETIC]" : ""}
          </li>
        ))}
      </ul>
      {result === null ? (
        <p class="missing">No comparison: {data.noComparison ?? "fewer than two releases"}.</p>
      ) : (
        <section id="changes">
          <h2>
            What changed, {result.from} → {result.to}
          </h2>
          <p>
            Compared per code × provider (TIN, NPI) × billing class × setting × modifier; rate-type
            changes (e.g. negotiated → percentage) are listed apart, never as a dollar change.
            Files:{" "}
            {[...result.files.from, ...result.files.to]
              .map(
                (file) =>
                  `${file.location} (SHA-256 ${file.sha256.slice(0, 12)}…, ${file.month ?? "undated"})`,
              )
              .join("; ")}
            .
          </p>
          <table class="changes-summary">
            <thead>
              <tr>
                <th>Code</th>
                <th>Median {result.from}</th>
                <th>Median {result.to}</th>
                <th>Changed</th>
                <th>Added</th>
                <th>Dropped</th>
                <th>Rate type</th>
                <th>Median change</th>
              </tr>
            </thead>
            <tbody>
              {result.summary.map((row) => (
                <tr>
                  <td>{row.billingCode}</td>
                  <td>{usd(row.oldMedianRate)}</td>
                  <td>{usd(row.newMedianRate)}</td>
                  <td>{String(row.changed)}</td>
                  <td>{String(row.added)}</td>
                  <td>{String(row.dropped)}</td>
                  <td>{String(row.rateTypeChanged)}</td>
                  <td>{pct(row.medianChangePercent)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table class="changes-list">
            <thead>
              <tr>
                <th>Kind</th>
                <th>Code</th>
                <th>Provider</th>
                <th>Old</th>
                <th>New</th>
                <th>Change</th>
              </tr>
            </thead>
            <tbody>
              {result.changes.map((change) => (
                <tr data-kind={change.kind}>
                  <td>{change.kind}</td>
                  <td>{change.billingCode}</td>
                  <td>{providerOf(change)}</td>
                  <td>{amountOf(change.oldAmount, change.oldUnit)}</td>
                  <td>{amountOf(change.newAmount, change.newUnit)}</td>
                  <td>
                    {change.kind === "changed"
                      ? `${usd(change.changeAmount)} (${pct(change.changePercent)})`
                      : change.kind === "rate-type"
                        ? `${change.oldType ?? "?"} → ${change.newType ?? "?"}`
                        : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {result.changesLeftOut > 0 ? (
            <p>
              {result.changesLeftOut.toLocaleString("en-US")} more changes not listed (the API and
              ratelens changes --csv list them all).
            </p>
          ) : null}
        </section>
      )}
      <h2>Median rate over time</h2>
      {data.history.length === 0 ? (
        <p class="missing">No dollar rates in any release.</p>
      ) : (
        data.history.map((series) => <MedianChart series={series} synthetic={synthetic} />)
      )}
    </PageFrame>,
  );
}

export function renderAlertsPage(report: AlertReport | null, problem: string | null): string {
  const synthetic = report?.alerts.some((alert) => alert.synthetic) ?? false;
  return renderDocument(
    <PageFrame title="Alerts · ratelens" synthetic={synthetic}>
      <h1>Alerts</h1>
      {report === null ? (
        <p class="missing">{problem ?? "No alerts."}</p>
      ) : (
        <>
          <p>
            Watch file {report.watchFile}, run on {report.generatedOn}; policy versions new since{" "}
            {report.since}.
          </p>
          {report.alerts.length === 0 ? <p>Nothing to report.</p> : null}
          <ul class="alerts">
            {report.alerts.map((alert) => (
              <li data-kind={alert.kind}>
                <strong>{alert.severity}</strong> {alert.synthetic ? "[SYNTHETIC] " : ""}
                {alert.message}
                {alert.dollarEffect === null ? null : (
                  <> · dollar effect {formatUsd(alert.dollarEffect)} a year</>
                )}
                <br />
                <small>
                  Source:{" "}
                  {alert.source.kind === "files"
                    ? alert.source.files
                        .map((file) => `${file.location} (SHA-256 ${file.sha256})`)
                        .join("; ") || "no files"
                    : `${alert.source.title}, effective ${alert.source.effective}`}
                </small>
              </li>
            ))}
          </ul>
        </>
      )}
    </PageFrame>,
  );
}
