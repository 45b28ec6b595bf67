import type { Rule } from "./rule.js";
import { bilateralIndicator } from "./bilateral-indicator.js";
import { lineLabel, linePath, makeFinding } from "./rule-helpers.js";
import { SOURCES } from "./sources.js";

/**
 * A bilateral procedure billed as 2 units with no side modifier: Medicare wants one line with
 * modifier 50 and 1 unit (IOM 100-04 ch.12 §40.7) and the MUE (1, MAI 2 for the facet codes)
 * denies the second unit. Applies to codes whose PFS bilateral indicator is 1.
 */
export const bilateralTwoUnits: Rule = {
  id: "bilateral-two-units",
  title: "Two units instead of modifier 50 for a bilateral procedure",
  source: SOURCES.bilateralManual,
  check(context) {
    return context.lines
      .filter(
        (ref) =>
          ref.line.units === 2 &&
          ref.side === undefined &&
          !ref.line.modifiers.includes("50") &&
          bilateralIndicator(context.ref, ref.line.code, ref.date) === "1",
      )
      .filter((ref) => ref.info?.family === "facet-injection" || ref.info?.role === "primary")
      .map((ref) =>
        makeFinding(
          this,
          "error",
          linePath(ref, "units"),
          `${lineLabel(ref)} is billed as 2 units with no side modifier, which reads as one procedure done twice; a bilateral procedure is reported with the bilateral format, not with units.`,
          context.bilateralFormat === "rt-lt"
            ? `Bill two lines, ${ref.line.code}-RT and ${ref.line.code}-LT, 1 unit each.`
            : `Bill one line, ${ref.line.code}-50, 1 unit (paid at 150%).`,
        ),
      );
  },
};
