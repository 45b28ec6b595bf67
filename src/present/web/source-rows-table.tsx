/**
 * Rates by source under the explorer's benchmark: one row per source × payer (× hospital) ×
 * setting × unit, each labelled "Payer TiC file" or "Hospital file", never pooled across sources.
 */
import type { SourceBenchmarkRow } from "../../analyze/source-benchmark/benchmark-by-source.js";
import { crosscheckAmount } from "./crosscheck-page.js";

const SOURCE_LABEL: Record<SourceBenchmarkRow["source"], string> = {
  "payer-tic": "Payer TiC file",
  "hospital-mrf": "Hospital file",
};

export function SourceRowsTable({ rows }: { rows: readonly SourceBenchmarkRow[] }) {
  return (
    <section class="by-source">
      <h2>By source</h2>
      <p class="muted">
        Institutional rates from the payers' own TiC files and payer-specific negotiated charges
        from the hospitals' price-transparency files, each in its own row: the two describe the same
        contracts from two sides, so they are never pooled (the{" "}
        <a href="/crosscheck">cross-check</a> compares them).
      </p>
      {rows.length === 0 ? (
        <p class="missing">No rates from either source for this code and these filters.</p>
      ) : (
        <table class="source-table">
          <thead>
            <tr>
              <th>Source</th>
              <th>Payer</th>
              <th>Hospital</th>
              <th>Setting</th>
              <th>n</th>
              <th>Min</th>
              <th>Median</th>
              <th>Max</th>
              <th>Files</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr class={`source-${row.source}${row.synthetic ? " synthetic" : ""}`}>
                <td>
                  {SOURCE_LABEL[row.source]}
                  {row.synthetic ? (
                    <>
                      {" "}
                      <span class="synthetic-marker">SYNTHETIC</span>
                    </>
                  ) : null}
                </td>
                <td>{row.payer}</td>
                <td>
                  {row.hospital === null
                    ? "all in the payer's file"
                    : (row.hospital.name ?? `hospital file ${row.hospital.fileId}`)}
                </td>
                <td>{row.setting}</td>
                <td>{row.count}</td>
                <td>{crosscheckAmount(row.min, row.unit)}</td>
                <td>{crosscheckAmount(row.median, row.unit)}</td>
                <td>{crosscheckAmount(row.max, row.unit)}</td>
                <td>
                  {row.files.map((file, index) => (
                    <>
                      {index === 0 ? null : <br />}
                      <code>{file.location}</code>{" "}
                      <span class="muted">sha256 {file.sha256.slice(0, 12)}…</span>
                    </>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
