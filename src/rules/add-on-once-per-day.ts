import type { Rule } from "./rule.js";
import { lineLabel, linePath, makeFinding } from "./rule-helpers.js";
import { SOURCES } from "./sources.js";

/** Add-ons that already mean "every further level/site" and are reported once per day (per side). */
const ONCE_PER_DAY: ReadonlySet<string> = new Set(["64492", "64495", "64462"]);

/**
 * 64492 and 64495 cover the third and every further level, and 64462 the second and every further
 * injection site: each is reported once per day, whatever the count beyond (CPT parenthetical,
 * CPT Assistant Feb 2010; NCCI MUE 1, MAI 2). For RT/LT payers, once per side.
 */
export const addOnOncePerDay: Rule = {
  id: "add-on-once-per-day",
  title: "Third-and-beyond add-on (64492, 64495, 64462) reported more than once a day",
  source: SOURCES.addOnOncePerDay,
  check(context) {
    const findings = [];
    for (const [date, refs] of context.days) {
      const bySide = new Map<string, number>();
      for (const ref of refs) {
        if (!ONCE_PER_DAY.has(ref.line.code)) continue;
        const sideKey =
          context.bilateralFormat === "rt-lt" && (ref.side === "left" || ref.side === "right")
            ? ref.side
            : "any";
        const count = (bySide.get(`${ref.line.code}|${sideKey}`) ?? 0) + ref.line.units;
        bySide.set(`${ref.line.code}|${sideKey}`, count);
        if (count > 1) {
          findings.push(
            makeFinding(
              this,
              "error",
              ref.line.units > 1 ? linePath(ref, "units") : linePath(ref),
              `${lineLabel(ref)}: ${ref.line.code} already covers every level beyond the ones before it and is reported once on ${date}; this claim reports it ${count} times.`,
              `Bill ${ref.line.code} once, 1 unit, however many further levels were treated.`,
            ),
          );
        }
      }
    }
    return findings;
  },
};
