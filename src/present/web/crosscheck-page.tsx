/**
 * The cross-check page: the hospitals' own negotiated charges beside the payers' TiC rates, one row
 * per payer × hospital × code × setting, with both values and where each comes from (file, hash,
 * line or JSON path). A plain GET form (the CLI's options), no script; hono/jsx escapes every value.
 */
import type {
  CrosscheckOptions,
  CrosscheckResult,
  CrosscheckRow,
} from "../../analyze/crosscheck/crosscheck-types.js";
import { formatUsd } from "../../analyze/money.js";
import { PageFrame, renderDocument } from "./page-frame.js";

const LABEL: Record<CrosscheckRow["status"], string> = {
  agree: "Agree",
  differ: "Differ",
  "payer-missing": "Not in the payer's file",
  "hospital-missing": "Not in the hospital's file",
};

/** Percent of billed charges, dollars, or dollars per day: the three are never compared. */
export function crosscheckAmount(value: number, unit: CrosscheckRow["unit"]): string {
  return unit === "percent"
    ? `${value}%`
    : `${formatUsd(value)}${unit === "per_diem" ? " per day" : ""}`;
}

function Sources({
  values,
  unit,
}: {
  values: readonly { value: number; location: string; sha256: string; position: string }[];
  unit: CrosscheckRow["unit"];
}) {
  if (values.length === 0) return <span class="missing">none</span>;
  return (
    <>
      {values.map((v, index) => (
        <>
          {index === 0 ? null : <br />}
          {crosscheckAmount(v.value, unit)}
          <br />
          <span class="muted">
            <code>{v.location}</code> {v.position} · sha256 {v.sha256.slice(0, 12)}…
          </span>
        </>
      ))}
    </>
  );
}

function Row({ row }: { row: CrosscheckRow }) {
  const synthetic =
    row.hospitalValues.some((v) => v.synthetic) || row.payerValues.some((v) => v.synthetic);
  return (
    <tr class={`status-${row.status}`}>
      <td>
        {LABEL[row.status]}
        {synthetic ? (
          <>
            {" "}
            <span class="synthetic-marker">SYNTHETIC</span>
          </>
        ) : null}
      </td>
      <td>{row.payer}</td>
      <td>
        {row.hospital.name ?? `file ${row.hospital.fileId}`}
        {row.hospital.ein === null ? null : (
          <>
            <br />
            <span class="muted">EIN {row.hospital.ein}</span>
          </>
        )}
      </td>
      <td>
        <code>{row.code}</code>
      </td>
      <td>{row.setting}</td>
      <td>
        <Sources values={row.hospitalValues} unit={row.unit} />
      </td>
      <td>
        <Sources values={row.payerValues} unit={row.unit} />
      </td>
      <td>{row.difference === null ? "" : crosscheckAmount(row.difference, row.unit)}</td>
    </tr>
  );
}

function FilterForm({ options }: { options: CrosscheckOptions }) {
  return (
    <form class="filters" method="get" action="/crosscheck">
      <label>
        Payer <input name="payer" size={16} value={options.payer ?? ""} />
      </label>
      <label>
        Hospital (name, EIN or NPI){" "}
        <input name="hospital" size={20} value={options.hospital ?? ""} />
      </label>
      <label>
        Codes (comma list) <input name="codes" size={20} value={options.codes?.join(", ") ?? ""} />
      </label>
      <label>
        Tolerance <input name="tolerance" size={6} value={String(options.tolerance ?? 0.01)} />
      </label>
      <button type="submit">Compare</button>
    </form>
  );
}

/** The cross-check result under the filters that produced it. */
export function renderCrosscheckPage(
  result: CrosscheckResult,
  options: CrosscheckOptions = {},
): string {
  const s = result.summary;
  return renderDocument(
    <PageFrame title="Hospital vs payer rates · ratelens" synthetic={result.synthetic}>
      <h1>Hospital files against payer files</h1>
      <p class="muted">
        Each hospital's own payer-specific negotiated charges (its price-transparency file) beside
        the payer's institutional rates for the same hospital (EIN = TIN, or type-2 NPI), code and
        setting. Dollars, percentages and per-diem rates are never compared with each other. The
        files: <a href="/hospitals">loaded hospital files</a>.
      </p>
      <FilterForm options={options} />
      <p>
        {s.agree} agree, {s.differ} differ, {s["payer-missing"]} not in the payer's file,{" "}
        {s["hospital-missing"]} not in the hospital's file (tolerance {String(result.tolerance)}).
      </p>
      {result.rows.length === 0 ? (
        <p class="missing">
          Nothing to compare: load a hospital file and the payer's TiC file (ratelens ingest).
        </p>
      ) : (
        <table class="findings-table">
          <thead>
            <tr>
              <th>Outcome</th>
              <th>Payer</th>
              <th>Hospital</th>
              <th>Code</th>
              <th>Setting</th>
              <th>Hospital file</th>
              <th>Payer file</th>
              <th>Difference</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((row) => (
              <Row row={row} />
            ))}
          </tbody>
        </table>
      )}
      {result.payersWithoutTicFile.length === 0 ? null : (
        <p class="missing">No TiC file loaded for: {result.payersWithoutTicFile.join(", ")}.</p>
      )}
    </PageFrame>,
  );
}
