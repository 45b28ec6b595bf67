/**
 * Sentences generated from a benchmark result: every number in them is read from the result, so
 * the prose can never drift from the table. Each function returns nothing when its data is absent
 * rather than a sentence with a made-up figure.
 */
import type {
  BenchmarkResult,
  GroupBenchmark,
  PayerBenchmark,
} from "../../analyze/benchmark/benchmark-types.js";
import { formatUsd } from "../../analyze/money.js";
import { countOf, formatCount, formatPercent, formatRatio } from "./format-numbers.js";
import { payerLabel, settingLabel } from "./payer-label.js";
import { compareSettings, settingGroups, type SettingGroup } from "./setting-groups.js";

/** Below this many rates a payer's figures are flagged as a small sample. */
export const SMALL_SAMPLE = 10;

/** All generated sentences for one benchmark result, in reading order. */
export function benchmarkSentences(result: BenchmarkResult): string[] {
  const groups = settingGroups(result.payers);
  if (groups.length === 0) {
    return [
      `No negotiated dollar rates for ${result.billingCode} are loaded for these filters, so no payer figures are shown.`,
    ];
  }
  const rows = groups.flatMap((group) => group.rows);
  return [
    ...groups.flatMap((group) => groupSentences(group, groups.length > 1)),
    ...commercialSentences(result),
    ...smallSampleSentences(rows),
    ...medicareSentences(result),
    ...(result.containsSynthetic
      ? [
          "Rows and series marked (synthetic) come from generated demo data, not from any payer's file; they show how the page works and are no market evidence.",
        ]
      : []),
  ];
}

/** Payers compared within one setting; the setting is named when there are several. */
function groupSentences(group: SettingGroup, named: boolean): string[] {
  const prefix = named ? `${group.label}: ` : "";
  return [
    ...meanSentences(group.rows, prefix),
    ...medianRangeSentences(group.rows, prefix),
    ...dispersionSentences(group.rows, prefix),
  ];
}

function byMeanDescending(rows: readonly PayerBenchmark[]): PayerBenchmark[] {
  return [...rows].sort((a, b) => b.stats.mean - a.stats.mean || a.payer.localeCompare(b.payer));
}

function meanSentences(rows: readonly PayerBenchmark[], prefix: string): string[] {
  const sorted = byMeanDescending(rows);
  const highest = sorted[0];
  const lowest = sorted[sorted.length - 1];
  if (highest === undefined || lowest === undefined) return [];
  if (sorted.length === 1) {
    return [
      `${prefix}only ${payerLabel(highest, rows)} has rates: a mean of ${formatUsd(highest.stats.mean)} over ${countOf(highest.stats.count, "rate")}.`.replace(
        /^only/,
        "Only",
      ),
    ];
  }
  const ratio =
    lowest.stats.mean > 0
      ? ` The highest mean is ${(highest.stats.mean / lowest.stats.mean).toFixed(2)} times the lowest.`
      : "";
  return [
    `${prefix}${payerLabel(highest, rows)} has the highest mean rate, ${formatUsd(highest.stats.mean)} (${countOf(highest.stats.count, "rate")}), and ${payerLabel(lowest, rows)} the lowest, ${formatUsd(lowest.stats.mean)} (${countOf(lowest.stats.count, "rate")}).${ratio}`,
  ];
}

function medianRangeSentences(rows: readonly PayerBenchmark[], prefix: string): string[] {
  if (rows.length < 2) return [];
  const sorted = [...rows].sort(
    (a, b) => a.stats.median - b.stats.median || a.payer.localeCompare(b.payer),
  );
  const low = sorted[0];
  const high = sorted[sorted.length - 1];
  if (low === undefined || high === undefined) return [];
  return [
    `${prefix}payer medians run from ${formatUsd(low.stats.median)} (${payerLabel(low, rows)}) to ${formatUsd(high.stats.median)} (${payerLabel(high, rows)}).`.replace(
      /^payer/,
      "Payer",
    ),
  ];
}

function commercialSentences(result: BenchmarkResult): string[] {
  const pooled = (result.groups ?? [])
    .filter((group) => group.group === "All commercial" && group.stats.count > 0)
    .sort(compareSettings);
  if (pooled.length > 0) return pooled.map(settingCommercialSentence);
  const commercial = result.commercial;
  if (commercial === null || commercial.stats.count === 0) return [];
  const text = `All commercial rates pooled (${countOf(commercial.stats.count, "rate")}) average ${formatUsd(commercial.stats.mean)}, median ${formatUsd(commercial.stats.median)}`;
  const percent = commercial.percentOfMedicare;
  if (percent === null) {
    return [
      `${text}; no matching Medicare amount is loaded, so no percentage of Medicare is given.`,
    ];
  }
  return [
    `${text}. ${LOCALITY_BASIS}, rates average ${formatPercent(percent.mean)} of Medicare, ${aboveOrBelow(percent.mean)} (median ${formatPercent(percent.median)}).`,
  ];
}

