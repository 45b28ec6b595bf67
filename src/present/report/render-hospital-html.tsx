/**
 * The publication's "Hospital price-transparency files" section in hono/jsx: every value (hospital
 * and payer names, plans, file names, algorithms) is escaped by construction; no raw markup. The
 * cells come from `hospital-rates-text.ts`, which the Markdown renderer uses too.
 */
import type {
  HospitalChargeRow,
  HospitalRatesForCode,
} from "../../analyze/source-benchmark/hospital-rates-for-code.js";
import {
  AMOUNT_COLUMNS,
  FILE_COLUMNS,
  hospitalSectionNotes,
  NON_DOLLAR_NOTE,
  OTHER_COLUMNS,
  splitHospitalRows,
  type HospitalColumn,
} from "./hospital-rates-text.js";

export function HospitalRatesSection({ rates }: { rates: HospitalRatesForCode }) {
  const notes = hospitalSectionNotes(rates);
  if (rates.rows.length === 0) {
    return (
      <>
        {notes.map((note) => (
          <p class="missing">{note}</p>
        ))}
      </>
    );
  }
  const { amounts, other } = splitHospitalRows(rates);
  return (
    <>
      {notes.map((note) => (
        <p class="muted">{note}</p>
      ))}
      {amounts.length === 0 ? (
        <p class="missing">No hospital file gives a dollar amount for this code.</p>
      ) : (
        <RowsTable className="hospital-rates-table" columns={AMOUNT_COLUMNS} rows={amounts} />
      )}
      {other.length === 0 ? null : (
        <>
          <h3>Percentages and algorithms</h3>
          <p class="muted">{NON_DOLLAR_NOTE}</p>
          <RowsTable className="hospital-nondollar-table" columns={OTHER_COLUMNS} rows={other} />
        </>
      )}
      <h3>Hospital files</h3>
      <div class="table-wrap">
        <table class="hospital-files-table">
          <thead>
            <tr>
              {FILE_COLUMNS.map((column) => (
                <th>{column.header}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rates.files.map((file) => (
              <tr class={file.synthetic ? "synthetic" : undefined}>
                {FILE_COLUMNS.map((column, index) => (
                  <td class={column.header === "SHA-256" ? "hash" : undefined}>
                    {column.text(file)}
                    {index === 0 && file.synthetic ? <Marker /> : null}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Marker() {
  return (
    <>
      {" "}
      <span class="synthetic-marker">synthetic</span>
    </>
  );
}

function RowsTable({
  className,
  columns,
  rows,
}: {
  className: string;
  columns: readonly HospitalColumn[];
  rows: readonly HospitalChargeRow[];
}) {
  return (
    <div class="table-wrap">
      <table class={className}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th class={column.numeric === true ? "num" : undefined}>{column.header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr class={`hospital-row${row.synthetic ? " synthetic" : ""}`}>
              {columns.map((column, index) => (
                <td class={column.numeric === true ? "num" : undefined}>
                  {column.lines(row).map((line, at) => (
                    <>
                      {at === 0 ? null : <br />}
                      {line}
                    </>
                  ))}
                  {index === 0 && row.hospital.synthetic ? <Marker /> : null}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
