/** How bad a finding is: `error` blocks payment, `warning` risks denial, `info` is advice. */
export type Severity = "error" | "warning" | "info";

/** Where a rule's requirement comes from: a document, table or policy with its date. */
export interface SourceCitation {
  /** Short key, e.g. "NCCI-AOC-2024-06-03", "LCD-L38773", "AETNA-CPB-0016". */
  key: string;
  /** Human title with the edition or effective date. */
  title: string;
  url?: string;
  effective?: string;
}

/**
 * A finding is data, not an exception: which rule, how bad, what it says in a biller's words,
 * where on the claim (`path`, e.g. "lines[2].modifiers"), how to fix it and where the rule comes from.
 */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  path: string;
  /** 1-based claim line number when the finding is about one line (set by `checkClaim` from `path`). */
  line?: number;
  fix?: string;
  source: SourceCitation;
}
