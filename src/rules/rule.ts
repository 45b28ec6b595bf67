import type { ReferenceData } from "../analyze/reference/reference-types.js";
import type { CodeInfo } from "../analyze/procedure-coder/code-catalog.js";
import type { Claim, ClaimLine } from "../sources/claims/claim.js";
import type { Finding, SourceCitation } from "./finding.js";
import type { BilateralFormat, PayerPolicy, PolicyVersion } from "./policies/policy-types.js";

/** A claim line with its position and code facts, as rules see it. */
export interface LineRef {
  readonly line: ClaimLine;
  readonly index: number;
  readonly date: string;
  readonly info: CodeInfo | undefined;
  /** "left" (LT), "right" (RT), "bilateral" (50) or undefined. */
  readonly side: "left" | "right" | "bilateral" | undefined;
}

/** What a rule gets: the claim, its lines grouped by day, the patient's history and the payer's policy. */
export interface RuleContext {
  readonly ref: ReferenceData;
  readonly claim: Claim;
  readonly lines: readonly LineRef[];
  /** Lines grouped by date of service. */
  readonly days: ReadonlyMap<string, readonly LineRef[]>;
  /** Earlier claims of this patient (dates before this claim's), oldest first. */
  readonly history: readonly Claim[];
  /** Policy-book key of the payer ("medicare", "aetna", …) or undefined when unknown. */
  readonly payerKey: string | undefined;
  readonly payerPolicy: PayerPolicy | undefined;
  /** The payer's policy version in force on the date of service. */
  readonly policy: PolicyVersion | undefined;
  /** The payer's bilateral format; undefined when no policy says. */
  readonly bilateralFormat: BilateralFormat | undefined;
}

/** A claim rule: its id, title and source, an optional guard and a pure check returning findings. */
export interface Rule {
  readonly id: string;
  readonly title: string;
  readonly source: SourceCitation;
  /** When false, the rule does not run (e.g. Medicare-only coverage rules). */
  appliesTo?(context: RuleContext): boolean;
  check(context: RuleContext): Finding[];
}
