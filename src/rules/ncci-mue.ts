import type { LineRef, Rule } from "./rule.js";
import type { Finding } from "./finding.js";
import { lineLabel, linePath, makeFinding } from "./rule-helpers.js";
import { SOURCES, withEdition } from "./sources.js";

/**
 * Medically unlikely edits. MAI 1 is a per-line limit (separate lines with anatomic modifiers
 * may each reach it); MAI 2 is an absolute per-day limit from policy that no modifier or line
 * split can pass; MAI 3 is a per-day limit from clinical benchmarks: units above it also deny at
 * processing, and only an appeal can pay them (so both are errors; MAI 3 says it is appealable). Per-day units add all
 * lines; a line with modifier 50 counts as one unit (IOM: bilateral = 1 unit). For payers that
 * want RT/LT lines, a matching RT and LT pair counts as one bilateral service.
 */
export const ncciMue: Rule = {
  id: "ncci-mue",
  title: "Units above the medically unlikely edit (MUE) for the day",
  source: SOURCES.ncciMue,
  check(context) {
    const { mue, mueSource } = context.ref.ncci;
    const source = withEdition(this.source, mueSource.edition);
    const findings: Finding[] = [];
    for (const [date, refs] of context.days) {
      // Each code with an MUE once, in the order codes first appear, with its lines of the day
      // (no map per day: a day has a few lines).
      for (let i = 0; i < refs.length; i++) {
        const code = refs[i]!.line.code;
        const edit = mue.get(code);
        if (!edit || firstIndexOf(refs, code) !== i) continue;
        const lines: readonly LineRef[] =
          refs.length === 1 ? refs : refs.filter((ref) => ref.line.code === code);
        if (edit.mai === 1) {
          for (const ref of lines) {
            if (ref.line.units > edit.maxUnits) {
              findings.push(
                makeFinding(
                  this,
                  "error",
                  linePath(ref, "units"),
                  `${lineLabel(ref)} has ${ref.line.units} units; the MUE for ${code} is ${edit.maxUnits} per line (MAI 1, ${edit.rationale}).`,
                  `Bill at most ${edit.maxUnits} unit(s) per line; a separate line needs an anatomic or distinct-service modifier.`,
                  source,
                ),
              );
            }
          }
          continue;
        }
        const units = dayUnits(lines, context.bilateralFormat === "rt-lt");
        if (units <= edit.maxUnits) continue;
        // The line that takes the day over the limit is the one denied.
        const first = lines[lines.length - 1]!;
        const where = lines.map((ref) => lineLabel(ref)).join(", ");
        if (edit.mai === 2) {
          findings.push(
            makeFinding(
              this,
              "error",
              linePath(first, "units"),
              `${code} is billed for ${units} units on ${date} (${where}); its MUE is ${edit.maxUnits} with MAI 2, an absolute date-of-service limit (${edit.rationale}) that cannot be split across lines or bypassed with modifiers.`,
              lines.length > 1 && lines.some((r) => r.side === "left" || r.side === "right")
                ? `Report a bilateral level as one line, ${code}-50, 1 unit.`
                : `Bill ${code} for at most ${edit.maxUnits} unit(s) that day; only a corrected claim can change it.`,
              source,
            ),
          );
        } else {
          // MAI 3 is a date-of-service edit too: the claim line denies at processing; only an appeal
          // with the record can pay units above it, so it is not a clean claim (an error, not a warning).
          findings.push(
            makeFinding(
              this,
              "error",
              linePath(first, "units"),
              `${code} is billed for ${units} units on ${date} (${where}); its MUE is ${edit.maxUnits} per day (MAI 3, date-of-service edit from clinical benchmarks: ${edit.rationale}). The line denies at claim processing; MAI 3 denials can be appealed with documentation showing the units were medically necessary.`,
              `Bill at most ${edit.maxUnits} unit(s); if more were truly needed, expect the denial and appeal with the medical record.`,
              source,
            ),
          );
        }
      }
    }
    return findings;
  },
};

function firstIndexOf(refs: readonly LineRef[], code: string): number {
  for (let i = 0; i < refs.length; i++) if (refs[i]!.line.code === code) return i;
  return -1;
}

function dayUnits(
  lines: readonly { line: { units: number; modifiers: string[] }; side: string | undefined }[],
  pairSides: boolean,
): number {
  let left = 0;
  let right = 0;
  let other = 0;
  for (const ref of lines) {
    // A bilateral (-50) line with 1 unit is one unit of service, as Medicare wants it billed.
    const units = ref.line.units;
    if (pairSides && ref.side === "left") left += units;
    else if (pairSides && ref.side === "right") right += units;
    else other += units;
  }
  return other + Math.max(left, right);
}
