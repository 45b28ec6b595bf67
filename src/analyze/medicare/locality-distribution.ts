import { quantileSorted } from "../benchmark/distribution-stats.js";
import type { ReferenceData } from "../reference/reference-types.js";
import { feeScheduleAmount, percentOf } from "./exact-amount.js";
import {
  bilateralPercent,
  componentOf,
  conversionFactorFor,
  feeScheduleFor,
  peFor,
  pfsRowFor,
} from "./medicare-amount.js";

/** Summary statistics of the locality amounts (p25/median/p75 by linear interpolation). */
export interface DistributionStats {
  count: number;
  min: number;
  p25: number;
  median: number;
  p75: number;
  max: number;
  mean: number;
}

/** A code's amount in every Medicare locality of a year, with the national amount. */
export interface LocalityDistribution {
  national: number;
  stats: DistributionStats;
  byLocality: { macLocality: string; name: string; state: string; amount: number }[];
  source: string;
}

/**
 * The amount of one code across all localities of a year (unweighted: one value per locality).
 * Returns null when the year has no GPCI file: the caller says so and offers the national
 * amount; another year's GPCIs are never used. Throws like `medicareAmount` for an unknown code.
 */
export function localityDistribution(
  ref: ReferenceData,
  query: {
    code: string;
    year: number;
    setting: "facility" | "nonfacility";
    modifiers?: string[];
    qp?: boolean;
  },
): LocalityDistribution | null {
  const schedule = feeScheduleFor(ref, query.year);
  const modifiers = (query.modifiers ?? []).map((m) => m.trim().toUpperCase());
  const row = pfsRowFor(schedule, query.code, componentOf(modifiers));
  const pe = peFor(row, query.setting, query.year);
  const cf = conversionFactorFor(schedule, query.qp === true).value;
  const percent = modifiers.includes("50") ? bilateralPercent(row.bilateralIndicator).percent : 100;
  const price = (g: { work: number; pe: number; mp: number }): number => {
    const base = feeScheduleAmount({ work: row.workRvu, pe, mp: row.mpRvu }, g, cf);
    return percent === 100 ? base : percentOf(base, percent);
  };
  const national = price({ work: 1, pe: 1, mp: 1 });
  if (schedule.gpcis === null || schedule.gpcis.length === 0) return null;
  const byLocality = schedule.gpcis
    .map((g) => ({ macLocality: g.macLocality, name: g.name, state: g.state, amount: price(g) }))
    .sort((a, b) => a.amount - b.amount || a.macLocality.localeCompare(b.macLocality));
  return {
    national,
    stats: describe(byLocality.map((l) => l.amount)),
    byLocality,
    source: `${schedule.rvuSource.file}, edition ${schedule.rvuSource.edition}; ${schedule.gpciSource?.file ?? "GPCI file"}, edition ${schedule.gpciSource?.edition ?? "?"} (${byLocality.length} localities)`,
  };
}

/** Count, min, quartiles (linear interpolation between order statistics), max and mean, in cents. */
export function describe(values: readonly number[]): DistributionStats {
  const sorted = [...values].sort((a, b) => a - b);
  const quantile = (q: number): number =>
    sorted.length === 0 ? 0 : Math.round(quantileSorted(sorted, q) * 100) / 100;
  const sum = sorted.reduce((total, v) => total + Math.round(v * 100), 0);
  return {
    count: sorted.length,
    min: sorted[0] ?? 0,
    p25: quantile(0.25),
    median: quantile(0.5),
    p75: quantile(0.75),
    max: sorted.at(-1) ?? 0,
    mean: sorted.length === 0 ? 0 : Math.round(sum / sorted.length) / 100,
  };
}

/** The MAC-localities of a state (USPS code, any case), sorted; empty when unknown. */
export function localitiesForState(ref: ReferenceData, state: string): string[] {
  return [...(ref.localitiesByState.get(state.trim().toUpperCase()) ?? [])];
}
