import type { ReferenceData } from "../analyze/reference/reference-types.js";
import { codeInfo } from "../analyze/procedure-coder/code-catalog.js";
import type { Claim, ClaimProblem } from "../sources/claims/claim.js";
import { lineDate } from "../sources/claims/claim.js";
import type { Finding } from "./finding.js";
import type { LineRef, Rule, RuleContext } from "./rule.js";
import { RULES } from "./registry.js";
import { sideOfModifiers } from "./rule-helpers.js";
import { payerKeyFor, rulesOfKind, versionInForce } from "./policies/policy-book.js";
import type { PolicyBook } from "./policies/policy-types.js";

/** Claim line index → "rule-a, rule-b": the rules with a finding of `severity` on that line (for pricing notes). */
export function linesWithFindings(
  result: ClaimCheckResult,
  severity: Finding["severity"],
): Map<number, string> {
  const lines = new Map<number, string>();
  for (const finding of result.findings) {
    // `line` is set by checkClaim from the finding's path (1-based).
    if (finding.severity !== severity || finding.line === undefined) continue;
    const index = finding.line - 1;
    const before = lines.get(index);
    if (before === undefined) lines.set(index, finding.ruleId);
    else if (!before.split(", ").includes(finding.ruleId)) {
      lines.set(index, `${before}, ${finding.ruleId}`);
    }
  }
  return lines;
}

/** Rules that hold for an institutional (837I) claim too; the others are professional only. */
const INSTITUTIONAL_RULES: ReadonlySet<string> = new Set(["claim-diagnosis-valid"]);
const INSTITUTIONAL_SOURCE = {
  key: "NCCI-PTP-PRACTITIONER",
  title:
    "NCCI practitioner edits and the Physician Fee Schedule apply to professional claims; hospital outpatient claims use the NCCI hospital tables and OPPS",
  url: "https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits",
};

/** A problem found while reading the claim, as a finding on it (with the file position). */
function problemFinding(problem: ClaimProblem): Finding {
  const at = [
    problem.line !== undefined ? `line ${problem.line}` : "",
    problem.byteOffset !== undefined ? `byte ${problem.byteOffset}` : "",
  ]
    .filter((part) => part !== "")
    .join(", ");
  const finding: Finding = {
    ruleId: problem.ruleId,
    severity: problem.severity,
    message: at === "" ? problem.message : `${problem.message} (file ${at})`,
    path: problem.path,
    source: problem.source,
  };
  if (problem.fix !== undefined) finding.fix = problem.fix;
  return finding;
}

/** The outcome of checking one claim. */
export interface ClaimCheckResult {
  claimId: string;
  origin: Claim["origin"];
  payer: string;
  /** The policy-book payer and the version used (effective date), or null when none applies. */
  policy: { payer: string; effective: string | null; sourceKey: string } | null;
  findings: Finding[];
  counts: { error: number; warning: number; info: number };
  /** Rules that ran (the others did not apply to this claim: payer, missing facts). */
  rulesRun: string[];
}

export interface CheckClaimOptions {
  /** The patient's earlier claims (any order); those after this claim's date are ignored. */
  history?: readonly Claim[];
  policies?: PolicyBook;
  /** Restrict to these rules (default: the whole registry). */
  rules?: readonly Rule[];
}

/**
 * Checks one claim against every rule: NCCI (add-on, PTP, MUE), facet level counting, bilateral
 * reporting, imaging, Medicare LCD coverage and the payer's policy in force on the date of
 * service. Pure and synchronous (the HTTP API and the benchmark call it directly).
 */
