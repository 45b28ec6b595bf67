import type { ReferenceData } from "../analyze/reference/reference-types.js";
import { priceClaimLines, type PricedClaim } from "../analyze/medicare/price-claim-lines.js";
import type { Claim } from "../sources/claims/claim.js";
import { lineDate } from "../sources/claims/claim.js";
import { describeError } from "../errors.js";

/** The expected Medicare allowed amount of a claim, per date of service, or why it could not be computed. */
export interface ExpectedMedicareAmount {
  /** Fee-schedule year used. */
  year: number;
  setting: "facility" | "nonfacility";
  locality: string | null;
  days: { date: string; priced: PricedClaim; claimLineIndexes: number[] }[];
  total: number;
  /** Lines left out (code not in that year's fee schedule) and other notes. */
  notes: string[];
}

/**
 * Prices a claim with the Medicare Physician Fee Schedule (bilateral 150% then the multiple
 * procedure reduction, via `priceClaimLines`), one call per date of service. The setting comes
 * from the place of service (facility or not, per the bundled POS table). Returns a reason string
 * instead when pricing is impossible (year not loaded, locality without GPCIs). `excludeLines`
 * (claim line index → rule ids) leaves out lines that will be denied (error findings); `riskLines`
 * adds a note for lines priced despite a warning.
 */
export function expectedMedicareAmount(
  ref: ReferenceData,
  claim: Claim,
  options: {
    year?: number;
    locality?: string;
    excludeLines?: ReadonlyMap<number, string>;
    riskLines?: ReadonlyMap<number, string>;
  } = {},
): ExpectedMedicareAmount | { unavailable: string } {
  const year = options.year ?? Number(claim.dateOfService.slice(0, 4));
  const schedule = ref.feeSchedules.get(year);
  if (!schedule) {
    return {
      unavailable: `no ${year} Medicare fee schedule is loaded (years: ${[...ref.feeSchedules.keys()].sort().join(", ")}); price with another year (--year on the command line, the year field on the web)`,
    };
  }
  const pos = ref.placesOfService.get(claim.placeOfService);
  const setting = pos?.facility === true ? "facility" : "nonfacility";
  const notes: string[] = [];
  if (!pos) {
    notes.push(
      `place of service ${claim.placeOfService} is not in the POS table: priced as non-facility`,
    );
  }
  const byDate = new Map<string, number[]>();
  claim.lines.forEach((line, index) => {
    const excluded = options.excludeLines?.get(index);
    if (excluded !== undefined) {
      notes.push(`line ${index + 1} (${line.code}) left out: expected to be denied (${excluded})`);
      return;
    }
    const risk = options.riskLines?.get(index);
    if (risk !== undefined) {
      notes.push(`line ${index + 1} (${line.code}) priced, but at risk of denial (${risk})`);
    }
    if (!schedule.rows.has(line.code)) {
      notes.push(`line ${index + 1} (${line.code}) is not in the ${year} fee schedule: not priced`);
      return;
    }
    const date = lineDate(claim, line);
    byDate.set(date, [...(byDate.get(date) ?? []), index]);
  });
  const days: ExpectedMedicareAmount["days"] = [];
  try {
    for (const [date, indexes] of [...byDate].sort(([a], [b]) => a.localeCompare(b))) {
      const lines = indexes.map((i) => ({
        code: claim.lines[i]!.code,
        modifiers: claim.lines[i]!.modifiers,
        units: claim.lines[i]!.units,
      }));
      const priceOptions =
        options.locality !== undefined
          ? ({ year, setting, locality: options.locality } as const)
          : ({ year, setting } as const);
      days.push({
        date,
        priced: priceClaimLines(ref, lines, priceOptions),
        claimLineIndexes: indexes,
      });
    }
  } catch (error) {
    return { unavailable: describeError(error) };
  }
  const total = Math.round(days.reduce((sum, day) => sum + day.priced.total * 100, 0)) / 100;
  return { year, setting, locality: options.locality ?? null, days, total, notes };
}
