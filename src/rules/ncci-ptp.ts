import type { Rule, LineRef } from "./rule.js";
import type { Finding } from "./finding.js";
import type { PtpEdit } from "../analyze/reference/reference-types.js";
import { includesImageGuidance } from "../analyze/procedure-coder/code-catalog.js";
import { DISTINCT_SERVICE_MODIFIERS, lineLabel, linePath, makeFinding } from "./rule-helpers.js";
import { SOURCES, withEdition } from "./sources.js";

/** Anatomic modifiers NCCI accepts as showing a different site (only when the two lines' sites differ). */
const ANATOMIC = new Set([
  "LT",
  "RT",
  "E1",
  "E2",
  "E3",
  "E4",
  "FA",
  "F1",
  "F2",
  "F3",
  "F4",
  "F5",
  "F6",
  "F7",
  "F8",
  "F9",
  "TA",
  "T1",
  "T2",
  "T3",
  "T4",
  "T5",
  "T6",
  "T7",
  "T8",
  "T9",
  "LC",
  "LD",
  "LM",
  "RC",
  "RI",
]);
/** Other NCCI-associated modifiers (E/M, global surgery, repeat test). */
const OTHER_ASSOCIATED = new Set(["24", "25", "27", "57", "58", "78", "79", "91"]);

/** The PTP edits as column 1 → column 2 → edit, built once per table: no "a|b" key per pair of lines. */
function byColumn1(
  ptp: ReadonlyMap<string, PtpEdit>,
): ReadonlyMap<string, ReadonlyMap<string, PtpEdit>> {
  let index = PTP_BY_COLUMN1.get(ptp);
  if (index === undefined) {
    const built = new Map<string, Map<string, PtpEdit>>();
    // From the "col1|col2" keys the table is looked up by, so both views agree.
    for (const [key, edit] of ptp) {
      const bar = key.indexOf("|");
      const column1 = key.slice(0, bar);
      let column2 = built.get(column1);
      if (column2 === undefined) {
        column2 = new Map();
        built.set(column1, column2);
      }
      column2.set(key.slice(bar + 1), edit);
    }
    index = built;
    PTP_BY_COLUMN1.set(ptp, index);
  }
  return index;
}

const PTP_BY_COLUMN1 = new WeakMap<
  ReadonlyMap<string, PtpEdit>,
  ReadonlyMap<string, ReadonlyMap<string, PtpEdit>>
>();

function bypassModifier(column1: LineRef, column2: LineRef): string | undefined {
  for (const modifier of column2.line.modifiers) {
    if (DISTINCT_SERVICE_MODIFIERS.has(modifier) || OTHER_ASSOCIATED.has(modifier)) return modifier;
    if (ANATOMIC.has(modifier) && !column1.line.modifiers.includes(modifier)) return modifier;
  }
  return undefined;
}

/**
 * NCCI procedure-to-procedure edits between two lines of one day. Indicator 0: never paid
 * together, no modifier helps. Indicator 1: the column-2 code is denied unless an NCCI-associated
 * modifier (59, XE, XS, XP, XU, an anatomic modifier for a different site, …) marks a distinct
 * service, which the record must support. Pairs that `image-guidance-bundled` and
 * `facet-with-paravertebral-block` explain are left to them.
 */
export const ncciPtp: Rule = {
  id: "ncci-ptp",
  title: "NCCI procedure-to-procedure edit between two lines",
  source: SOURCES.ncciPtp,
  check(context) {
    const { ptp: edits, ptpSource } = context.ref.ncci;
    const ptp = byColumn1(edits);
    const source = withEdition(this.source, ptpSource.edition);
    const findings: Finding[] = [];
    for (const [, refs] of context.days) {
      for (const column1 of refs) {
        for (const column2 of refs) {
          if (column1 === column2 || column1.line.code === column2.line.code) continue;
          const edit = ptp.get(column1.line.code)?.get(column2.line.code);
          if (!edit || edit.modifierIndicator === "9") continue;
          if (
            column2.info?.family === "image-guidance" &&
            includesImageGuidance(column1.line.code)
          ) {
            continue;
          }
          if (
            column1.info?.family === "paravertebral-block" &&
            column2.info?.family === "facet-injection"
          ) {
            continue;
          }
          const pair = `${lineLabel(column1)} and ${lineLabel(column2)}`;
          if (edit.modifierIndicator === "0") {
            findings.push(
              makeFinding(
                this,
                "error",
                linePath(column2, "code"),
                `${pair} are never paid together (NCCI edit, modifier indicator 0: ${edit.rationale}); ${column2.line.code} will be denied and no modifier overrides it.`,
                `Remove ${column2.line.code}, or bill it on another date only if it really was a separate session.`,
                source,
              ),
            );
            continue;
          }
          const modifier = bypassModifier(column1, column2);
          if (modifier === undefined) {
            findings.push(
              makeFinding(
                this,
                "error",
                linePath(column2, "modifiers"),
                `${pair}: ${column2.line.code} is bundled into ${column1.line.code} (NCCI edit, modifier indicator 1: ${edit.rationale}) and will be denied without a modifier showing a distinct service.`,
                `If ${column2.line.code} was a separate, distinct service (different site, session or encounter), append XS, XE, XP or XU (or 59) and document it; otherwise remove it.`,
                source,
              ),
            );
          } else {
            findings.push(
              makeFinding(
                this,
                "info",
                linePath(column2, "modifiers"),
                `${pair}: modifier ${modifier} bypasses the NCCI edit (${edit.rationale}); it is only valid when the record shows a distinct service.`,
                "Keep the documentation of the separate site or session with the claim.",
                source,
              ),
            );
          }
        }
      }
    }
    return findings;
  },
};
