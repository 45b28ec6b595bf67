/**
 * The /contracts page (hono/jsx, rendered on the server): upload a fee schedule or try the
 * sample, then the totals per payer, the lines ranked by dollar opportunity, one chart per line
 * (your rate against each payer's market distribution, Medicare marked), the offer (changing it
 * re-evaluates, via the external script `/assets/contracts.js`: no inline script, for the CSP)
 * and the workbook download. In the frame every other page has (`PageFrame`); values escaped by
 * construction.
 */
import { raw } from "hono/html";
import type {
  ContractEvaluation,
  LineEvaluation,
  PayerTotals,
} from "../../analyze/contracts/contract-types.js";
import { contractHeadline } from "../contracts/contract-text.js";
import { contractChartSvg } from "../contracts/contract-chart-svg.js";
import { formatUsd } from "../../analyze/money.js";
import { CONTRACTS_SCRIPT_PATH } from "./contracts-assets.js";
import { PageFrame, renderDocument } from "./page-frame.js";

/** What the user gave, echoed back into the forms. */
export interface ContractsForm {
  name: string;
  schedule: string;
  market: string;
  zip: string;
  offer: string;
}

const PRESET_OFFERS = ["120% medicare", "140% medicare", "p60", "+4%"];

const money = (value: number | null | undefined): string =>
  value === null || value === undefined ? "—" : formatUsd(value);
const pct = (value: number | null): string => (value === null ? "—" : `${Math.round(value)}%`);

function Hidden(props: { form: ContractsForm; withOffer: boolean }) {
  return (
    <>
      <input type="hidden" name="name" value={props.form.name} />
      <input type="hidden" name="market" value={props.form.market} />
      <input type="hidden" name="zip" value={props.form.zip} />
      {props.withOffer ? <input type="hidden" name="offer" value={props.form.offer} /> : null}
      <textarea name="schedule" hidden>
        {props.form.schedule}
      </textarea>
    </>
  );
}

function TotalsRow(props: { totals: PayerTotals; all?: boolean }) {
  const t = props.totals;
  return (
    <tr class={props.all === true ? "total-row" : "payer-total"} data-payer={t.payer}>
      <td>{t.payer}</td>
      <td class="num">{t.lines}</td>
      <td class="num">{money(t.todayRevenue)}</td>
      <td class="num">{money(t.gapToMedian)}</td>
      <td class="num">{money(t.gapToP75)}</td>
      <td class="num projected">{money(t.projectedRevenue)}</td>
      <td class="num change">{money(t.projectedChange)}</td>
    </tr>
  );
}

function LineRow(props: { line: LineEvaluation }) {
  const l = props.line;
  const synthetic = (l.allPayers?.synthetic ?? false) || (l.samePayer?.synthetic ?? false);
  return (
    <tr class={`line-row${synthetic ? " synthetic" : ""}`} data-row={String(l.row)}>
      <td>{l.row}</td>
      <td>{l.payer}</td>
      <td>{`${l.code}${l.modifier === "" ? "" : `-${l.modifier}`}`}</td>
      <td>{l.setting}</td>
      <td class="num">{money(l.rate)}</td>
      <td class="num">{pct(l.percentOfMedicare)}</td>
      <td class="num">
        {l.marketPercentile === null ? "—" : `p${Math.round(l.marketPercentile)}`}
      </td>
      <td class="num">
        {l.samePayer === null ? "—" : `${money(l.samePayer.median)} (n=${l.samePayer.n})`}
      </td>
      <td class="num">
        {l.allPayers === null
          ? "—"
          : `${money(l.allPayers.median)} / ${money(l.allPayers.p75)} (n=${l.allPayers.n})`}
      </td>
      <td class="num">{money(l.medicare?.amount)}</td>
      <td class="num">{l.volume ?? "—"}</td>
      <td class="num gap">{money(l.annualGapToMedian)}</td>
      <td class="num">{money(l.offer?.rate)}</td>
      <td class="num">{money(l.offer?.change)}</td>
      <td>
        {synthetic ? <span class="synthetic-marker">synthetic</span> : null}
        {l.warnings.length > 0 ? (
          <details class="line-notes">
            <summary>{`${l.warnings.length} note${l.warnings.length === 1 ? "" : "s"}`}</summary>
            <ul>
              {l.warnings.map((w) => (
                <li>{w}</li>
              ))}
            </ul>
          </details>
        ) : null}
      </td>
    </tr>
  );
}

