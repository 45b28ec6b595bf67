import type { ProcedureFacts } from "./procedure-facts.js";

/**
 * The claim model every reader (JSON, JSONL, CSV, X12 837P) produces and every rule reads.
 * Codes are upper-case, ICD-10-CM codes carry their dot ("M47.816"), dates are ISO (YYYY-MM-DD).
 */

/** One service line. */
export interface ClaimLine {
  code: string;
  modifiers: string[];
  units: number;
  /** 1-based pointers into `Claim.diagnoses` (837P SV107). */
  diagnosisPointers: number[];
  /** The line's own date of service when it differs from the claim's (837P DTP*472 per line). */
  dateOfService?: string;
  /** Where the line came from, e.g. "line 12" or "segment 23 (SV1)". */
  origin?: string;
  /** Anesthesia time when the line was billed in minutes (837P SV103 "MJ"); `units` is then 1. */
  minutes?: number;
  /** Institutional revenue code (837I SV201). */
  revenueCode?: string;
}

/** The citation of a problem found while reading a claim (same shape as a rule's source). */
export interface ProblemSource {
  key: string;
  title: string;
  url?: string;
}

/**
 * A problem found while reading one claim (a bad segment, an ICD-9 code, a pointer at a missing
 * diagnosis). It belongs to that claim: the checker reports it as a finding on the claim and
 * checks the rest, so one bad claim never stops the others.
 */
export interface ClaimProblem {
  ruleId: string;
  severity: "error" | "warning" | "info";
  message: string;
  /** Where on the claim or in the file: "segment 23 (SV101)", "diagnoses[0]", "$.lines[1].units". */
  path: string;
  /** Position in the file (1-based line, byte offset) when known. */
  line?: number;
  byteOffset?: number;
  fix?: string;
  source: ProblemSource;
}

/** One professional claim. */
export interface Claim {
  id: string;
  /** Payer name as billed ("Medicare Part B", "Aetna"); matched to a policy book by `payerKey`. */
  payer: string;
  /** Payer identifier (837P NM1*PR09) when known. */
  payerId?: string;
  dateOfService: string;
  placeOfService: string;
  renderingNpi?: string;
  billingNpi?: string;
  /** Patient or member identifier, used to match `--history` claims to this patient. */
  patientId?: string;
  /** Prior authorization number (837P REF*G1) when one was obtained. */
  priorAuthorization?: string;
  diagnoses: string[];
  lines: ClaimLine[];
  facts?: ProcedureFacts;
  /** Where the claim came from: file and position. */
  origin: { file: string; location: string };
  /** "institutional" for 837I claims (professional rules do not apply); professional otherwise. */
  kind?: "professional" | "institutional";
  /** Institutional type of bill (837I CLM05-1 facility code + CLM05-3 frequency). */
  typeOfBill?: string;
  /** Problems found while reading this claim (reported as findings on it). */
  problems?: ClaimProblem[];
  /** True when the claim could not be read well enough to run the rules (no lines, no date). */
  unreadable?: boolean;
}

/** A problem of the file or of one transaction (SE/GE/IEA counts), not of one claim. */
export interface FileProblem extends ClaimProblem {
  file: string;
  /** What it is about, e.g. "transaction 0042 (ST at segment 3)". */
  scope: string;
  /** The CSV column at fault, when known. */
  column?: string;
}

/** What a streaming claim reader yields: a claim (with its problems) or a file-level problem. */
export type ClaimItem =
  { kind: "claim"; claim: Claim } | { kind: "file-problem"; problem: FileProblem };

/** Normalises an ICD-10-CM code to upper case with its dot after the third character. */
export function normalizeDiagnosis(code: string): string {
  const bare = code.trim().toUpperCase().replace(/\./g, "");
  return bare.length > 3 ? `${bare.slice(0, 3)}.${bare.slice(3)}` : bare;
}

/** The date of service of a line (its own, or the claim's). */
export function lineDate(claim: Claim, line: ClaimLine): string {
  return line.dateOfService ?? claim.dateOfService;
}
