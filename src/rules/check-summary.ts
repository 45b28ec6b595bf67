import type { ClaimCheckResult } from "./check-claim.js";
import type { Severity } from "./finding.js";

/** Counts by severity. */
export interface SeverityCounts {
  error: number;
  warning: number;
  info: number;
}

/** What a batch check adds up to: totals, per rule and per payer (claims and findings). */
export interface CheckSummary {
  claims: number;
  /** Claims with at least one error finding. */
  claimsWithErrors: number;
  /** Problems of a file or transaction (not of one claim), e.g. a bad SE count or a bad record. */
  fileProblems: number;
  findings: SeverityCounts;
  byRule: Map<string, SeverityCounts>;
  byPayer: Map<string, SeverityCounts & { claims: number; claimsWithErrors: number }>;
}

const zero = (): SeverityCounts => ({ error: 0, warning: 0, info: 0 });

/** An empty summary to add results to. */
export function emptySummary(): CheckSummary {
  return {
    claims: 0,
    claimsWithErrors: 0,
    fileProblems: 0,
    findings: zero(),
    byRule: new Map(),
    byPayer: new Map(),
  };
}

/** Adds one claim's result (constant work per finding: the batch is never held). */
export function addToSummary(summary: CheckSummary, result: ClaimCheckResult): void {
  summary.claims++;
  const payerKey = result.payer === "" ? "(payer unknown)" : result.payer;
  let payer = summary.byPayer.get(payerKey);
  if (!payer) {
    payer = { ...zero(), claims: 0, claimsWithErrors: 0 };
    summary.byPayer.set(payerKey, payer);
  }
  payer.claims++;
  if (result.counts.error > 0) {
    summary.claimsWithErrors++;
    payer.claimsWithErrors++;
  }
  for (const finding of result.findings) count(summary, finding.ruleId, finding.severity, payer);
}

/** Adds a file or transaction problem. */
export function addFileProblemToSummary(
  summary: CheckSummary,
  ruleId: string,
  severity: Severity,
): void {
  summary.fileProblems++;
  count(summary, ruleId, severity);
}

function count(
  summary: CheckSummary,
  ruleId: string,
  severity: Severity,
  payer?: SeverityCounts,
): void {
  summary.findings[severity]++;
  let rule = summary.byRule.get(ruleId);
  if (!rule) {
    rule = zero();
    summary.byRule.set(ruleId, rule);
  }
  rule[severity]++;
  if (payer) payer[severity]++;
}
