/**
 * A finding about a hospital price-transparency file, as CMS's validator (CMSgov/hpt-validator)
 * reports one: which rule, how serious, and where (CSV line and column label, or JSON path in
 * `column` with `row` null). Findings are data; a file too broken to read is an `InputError`.
 */
export type HptSeverity = "error" | "warning";

export interface HptFinding {
  readonly rule: string;
  readonly severity: HptSeverity;
  readonly row: number | null;
  readonly column: string | null;
  readonly message: string;
}

/** Counts per severity and per rule, for the summary line. */
export interface HptFindingSummary {
  errors: number;
  warnings: number;
  byRule: Record<string, number>;
}

export function summarizeFindings(findings: readonly HptFinding[]): HptFindingSummary {
  const summary: HptFindingSummary = { errors: 0, warnings: 0, byRule: {} };
  for (const finding of findings) {
    if (finding.severity === "error") summary.errors++;
    else summary.warnings++;
    summary.byRule[finding.rule] = (summary.byRule[finding.rule] ?? 0) + 1;
  }
  return summary;
}

/** Shorthand used by the readers and rules. */
export function finding(
  rule: string,
  severity: HptSeverity,
  row: number | null,
  column: string | null,
  message: string,
): HptFinding {
  return { rule, severity, row, column, message };
}
