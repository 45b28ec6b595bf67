import type { FileProblem } from "../../sources/claims/claim.js";
import type { ClaimReport } from "../../rules/check-and-price.js";

export type { ClaimReport } from "../../rules/check-and-price.js";

const money = (amount: number): string => `$${amount.toFixed(2)}`;

/** The text report of one claim: findings with line, severity, message, fix and source; then the amounts. */
export function formatClaimReport(report: ClaimReport): string {
  const out: string[] = [];
  const { error, warning, info } = report.counts;
  const policy = report.policy
    ? `, policy ${report.policy.payer} ${report.policy.effective ?? "(undated)"}`
    : "";
  out.push(
    `Claim ${report.claimId} (${report.payer}${policy}) from ${report.origin.file} ${report.origin.location}: ${error} error(s), ${warning} warning(s), ${info} note(s)`,
  );
  for (const finding of report.findings) {
    const where =
      finding.line !== undefined ? `line ${finding.line} (${finding.path})` : finding.path;
    out.push(`  ${finding.severity.toUpperCase().padEnd(7)} ${finding.ruleId} at ${where}`);
    out.push(`          ${finding.message}`);
    if (finding.fix !== undefined) out.push(`          Fix: ${finding.fix}`);
    out.push(
      `          Source: ${finding.source.key}: ${finding.source.title}${finding.source.effective ? ` (${finding.source.effective})` : ""}${finding.source.url ? ` ${finding.source.url}` : ""}`,
    );
  }
  if (report.findings.length === 0) out.push("  No findings.");
  const expected = report.expectedMedicare;
  if ("unavailable" in expected) {
    out.push(`  Expected Medicare allowed amount: not computed: ${expected.unavailable}`);
  } else {
    out.push(
      `  Expected Medicare allowed amount (PFS ${expected.year}, ${expected.setting}, ${expected.locality ?? "national, GPCI 1.000"}):`,
    );
    for (const day of expected.days) {
      day.priced.lines.forEach((line, i) => {
        const claimIndex = day.claimLineIndexes[i]!;
        const amount = line.unpriced !== undefined ? "MAC-priced" : money(line.allowed);
        out.push(
          `    line ${claimIndex + 1} ${[line.code, ...line.modifiers].join("-").padEnd(14)} ${amount.padStart(10)}  ${line.explanation.join("; ")}`,
        );
      });
    }
    for (const note of expected.notes) out.push(`    note: ${note}`);
    const macPriced = expected.days.some((day) =>
      day.priced.lines.some((line) => line.unpriced !== undefined),
    );
    out.push(
      `    total ${money(expected.total)}${macPriced ? " plus the MAC's price for the contractor-priced line(s)" : ""}`,
    );
  }
  return `${out.join("\n")}\n`;
}

/** The text of a file or transaction problem (a bad SE count, a JSONL record that is not a claim). */
export function formatFileProblem(problem: FileProblem): string {
  const at = [
    problem.line !== undefined ? `line ${problem.line}` : "",
    problem.byteOffset !== undefined ? `byte ${problem.byteOffset}` : "",
    problem.path,
  ]
    .filter((p) => p !== "")
    .join(", ");
  return `${problem.file} ${problem.scope} (${at}): ${problem.severity.toUpperCase()} ${problem.ruleId}\n          ${problem.message}\n          Source: ${problem.source.key}: ${problem.source.title}\n\n`;
}