function Results(props: { evaluation: ContractEvaluation; form: ContractsForm }) {
  const e = props.evaluation;
  return (
    <section id="results">
      {contractHeadline(e).map((line) => (
        <p class="muted">{line}</p>
      ))}
      <form id="offer-form" method="post" action="/contracts" enctype="multipart/form-data">
        <Hidden form={props.form} withOffer={false} />
        <label>
          Offer (what-if){" "}
          <input
            id="offer"
            name="offer"
            value={props.form.offer}
            placeholder="140% medicare, p60, +4%"
          />
        </label>{" "}
        {PRESET_OFFERS.map((offer) => (
          <button type="button" class="preset-offer" data-offer={offer}>
            {offer}
          </button>
        ))}{" "}
        <button type="submit" id="recalculate">
          Recalculate
        </button>
      </form>
      <form
        id="workbook-form"
        method="post"
        action="/contracts/workbook"
        enctype="multipart/form-data"
      >
        <Hidden form={props.form} withOffer={true} />
        <button type="submit" id="download-workbook">
          Download the workbook (.xlsx)
        </button>
      </form>
      <h2>Totals per payer</h2>
      <table id="totals" class="benchmark-table">
        <thead>
          <tr>
            <th>Payer</th>
            <th>Lines</th>
            <th>Today / year</th>
            <th>Gap to market median / year</th>
            <th>Gap to p75 / year</th>
            <th>With the offer / year</th>
            <th>Change / year</th>
          </tr>
        </thead>
        <tbody>
          {e.payers.map((t) => (
            <TotalsRow totals={t} />
          ))}
          <TotalsRow totals={e.total} all={true} />
        </tbody>
      </table>
      <h2>Lines, furthest below market first</h2>
      <p class="muted">
        Gap = (all-payer market median − your rate) × annual volume: positive means paid below the
        market median. Market percentile: share of market rates below yours (ties count half).
      </p>
      <table id="lines" class="benchmark-table">
        <thead>
          <tr>
            <th>Row</th>
            <th>Payer</th>
            <th>Code</th>
            <th>Setting</th>
            <th>Your rate</th>
            <th>% Medicare</th>
            <th>Market pct</th>
            <th>Payer median</th>
            <th>All payers median / p75</th>
            <th>Medicare</th>
            <th>Volume</th>
            <th>Gap / year</th>
            <th>Offer rate</th>
            <th>Offer change / year</th>
            <th>Notes</th>
          </tr>
        </thead>
        <tbody>
          {e.lines.map((line) => (
            <LineRow line={line} />
          ))}
        </tbody>
      </table>
      <h2>Your rate against each payer's distribution</h2>
      {e.lines.map((line, index) => {
        const svg = contractChartSvg(line);
        return (
          <details class="line-chart" open={index === 0}>
            <summary>{`Row ${line.row}: ${line.payer} ${line.code} (${line.setting})`}</summary>
            {/* Raw: our own SVG renderer, which escapes every value it writes (payer names too). */}
            {svg === null ? (
              <p class="missing">No market rates for this code and setting.</p>
            ) : (
              raw(svg)
            )}
          </details>
        );
      })}
      {e.warnings.length > 0 ? (
        <>
          <h2>Warnings</h2>
          <ul id="warnings">
            {e.warnings.map((w) => (
              <li>{w}</li>
            ))}
          </ul>
        </>
      ) : null}
      {e.errors.length > 0 ? (
        <>
          <h2>Rows not evaluated</h2>
          <ul id="row-errors">
            {e.errors.map((err) => (
              <li>{`Row ${err.row}${err.column === null ? "" : ` (${err.column})`}: ${err.message}`}</li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function Body(props: {
  evaluation: ContractEvaluation | null;
  form: ContractsForm;
  error: string | null;
}) {
  return (
    <>
      <h1>Contract evaluation</h1>
      <p class="subtitle">
        Your fee schedule against what each payer pays in your market, against Medicare for your
        locality, and what an offer is worth on your volumes.
      </p>
      <form id="upload-form" method="post" action="/contracts" enctype="multipart/form-data">
        <label>
          Fee schedule (CSV or .xlsx) <input type="file" name="file" accept=".csv,.xlsx,text/csv" />
        </label>{" "}
        <label>
          Market <input name="market" value={props.form.market} placeholder="cbsa:12580" />
        </label>{" "}
        <label>
          Practice ZIP <input name="zip" value={props.form.zip} size={6} />
        </label>{" "}
        <label>
          Offer <input name="offer" value={props.form.offer} placeholder="140% medicare" />
        </label>{" "}
        <button type="submit">Evaluate</button>
      </form>
      <form method="get" action="/contracts">
        <input type="hidden" name="sample" value="1" />
        <button type="submit" id="try-sample">
          Try the sample (a synthetic Baltimore pain practice)
        </button>
      </form>
      <p class="muted">
        Columns: payer, code, modifier, setting (facility / nonfacility) or place_of_service, rate
        (dollars) or percent_of_medicare with medicare_year, annual_volume, offer (optional, per
        line). Markets: national, state:MD, locality:12302-01, cbsa:12580, county:24005,
        zip:21201,21202.
      </p>
      {props.error === null ? null : (
        <p class="missing" id="form-error">
          {props.error}
        </p>
      )}
      {props.evaluation === null ? null : (
        <Results evaluation={props.evaluation} form={props.form} />
      )}
    </>
  );
}

/** The whole page as HTML. */
export function renderContractsPage(
  evaluation: ContractEvaluation | null,
  form: ContractsForm,
  error: string | null = null,
): string {
  return renderDocument(
    <PageFrame
      title="Contract evaluation · ratelens"
      synthetic={evaluation?.containsSynthetic ?? false}
      scripts={[CONTRACTS_SCRIPT_PATH]}
    >
      <Body evaluation={evaluation} form={form} error={error} />
    </PageFrame>,
  );
}
