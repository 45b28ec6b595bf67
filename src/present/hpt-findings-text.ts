import type { HptFinding } from "../sources/hpt/hpt-finding.js";
import { summarizeFindings } from "../sources/hpt/hpt-finding.js";

/** One line per finding (`error  line 12  setting  [allowed-values] …`), then a summary line. */
export function formatHptFindings(
  file: string,
  findings: readonly HptFinding[],
  totals?: { errors: number; warnings: number },
): string {
  const lines = findings.map((f) => {
    const where = [f.row === null ? null : `line ${f.row}`, f.column]
      .filter((part) => part !== null)
      .join("  ");
    return `${f.severity.padEnd(7)} ${where === "" ? "" : `${where}  `}[${f.rule}] ${f.message}`;
  });
  const summary = summarizeFindings(findings);
  const errors = totals?.errors ?? summary.errors;
  const warnings = totals?.warnings ?? summary.warnings;
  const rules = Object.entries(summary.byRule)
    .sort((a, b) => b[1] - a[1])
    .map(([rule, n]) => `${rule} ${n}`)
    .join(", ");
  const shown = findings.length < errors + warnings ? ` (first ${findings.length} shown)` : "";
  lines.push(
    `${file}: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}${shown}${rules === "" ? "" : ` — ${rules}`}`,
  );
  return `${lines.join("\n")}\n`;
}
