import type { Rule } from "./rule.js";
import {
  isMedicare,
  makeFinding,
  regionLabel,
  sessionKinds,
  withinTwelveMonths,
} from "./rule-helpers.js";
import { SOURCES } from "./sources.js";

const LIMITS = { "diagnostic-facet": 4, "therapeutic-facet": 4, radiofrequency: 2 } as const;
const LABEL = {
  "diagnostic-facet": "diagnostic facet block",
  "therapeutic-facet": "therapeutic facet block",
  radiofrequency: "radiofrequency ablation",
} as const;

/**
 * Medicare facet LCDs, per spinal region per rolling 12 months: at most 4 diagnostic sessions,
 * 4 therapeutic sessions and 2 RF ablation sessions. Counts this claim plus the patient's
 * Medicare history (`--history`) in the 365 days before it.
 */
export const lcdFrequency: Rule = {
  id: "lcd-frequency",
  title: "Sessions per region per rolling 12 months (Medicare LCD)",
  source: SOURCES.lcdNoridianQa,
  appliesTo: isMedicare,
  check(context) {
    const current = sessionKinds(context.claim);
    if (current.size === 0) return [];
    const earlier = withinTwelveMonths(context.history, context.claim.dateOfService).filter(
      (claim) =>
        claim.payer === context.claim.payer || claim.payer.toLowerCase().includes("medicare"),
    );
    const findings = [];
    for (const [region, kind] of current) {
      const dates = earlier
        .filter((claim) => sessionKinds(claim).get(region) === kind)
        .map((claim) => claim.dateOfService);
      const sessions = new Set(dates).size + 1;
      if (sessions <= LIMITS[kind]) continue;
      findings.push(
        makeFinding(
          this,
          "warning",
          "dateOfService",
          `This is the patient's ${sessions}th ${regionLabel(region)} ${LABEL[kind]} session in 12 months (earlier: ${[...new Set(dates)].sort().join(", ")}); Medicare covers at most ${LIMITS[kind]} per region per rolling 12 months.`,
          `Wait until ${nextAllowed([...new Set(dates)].sort(), LIMITS[kind])} or obtain an ABN (modifier GA).`,
        ),
      );
    }
    return findings;
  },
};

/** The first date on which the oldest counted session falls out of the 12-month window. */
function nextAllowed(sortedDates: string[], limit: number): string {
  const pivot = sortedDates[sortedDates.length - limit] ?? sortedDates[0]!;
  const date = new Date(`${pivot}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 365);
  return date.toISOString().slice(0, 10);
}
