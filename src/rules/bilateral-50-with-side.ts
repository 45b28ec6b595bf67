import type { Rule } from "./rule.js";
import { lineLabel, linePath, makeFinding } from "./rule-helpers.js";
import { SOURCES } from "./sources.js";

/** Modifier 50 already says "both sides": RT or LT on the same line contradicts it. */
export const bilateral50WithSide: Rule = {
  id: "bilateral-50-with-side",
  title: "Modifier 50 together with RT or LT on one line",
  source: SOURCES.bilateralManual,
  check(context) {
    return context.lines
      .filter(
        (ref) =>
          ref.line.modifiers.includes("50") &&
          (ref.line.modifiers.includes("RT") || ref.line.modifiers.includes("LT")),
      )
      .map((ref) =>
        makeFinding(
          this,
          "error",
          linePath(ref, "modifiers"),
          `${lineLabel(ref)} has modifier 50 (both sides) and a side modifier (RT/LT) on the same line; payers reject the contradiction.`,
          context.bilateralFormat === "rt-lt"
            ? `This payer wants two lines: ${ref.line.code}-RT and ${ref.line.code}-LT, 1 unit each.`
            : `Keep modifier 50 and remove RT/LT: ${ref.line.code}-50, 1 unit.`,
        ),
      );
  },
};
