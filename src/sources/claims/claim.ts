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
}

/** Normalises an ICD-10-CM code to upper case with its dot after the third character. */
export function normalizeDiagnosis(code: string): string {
  const bare = code.trim().toUpperCase().replace(/\./g, "");
  return bare.length > 3 ? `${bare.slice(0, 3)}.${bare.slice(3)}` : bare;
}

/** The date of service of a line (its own, or the claim's). */
export function lineDate(claim: Claim, line: ClaimLine): string {
  return line.dateOfService ?? claim.dateOfService;
}
