/**
 * Number formatting for the publication. Fixed to en-US so golden files do not depend on the
 * machine's locale. Dollar amounts: `formatUsd` in `analyze/money.ts`, the one money formatter.
 */

const INTEGER = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** `1,234`. */
export function formatCount(count: number): string {
  return INTEGER.format(count);
}

/** `185 %` for a percentage of Medicare (100 = Medicare). */
export function formatPercent(percent: number): string {
  return `${INTEGER.format(percent)} %`;
}

/** Coefficient of variation with two decimals. */
export function formatRatio(value: number): string {
  return value.toFixed(2);
}

/** `1 rate`, `71 rates`. */
export function countOf(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? "" : "s"}`;
}
