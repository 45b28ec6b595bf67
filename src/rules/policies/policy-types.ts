import type { BilateralFormat } from "../../analyze/procedure-coder/code-procedure.js";
import type { SourceCitation } from "../finding.js";

/**
 * Payer policy data (`data/policies/<payer>.json`): each payer keeps a list of versions, each
 * with its effective date, its source and its rules. A claim is checked against the version in
 * force on its date of service. Rules are a closed set of kinds so that a policy file is data,
 * not code, and two versions can be diffed rule by rule.
 */

export type { BilateralFormat };

/** The session kinds frequency limits count. */
export type SessionKind =
  "diagnostic-facet" | "therapeutic-facet" | "radiofrequency" | "transforaminal-epidural";

/** Which procedures a level limit covers. */
export type LimitedProcedure = "facet-injection" | "radiofrequency" | "transforaminal-epidural";

/** Services a payer calls experimental, unproven or not medically necessary. */
export type UncoveredService =
  "therapeutic-facet" | "ultrasound-guidance" | "non-thermal-radiofrequency";

/** One policy rule; `note` says it in the payer's terms, `id` names it for diffs. */
export type PolicyRule =
  | { id: string; kind: "bilateral-format"; format: BilateralFormat; note?: string }
  | {
      id: string;
      kind: "prior-authorization";
      codes: string[];
      placesOfService?: string[];
      note?: string;
    }
  | {
      id: string;
      kind: "max-levels-per-session";
      procedure: LimitedProcedure;
      maxLevels: number;
      per: "session" | "side";
      note?: string;
    }
  | {
      id: string;
      kind: "max-sessions-per-12-months";
      session: SessionKind;
      maxSessions: number;
      minDaysBetween?: number;
      note?: string;
    }
  | { id: string; kind: "not-covered"; service: UncoveredService; note?: string }
  | {
      id: string;
      kind: "minimum-relief";
      before: "second-diagnostic" | "radiofrequency";
      priorBlocks: number;
      reliefPercent: number;
      note?: string;
    };

/** One dated version of a payer's policy. `effective: null` = in force from an unknown date. */
export interface PolicyVersion {
  effective: string | null;
  /** Free text when the start date is not in the source. */
  effectiveNote?: string;
  source: SourceCitation & { evidence: "primary" | "secondary" };
  rules: PolicyRule[];
}

/** All versions of one payer's policy, oldest first. */
export interface PayerPolicy {
  payer: string;
  name: string;
  /** Lower-case name fragments that identify the payer on a claim ("aetna", "uhc"). */
  aliases: string[];
  versions: PolicyVersion[];
}

/** Every payer's policy, by payer key. */
export type PolicyBook = ReadonlyMap<string, PayerPolicy>;
