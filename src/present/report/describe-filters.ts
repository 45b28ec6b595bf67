import type { BenchmarkResult } from "../../analyze/benchmark/benchmark-types.js";

/** The filters of a benchmark in words, e.g. "all payers, all states, professional". */
export function describeFilters(result: BenchmarkResult): string {
  const filters = result.filters;
  const parts = [
    filters.payers !== undefined && filters.payers.length > 0
      ? `payers ${filters.payers.join(", ")}`
      : "all payers",
    filters.states !== undefined && filters.states.length > 0
      ? `states ${filters.states.join(", ")}`
      : "all states",
    filters.billingClass ?? "any billing class",
    filters.facilityClass === undefined
      ? "any site of service"
      : filters.facilityClass === "facility"
        ? "facility setting"
        : "non-facility setting",
  ];
  if (filters.modifier !== undefined) parts.push(`modifier ${filters.modifier}`);
  if (filters.taxonomies !== undefined && filters.taxonomies.length > 0) {
    parts.push(`taxonomies ${filters.taxonomies.join(", ")}`);
  }
  if (filters.asOf !== undefined) parts.push(`as of release ${filters.asOf}`);
  parts.push(
    filters.includeSynthetic === false
      ? "synthetic files excluded"
      : "synthetic files included and labelled",
  );
  return parts.join(", ");
}
