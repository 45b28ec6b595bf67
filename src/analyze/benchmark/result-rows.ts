import type { PayerIdentity } from "../../normalize/payers/map-payer.js";
import type {
  DistributionStats,
  GroupBenchmark,
  PayerBenchmark,
  PercentOfMedicare,
  RatePosition,
} from "./benchmark-types.js";
import {
  booleanAt,
  numberAt,
  numberListOrNull,
  numberOrNull,
  stringAt,
  type SqlRow,
} from "./sql-rows.js";

/** (code, setting, billing class, modifiers) → national Medicare amount, or null when not comparable. */
export type NationalMedicare = (
  code: string,
  facilityClass: string,
  billingClass: string | null,
  modifierKey: string,
) => number | null;

/** The distribution columns of `STATS_COLUMNS` as `DistributionStats`. */
export function statsFrom(row: SqlRow): DistributionStats {
  const q = numberListOrNull(row, "q") ?? [];
  const mean = numberAt(row, "mean");
  const p25 = q[1] ?? Number.NaN;
  const p75 = q[3] ?? Number.NaN;
  return {
    count: numberAt(row, "n"),
    mean,
    median: q[2] ?? Number.NaN,
    p10: q[0] ?? Number.NaN,
    p25,
    p75,
    p90: q[4] ?? Number.NaN,
    min: numberAt(row, "min"),
    max: numberAt(row, "max"),
    iqr: p75 - p25,
    cv: mean === 0 ? 0 : numberAt(row, "sd") / mean,
  };
}

/** Percent-of-Medicare columns: statistics of each rate ÷ its own matched Medicare amount × 100. */
export function percentFrom(row: SqlRow): PercentOfMedicare | null {
  const q = numberListOrNull(row, "pct_q");
  const mean = numberOrNull(row, "pct_mean");
  if (q === null || mean === null || numberAt(row, "with_medicare") === 0) return null;
  return {
    mean,
    p10: q[0] ?? Number.NaN,
    p25: q[1] ?? Number.NaN,
    median: q[2] ?? Number.NaN,
    p75: q[3] ?? Number.NaN,
    p90: q[4] ?? Number.NaN,
  };
}

function basisFrom(row: SqlRow): PayerBenchmark["medicareBasis"] {
  const locality = numberAt(row, "basis_locality");
  const national = numberAt(row, "basis_national");
  if (locality > 0 && national > 0) return "mixed";
  if (locality > 0) return "locality";
  if (national > 0) return "national";
  return "none";
}

function facilityClassFrom(row: SqlRow): PayerBenchmark["facilityClass"] {
  const value = stringAt(row, "facility_class");
  return value === "facility" || value === "nonfacility" ? value : "unknown";
}

function billingClassFrom(row: SqlRow): string | null {
  const value = stringAt(row, "billing_class");
  return value === "unspecified" ? null : value;
}

/** A `{file_id, item_index, rate_index, price_index, rate}` struct column as a `RatePosition`. */
function positionFrom(row: SqlRow, key: string): RatePosition | null {
  const value = row[key];
  if (value === null || value === undefined || typeof value !== "object" || Array.isArray(value)) {
    return null;
  }
  const field = (name: string): number => {
    const v = value[name];
    return typeof v === "number" ? v : Number(v);
  };
  return {
    fileId: field("file_id"),
    itemIndex: field("item_index"),
    rateIndex: field("rate_index"),
    priceIndex: field("price_index"),
    rate: field("rate"),
  };
}

/** A payer statistics row as a `PayerBenchmark`. */
export function toPayerBenchmark(
  row: SqlRow,
  identity: PayerIdentity,
  reportingEntities: string[],
  national: NationalMedicare,
): PayerBenchmark {
  const billingCode = stringAt(row, "billing_code");
  const facilityClass = facilityClassFrom(row);
  const billingClass = billingClassFrom(row);
  const modifiers = stringAt(row, "modifier_key");
  const lower = numberOrNull(row, "lower_fence");
  const upper = numberOrNull(row, "upper_fence");
  const types: Record<string, number> = {};
  for (const [key, column] of [
    ["negotiated", "type_negotiated"],
    ["derived", "type_derived"],
    ["fee schedule", "type_fee_schedule"],
  ] as const) {
    const count = numberAt(row, column);
    if (count > 0) types[key] = count;
  }
  return {
    payer: identity.payer,
    payerFamily: identity.family,
    reportingEntities,
    isBuca: identity.isBuca,
    synthetic: booleanAt(row, "synthetic"),
    billingCode,
    billingClass,
    facilityClass,
    providerTins: numberAt(row, "tins"),
    providerNpis: numberAt(row, "npis"),
    stats: statsFrom(row),
    percentOfMedicare: percentFrom(row),
    medicareBasis: basisFrom(row),
    negotiatedTypes: types,
    modifiers,
    providerGroupRefs: numberAt(row, "group_refs"),
    medicareNational: national(billingCode, facilityClass, billingClass, modifiers),
    fences: lower === null || upper === null ? null : { lower, upper },
    ...extremesFrom(row),
  };
}

/** A `GROUP_STATS_SQL` row as a `GroupBenchmark`. */
export function toGroupBenchmark(
  row: SqlRow,
  group: GroupBenchmark["group"],
  national: NationalMedicare,
): GroupBenchmark {
  const billingCode = stringAt(row, "billing_code");
  const facilityClass = facilityClassFrom(row);
  const billingClass = billingClassFrom(row);
  const modifiers = stringAt(row, "modifier_key");
  const stats = statsFrom(row);
  const medicareNational = national(billingCode, facilityClass, billingClass, modifiers);
  return {
    group,
    billingCode,
    billingClass,
    facilityClass,
    modifiers,
    synthetic: booleanAt(row, "synthetic"),
    providerTins: numberAt(row, "tins"),
    providerNpis: numberAt(row, "npis"),
    providerGroupRefs: numberAt(row, "group_refs"),
    stats,
    percentOfMedicare: percentFrom(row),
    medicareNational,
    meanMinusMedicare: medicareNational === null ? null : stats.mean - medicareNational,
  };
}

/** The pooled row (every kept rate), or null when nothing was kept. */
export function toPooled(
  row: SqlRow,
): { stats: DistributionStats; percentOfMedicare: PercentOfMedicare | null } | null {
  if (numberAt(row, "n") === 0) return null;
  return { stats: statsFrom(row), percentOfMedicare: percentFrom(row) };
}

function extremesFrom(row: SqlRow): { extremes?: { min: RatePosition; max: RatePosition } } {
  const min = positionFrom(row, "min_at");
  const max = positionFrom(row, "max_at");
  return min === null || max === null ? {} : { extremes: { min, max } };
}
