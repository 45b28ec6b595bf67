import type { CrosscheckResult } from "../analyze/crosscheck/crosscheck-types.js";

const money = (value: number, unit: string): string =>
  unit === "percent" ? `${value}%` : `$${value.toFixed(2)}${unit === "per_diem" ? "/day" : ""}`;

/** The cross-check as text: one line per comparison with both values and their sources, then a summary. */
export function formatCrosscheck(result: CrosscheckResult): string {
  const lines: string[] = [];
  if (result.synthetic) {
    lines.push("SYNTHETIC data included: values from generated files are not real rates.");
  }
  for (const row of result.rows) {
    const hospital = row.hospital.name ?? `hospital file ${row.hospital.fileId}`;
    const h = row.hospitalValues
      .map(
        (v) => `${money(v.value, row.unit)} (${v.plan ?? "no plan"}; ${v.location} ${v.position})`,
      )
      .join("; ");
    const p = row.payerValues
      .map((v) => `${money(v.value, row.unit)} (${v.location} ${v.position})`)
      .join("; ");
    const head = `${row.status.padEnd(16)} ${row.payer} × ${hospital} × ${row.code} × ${row.setting}`;
    const diff =
      row.difference === null
        ? ""
        : ` difference ${row.difference > 0 ? "+" : ""}${row.difference}`;
    lines.push(
      `${head}${diff}\n    hospital: ${h === "" ? "none" : h}\n    payer:    ${p === "" ? "none" : p}`,
    );
  }
  const s = result.summary;
  lines.push(
    `${s.agree} agree, ${s.differ} differ, ${s["payer-missing"]} missing in the payer's file, ${s["hospital-missing"]} missing in the hospital's file (tolerance ${result.tolerance})`,
  );
  if (result.payersWithoutTicFile.length > 0) {
    lines.push(`no TiC file loaded for: ${result.payersWithoutTicFile.join(", ")}`);
  }
  return `${lines.join("\n")}\n`;
}