export function checkClaim(
  ref: ReferenceData,
  claim: Claim,
  options: CheckClaimOptions = {},
): ClaimCheckResult {
  const lines: LineRef[] = claim.lines.map((line, index) => ({
    line,
    index,
    date: lineDate(claim, line),
    info: codeInfo(line.code),
    side: sideOfModifiers(line.modifiers),
  }));
  const days = new Map<string, LineRef[]>();
  for (const line of lines) {
    const day = days.get(line.date);
    if (day) day.push(line);
    else days.set(line.date, [line]);
  }
  const book = options.policies;
  const payerKey = book
    ? payerKeyFor(book, claim.payer)
    : claim.payer.toLowerCase().includes("medicare")
      ? "medicare"
      : undefined;
  const payerPolicy = payerKey !== undefined ? book?.get(payerKey) : undefined;
  const policy = payerPolicy ? versionInForce(payerPolicy, claim.dateOfService) : undefined;
  const history = earlierClaims(options.history, claim);
  const context: RuleContext = {
    ref,
    claim,
    lines,
    days,
    history,
    payerKey,
    payerPolicy,
    policy,
    bilateralFormat: rulesOfKind(policy, "bilateral-format")[0]?.format,
  };
  // Collected in module scratch arrays and copied once at their final size (growing a fresh
  // array push by push cost more garbage per claim than the rest of this function).
  const findings = FINDINGS;
  const rulesRun = RULES_RUN;
  findings.length = 0;
  rulesRun.length = 0;
  if (claim.problems !== undefined) {
    for (const problem of claim.problems) findings.push(problemFinding(problem));
  }
  const institutional = claim.kind === "institutional";
  if (claim.unreadable === true) {
    findings.push({
      ruleId: "claim-not-checked",
      severity: "info",
      message:
        "The claim could not be read well enough to run the rules (see the problems above); the other claims are checked.",
      path: "",
      source: { key: "RATELENS", title: "ratelens claim checker" },
    });
  } else if (institutional) {
    findings.push({
      ruleId: "institutional-rules-skipped",
      severity: "info",
      message: `Institutional claim (837I, type of bill ${claim.typeOfBill || "not given"}): listed and its diagnoses checked; the professional rules (NCCI practitioner edits, PFS pricing, professional LCD and payer-policy rules) do not apply and were skipped.`,
      path: "",
      source: INSTITUTIONAL_SOURCE,
    });
  }
  const rules = claim.unreadable === true ? [] : (options.rules ?? RULES);
  for (const rule of rules) {
    if (institutional && !INSTITUTIONAL_RULES.has(rule.id)) continue;
    if (rule.appliesTo && !rule.appliesTo(context)) continue;
    rulesRun.push(rule.id);
    // Most rules find nothing on most claims: no spread of an empty array per rule and claim.
    const found = rule.check(context);
    for (let i = 0; i < found.length; i++) findings.push(found[i]!);
  }
  for (const finding of findings) {
    // "lines[" tested first: the regular expression runs only on line paths.
    if (!finding.path.startsWith("lines[")) continue;
    const match = /^lines\[(\d+)\]/.exec(finding.path);
    if (match) finding.line = Number(match[1]) + 1;
  }
  const counts = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  const found = findings.length === 0 ? [] : findings.slice();
  const ran = rulesRun.slice();
  findings.length = 0;
  rulesRun.length = 0;
  return {
    claimId: claim.id,
    origin: claim.origin,
    payer: claim.payer,
    policy:
      payerPolicy && policy
        ? { payer: payerPolicy.payer, effective: policy.effective, sourceKey: policy.source.key }
        : null,
    findings: found,
    counts,
    rulesRun: ran,
  };
}

const NO_HISTORY: readonly Claim[] = [];
/** checkClaim's scratch (it is synchronous: one claim at a time); emptied after each claim. */
const FINDINGS: Finding[] = [];
const RULES_RUN: string[] = [];

/** The patient's claims before this one, oldest first (none without `--history`: no array per claim). */
function earlierClaims(all: readonly Claim[] | undefined, claim: Claim): readonly Claim[] {
  if (all === undefined || all.length === 0) return NO_HISTORY;
  return all
    .filter((earlier) => earlier !== claim && earlier.dateOfService < claim.dateOfService)
    .filter(
      (earlier) =>
        claim.patientId === undefined ||
        earlier.patientId === undefined ||
        earlier.patientId === claim.patientId,
    )
    .sort((a, b) => a.dateOfService.localeCompare(b.dateOfService));
}