/** "76 % above Medicare", "12 % below Medicare" or "about the same as Medicare". */
function aboveOrBelow(percentOfMedicare: number): string {
  const difference = percentOfMedicare - 100;
  if (Math.round(difference) === 0) return "about the same as Medicare";
  return difference > 0
    ? `${formatPercent(difference)} above Medicare`
    : `${formatPercent(-difference)} below Medicare`;
}

/**
 * The pooled commercial figure of one setting against Medicare. Two baselines, each named: the
 * dollar gap and its percentage against the national amount (so mean / national is the printed
 * figure), then the rate-by-rate percentage against each provider's own Medicare amount.
 */
function settingCommercialSentence(group: GroupBenchmark): string {
  const setting = settingLabel(group);
  const text = `${setting.charAt(0).toUpperCase()}${setting.slice(1)}: all commercial rates pooled (${countOf(group.stats.count, "rate")}${group.synthetic ? ", synthetic included" : ""}) average ${formatUsd(group.stats.mean)}, median ${formatUsd(group.stats.median)}`;
  const percent = group.percentOfMedicare;
  if (percent === null) {
    return `${text}; no Medicare amount matches this setting, so no percentage of Medicare is given.`;
  }
  const national = group.medicareNational;
  const againstNational =
    national === null || national <= 0
      ? ""
      : ` Against Medicare's national ${formatUsd(national)} the average is ${formatUsd(Math.abs(group.stats.mean - national))} ${group.stats.mean >= national ? "higher" : "lower"} (${formatPercent((group.stats.mean / national) * 100)} of it).`;
  return `${text}.${againstNational} ${LOCALITY_BASIS}, rates average ${formatPercent(percent.mean)} of Medicare, ${aboveOrBelow(percent.mean)} (median ${formatPercent(percent.median)}).`;
}

/** How the rate-by-rate percentage of Medicare is computed (the engine's medicare basis). */
export const LOCALITY_BASIS =
  "Rate by rate against the Medicare amount of each provider's locality (national where the locality is not known)";

function dispersionSentences(rows: readonly PayerBenchmark[], prefix: string): string[] {
  const spread = rows
    .filter((row) => row.stats.count >= 2)
    .sort((a, b) => b.stats.cv - a.stats.cv || a.payer.localeCompare(b.payer));
  const most = spread[0];
  const least = spread[spread.length - 1];
  if (most === undefined || least === undefined || spread.length < 2) return [];
  return [
    `${prefix}${payerLabel(most, rows)} is the most dispersed (coefficient of variation ${formatRatio(most.stats.cv)}, interquartile range ${formatUsd(most.stats.iqr)}); ${payerLabel(least, rows)} the least (${formatRatio(least.stats.cv)}, ${formatUsd(least.stats.iqr)}).`,
  ];
}

function smallSampleSentences(rows: readonly PayerBenchmark[]): string[] {
  const small = rows.filter((row) => row.stats.count < SMALL_SAMPLE);
  if (small.length === 0) return [];
  const names = small
    .map(
      (row) => `${payerLabel(row, [])} in ${settingLabel(row)} (${formatCount(row.stats.count)})`,
    )
    .join(", ");
  return [
    `Small samples, fewer than ${SMALL_SAMPLE} rates: ${names}. Read their figures with care.`,
  ];
}

function medicareSentences(result: BenchmarkResult): string[] {
  if (result.medicare.length === 0) {
    return ["No Medicare amount is loaded for this code, so nothing is compared with Medicare."];
  }
  return result.medicare.map((row) => {
    const setting = row.facilityClass === "facility" ? "facility" : "non-facility";
    const localities =
      row.localities === null
        ? " No locality (GPCI) data is loaded for that year, so only the national amount is given."
        : ` Across ${formatCount(row.localities.count)} payment ${row.localities.count === 1 ? "locality" : "localities"} it runs from ${formatUsd(row.localities.min)} to ${formatUsd(row.localities.max)}.`;
    return `Medicare ${row.year} pays ${formatUsd(row.national)} nationally in the ${setting} setting.${localities}`;
  });
}
