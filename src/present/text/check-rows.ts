import type { ClaimCheckResult } from "../../rules/check-claim.js";
import type { Finding } from "../../rules/finding.js";
import type { CheckSummary } from "../../rules/check-summary.js";
import type { FileProblem } from "../../sources/claims/claim.js";

/**
 * `ratelens check --format jsonl|csv`: one row per finding (claim id, claim line, rule, severity,
 * message, source), written as each claim is checked, then summary rows per rule, per payer and
 * in total. Both formats carry a `type` column so a reader can tell findings from summary rows.
 */
export const CHECK_ROW_COLUMNS = [
  "type",
  "file",
  "claim_id",
  "payer",
  "line",
  "rule",
  "severity",
  "message",
  "path",
  "fix",
  "source",
] as const;

type Row = Partial<Record<(typeof CHECK_ROW_COLUMNS)[number], string | number>> & { type: string };

/** Rows of one claim's findings. */
export function claimRows(result: ClaimCheckResult): Row[] {
  return result.findings.map((finding) => {
    const row: Row = {
      type: "finding",
      file: result.origin.file,
      claim_id: result.claimId,
      payer: result.payer,
      rule: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      path: finding.path,
      source: citation(finding.source),
    };
    if (finding.line !== undefined) row.line = finding.line;
    if (finding.fix !== undefined) row.fix = finding.fix;
    return row;
  });
}

/**
 * One claim's findings as JSON Lines: the same text as `claimRows(result).map(jsonlRow)`, built
 * without a row object per finding (a million-claim check writes ~640,000 rows). Keys come in
 * the rows' order (type … source, then line and fix when set), each value escaped by
 * `JSON.stringify` as the row's would be; a citation's JSON is computed once per source object.
 */
export function claimJsonl(result: ClaimCheckResult): string {
  const findings = result.findings;
  if (findings.length === 0) return "";
  const head = `{"type":"finding","file":${JSON.stringify(result.origin.file)},"claim_id":${JSON.stringify(result.claimId)},"payer":${JSON.stringify(result.payer)},"rule":`;
  let text = "";
  for (const finding of findings) {
    text += `${head}${JSON.stringify(finding.ruleId)},"severity":${JSON.stringify(finding.severity)},"message":${JSON.stringify(finding.message)},"path":${JSON.stringify(finding.path)},"source":${citationJson(finding.source)}`;
    if (finding.line !== undefined) text += `,"line":${JSON.stringify(finding.line)}`;
    if (finding.fix !== undefined) text += `,"fix":${JSON.stringify(finding.fix)}`;
    text += "}\n";
  }
  return text;
}

const CITATION_JSON = new WeakMap<Finding["source"], string>();

function citationJson(source: Finding["source"]): string {
  let json = CITATION_JSON.get(source);
  if (json === undefined) {
    json = JSON.stringify(citation(source));
    CITATION_JSON.set(source, json);
  }
  return json;
}

/** The row of a file or transaction problem (no claim). */
export function fileProblemRow(problem: FileProblem): Row {
  const at = [
    problem.line !== undefined ? `line ${problem.line}` : "",
    problem.byteOffset !== undefined ? `byte ${problem.byteOffset}` : "",
  ]
    .filter((p) => p !== "")
    .join(", ");
  const row: Row = {
    type: "file-problem",
    file: problem.file,
    rule: problem.ruleId,
    severity: problem.severity,
    message: `${problem.scope}: ${problem.message}${at === "" ? "" : ` (file ${at})`}`,
    path: problem.path,
    source: citation(problem.source),
  };
  if (problem.fix !== undefined) row.fix = problem.fix;
  return row;
}

/** Summary rows: total, then per rule, then per payer. */
export function summaryRows(summary: CheckSummary): Row[] {
  const counts = (c: { error: number; warning: number; info: number }): string =>
    `${c.error} error(s), ${c.warning} warning(s), ${c.info} note(s)`;
  const rows: Row[] = [
    {
      type: "summary",
      message: `${summary.claims} claim(s), ${summary.claimsWithErrors} with errors, ${summary.fileProblems} file problem(s); findings: ${counts(summary.findings)}`,
    },
  ];
  for (const [rule, c] of [...summary.byRule].sort(([a], [b]) => a.localeCompare(b))) {
    rows.push({ type: "summary-rule", rule, message: counts(c) });
  }
  for (const [payer, c] of [...summary.byPayer].sort(([a], [b]) => a.localeCompare(b))) {
    rows.push({
      type: "summary-payer",
      payer,
      message: `${c.claims} claim(s), ${c.claimsWithErrors} with errors; ${counts(c)}`,
    });
  }
  return rows;
}

/** A row as one JSON line. */
export function jsonlRow(row: Row): string {
  return `${JSON.stringify(row)}\n`;
}

/** The CSV header line. */
export const CSV_HEADER = `${CHECK_ROW_COLUMNS.join(",")}\n`;

/** A row as one RFC 4180 CSV line (fields quoted when they hold a comma, quote or newline). */
export function csvRow(row: Row): string {
  return `${CHECK_ROW_COLUMNS.map((column) => csvField(row[column])).join(",")}\n`;
}

function csvField(value: string | number | undefined): string {
  if (value === undefined) return "";
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function citation(source: { key: string; title: string; effective?: string }): string {
  return `${source.key}: ${source.title}${source.effective !== undefined ? ` (${source.effective})` : ""}`;
}

/** The text summary after the claims: totals, then findings per rule and per payer. */
export function formatSummaryText(summary: CheckSummary): string {
  const f = summary.findings;
  const out = [
    `${summary.claims} claim(s): ${f.error} error(s), ${f.warning} warning(s), ${f.info} note(s)${summary.fileProblems > 0 ? `; ${summary.fileProblems} file problem(s)` : ""}`,
  ];
  if (summary.byRule.size > 0) {
    out.push("By rule:");
    for (const [rule, c] of [...summary.byRule].sort(
      ([, a], [, b]) => b.error - a.error || b.warning - a.warning,
    )) {
      out.push(
        `  ${rule.padEnd(32)} ${c.error} error(s), ${c.warning} warning(s), ${c.info} note(s)`,
      );
    }
  }
  if (summary.byPayer.size > 1 || summary.claims > 1) {
    out.push("By payer:");
    for (const [payer, c] of [...summary.byPayer].sort(([a], [b]) => a.localeCompare(b))) {
      out.push(
        `  ${payer.padEnd(32)} ${c.claims} claim(s), ${c.claimsWithErrors} with errors; ${c.error} error(s), ${c.warning} warning(s)`,
      );
    }
  }
  return `${out.join("\n")}\n`;
}
