import type { DistributionStats } from "./benchmark-types.js";

/**
 * Linear-interpolation quantile over sorted values: position h = (n − 1)·q, value
 * x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]). This is Hyndman–Fan type 7 (R's default, numpy's
 * 'linear'), the same definition as DuckDB's `quantile_cont`, so small JS-side distributions
 * (Medicare across localities) use the same percentiles as the SQL-side rate distributions.
 */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lower = Math.floor(h);
  const a = sorted[lower] ?? Number.NaN;
  const b = sorted[Math.min(lower + 1, sorted.length - 1)] ?? a;
  return a + (h - lower) * (b - a);
}

/** Distribution statistics of a small in-memory sample (population SD for the CV); null when empty. */
export function distributionStats(values: readonly number[]): DistributionStats | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  const n = sorted.length;
  const mean = sorted.reduce((sum, v) => sum + v, 0) / n;
  const variance = sorted.reduce((sum, v) => sum + (v - mean) ** 2, 0) / n;
  const p25 = quantileSorted(sorted, 0.25);
  const p75 = quantileSorted(sorted, 0.75);
  return {
    count: n,
    mean,
    median: quantileSorted(sorted, 0.5),
    p10: quantileSorted(sorted, 0.1),
    p25,
    p75,
    p90: quantileSorted(sorted, 0.9),
    min: sorted[0] ?? Number.NaN,
    max: sorted[n - 1] ?? Number.NaN,
    iqr: p75 - p25,
    cv: mean === 0 ? 0 : Math.sqrt(variance) / mean,
  };
}
