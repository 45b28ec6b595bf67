import type { Rule } from "./rule.js";
import type { Finding } from "./finding.js";
import type { ReferenceData } from "../analyze/reference/reference-types.js";
import { lineLabel, linePath, makeFinding } from "./rule-helpers.js";
import { SOURCES, withEdition } from "./sources.js";

const HEADERS = new WeakMap<ReferenceData, Set<string>>();

/** ICD-10-CM codes that have children (category headers, not billable), computed once per reference. */
function headerCodes(ref: ReferenceData): Set<string> {
  let headers = HEADERS.get(ref);
  if (!headers) {
    headers = new Set();
    for (const code of ref.icd10Titles.keys()) {
      const bare = code.replace(".", "");
      for (let n = 3; n < bare.length; n++) {
        const parent = bare.slice(0, n);
        headers.add(parent.length > 3 ? `${parent.slice(0, 3)}.${parent.slice(3)}` : parent);
      }
    }
    HEADERS.set(ref, headers);
  }
  return headers;
}

/**
 * Diagnoses must be valid, billable ICD-10-CM codes (a code with children is a category header,
 * not billable), and each facet/RF/epidural line should point at one.
 */
export const claimDiagnosisValid: Rule = {
  id: "claim-diagnosis-valid",
  title: "Diagnosis code unknown, not billable, or not pointed to",
  source: SOURCES.icd10,
  check(context) {
    const findings: Finding[] = [];
    const source = withEdition(this.source, context.ref.icd10Source.edition);
    const headers = headerCodes(context.ref);
    // A diagnosis already reported while reading (an ICD-9 code, a malformed one) is not repeated.
    // (A set only when there are problems: most claims have none.)
    const problems = context.claim.problems;
    const reported =
      problems === undefined ? undefined : new Set(problems.map((problem) => problem.path));
    context.claim.diagnoses.forEach((code, i) => {
      if (reported?.has(`diagnoses[${i}]`) === true) return;
      if (!context.ref.icd10Titles.has(code)) {
        findings.push(
          makeFinding(
            this,
            "error",
            `diagnoses[${i}]`,
            `${code} is not an ICD-10-CM code in the ${context.ref.icd10Source.edition} code set.`,
            "Correct the diagnosis code.",
            source,
          ),
        );
      } else if (headers.has(code)) {
        findings.push(
          makeFinding(
            this,
            "error",
            `diagnoses[${i}]`,
            `${code} (${context.ref.icd10Titles.get(code)}) is a category heading, not a billable code: a more specific code exists.`,
            `Use the full code, e.g. one of the ${code}x codes that names the region.`,
            source,
          ),
        );
      }
    });
    // 837I lines carry no diagnosis pointers (institutional diagnoses apply to the whole claim).
    for (const ref of context.claim.kind === "institutional" ? [] : context.lines) {
      if (
        ref.info &&
        ref.info.family !== "image-guidance" &&
        ref.line.diagnosisPointers.length === 0 &&
        context.claim.diagnoses.length > 0
      ) {
        findings.push(
          makeFinding(
            this,
            "warning",
            linePath(ref, "diagnosisPointers"),
            `${lineLabel(ref)} points to no diagnosis; payers match each line to the diagnosis that supports it.`,
            "Add the diagnosis pointer (837P SV107) to the supporting diagnosis.",
            source,
          ),
        );
      }
    }
    return findings;
  },
};
