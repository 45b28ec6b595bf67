import type { Rule } from "./rule.js";
import { includesImageGuidance } from "../analyze/procedure-coder/code-catalog.js";
import { lineLabel, linePath, makeFinding } from "./rule-helpers.js";
import { SOURCES, withEdition } from "./sources.js";

/**
 * An add-on code is paid only beside one of its primary codes on the same date of service
 * (NCCI add-on code table; "CCCCC" = any primary). Imaging add-ons billed beside a procedure
 * that already includes imaging are left to `image-guidance-bundled`, which says why.
 */
export const ncciAddOnPrimary: Rule = {
  id: "ncci-add-on-primary",
  title: "Add-on code without an allowed primary code on the same day",
  source: SOURCES.ncciAoc,
  check(context) {
    const { addOnPrimaries, aocSource } = context.ref.ncci;
    const findings = [];
    for (const ref of context.lines) {
      const primaries = addOnPrimaries.get(ref.line.code);
      if (!primaries || primaries.has("CCCCC")) continue;
      const sameDay = context.days.get(ref.date) ?? [];
      if (sameDay.some((other) => primaries.has(other.line.code))) continue;
      if (
        ref.info?.family === "image-guidance" &&
        sameDay.some((other) => includesImageGuidance(other.line.code))
      ) {
        continue;
      }
      const allowed = [...primaries].sort();
      const shown =
        allowed.length > 8
          ? `${allowed.slice(0, 8).join(", ")} and ${allowed.length - 8} more`
          : allowed.join(", ");
      findings.push(
        makeFinding(
          this,
          "error",
          linePath(ref, "code"),
          `${lineLabel(ref)} is an add-on code: it is paid only with one of its primary codes (${shown}) on the same date of service, and none is on this claim.`,
          `Add the primary procedure that was performed (e.g. ${allowed[0]}) or remove ${ref.line.code}.`,
          withEdition(this.source, aocSource.edition),
        ),
      );
    }
    return findings;
  },
};
