import type { Rule } from "./rule.js";
import { bilateralIndicator } from "./bilateral-indicator.js";
import { lineLabel, linePath, makeFinding } from "./rule-helpers.js";
import { SOURCES } from "./sources.js";

/**
 * Modifier 50 on a code whose PFS bilateral indicator is 0 (e.g. the imaging codes 77002,
 * 77003, 77012, 76942): the 150% rule does not apply and the line is paid once at 100%
 * (or rejected as an invalid code/modifier pair by some payers).
 */
export const bilateralNotApplicable: Rule = {
  id: "bilateral-not-applicable",
  title: "Modifier 50 on a code the bilateral rule does not apply to",
  source: SOURCES.bilateralIndicator,
  check(context) {
    return context.lines
      .filter(
        (ref) =>
          ref.side === "bilateral" &&
          bilateralIndicator(context.ref, ref.line.code, ref.date) === "0",
      )
      .map((ref) =>
        makeFinding(
          this,
          "warning",
          linePath(ref, "modifiers"),
          `${lineLabel(ref)}: the fee schedule's bilateral indicator for ${ref.line.code} is 0, so modifier 50 earns nothing extra (paid at 100%) and some payers reject the pair.`,
          `Remove modifier 50 from ${ref.line.code}.`,
        ),
      );
  },
};
