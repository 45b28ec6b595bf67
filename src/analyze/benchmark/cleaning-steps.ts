import type { BenchmarkFilters, CleaningStep } from "./benchmark-types.js";
import type { CleaningSettings } from "./cleaning-settings.js";
import { NEGOTIATED_TYPE_PRIORITY } from "./cleaning-settings.js";
import { numberOrNull, type SqlRow } from "./sql-rows.js";
import type { ResolvedMarket } from "../markets/resolve-market.js";

/**
 * The cleaning audit, in the order the rules run. Counts before the representative-rate step are
 * rate observations (rate × provider × setting); from it on, representative rates.
 */
export function buildCleaningSteps(
  scope: SqlRow,
  clean: SqlRow,
  settings: CleaningSettings,
  context: { hasDirectory: boolean; filters: BenchmarkFilters; market?: ResolvedMarket | null },
): CleaningStep[] {
  const n = (row: SqlRow, key: string): number => numberOrNull(row, key) ?? 0;
  const steps: CleaningStep[] = [];
  let remaining = n(scope, "total");
  const push = (
    ruleId: string,
    description: string,
    removed: number,
    parameters?: Record<string, number | string>,
  ): void => {
    remaining -= removed;
    steps.push({
      ruleId,
      description,
      removed,
      remaining,
      ...(parameters === undefined ? {} : { parameters }),
    });
  };
  const { filters } = context;
  if ((filters.states?.length ?? 0) > 0) {
    push(
      "filter-state",
      "Provider practice state (NPPES) not in the state filter, or unknown",
      n(scope, "filter_state"),
      { states: (filters.states ?? []).join(",") },
    );
  }
  if ((filters.taxonomies?.length ?? 0) > 0) {
    push(
      "filter-taxonomy",
      "Provider primary taxonomy (NPPES) not in the taxonomy filter, or unknown",
      n(scope, "filter_taxonomy"),
      { taxonomies: (filters.taxonomies ?? []).join(",") },
    );
  }
  if (context.market !== undefined && context.market !== null) {
    push(
      "market-unknown-location",
      "Provider practice location unknown (no NPI, not in the directory, or no ZIP): counted here, never placed in a market",
      n(scope, "market_unknown"),
    );
    push(
      "filter-market",
      `Provider practice ZIP (NPPES) outside the market: ${context.market.label}`,
      n(scope, "filter_market"),
      {
        market: context.market.spec,
        zips: context.market.zips?.length ?? 0,
      },
    );
  }
  push(
    "non-dollar",
    "Percentage-of-charges and per-diem rates set apart (not dollars; see nonDollar)",
    n(scope, "non_dollar"),
  );
  push(
    "non-ffs",
    "Bundle and capitation arrangements set apart (fee-for-service only)",
    n(scope, "non_ffs"),
  );
  push(
    "modifier-scope",
    filters.modifier === undefined
      ? "Rates carrying modifiers set apart (no --modifier given: global rates only)"
      : `Rates without modifier ${filters.modifier} set apart`,
    n(scope, "modifier_scope"),
  );
  push("non-positive", "Zero or negative amounts (placeholders)", n(scope, "non_positive"));
  const representatives = n(clean, "representatives");
  push(
    "representative-rate",
    "One rate per payer × provider × code × billing class × modifier × setting: best negotiated type, then newest file, then median of ties",
    remaining - representatives,
    {
      priority: Object.keys(NEGOTIATED_TYPE_PRIORITY).join(" < "),
      then: "newest file (last_updated_on, ingest time)",
      ties: "median",
    },
  );
  push(
    "ghost-specialty",
    context.hasDirectory && settings.ghostFilter
      ? "Provider's primary taxonomy not expected for the code (ghost rates); providers not in the directory kept"
      : "Skipped: no provider directory loaded (or filter disabled)",
    n(clean, "ghost"),
  );
  push(
    "medicare-bounds",
    "Outside the Medicare-multiple bounds (professional and 'both' rates with a Medicare amount)",
    n(clean, "medicare_bounds"),
    {
      lowerMultiple: settings.medicareLowerMultiple,
      upperMultiple: settings.medicareUpperMultiple,
    },
  );
  push(
    "log-iqr",
    "Outside log-scale interquartile fences per payer × code × billing class × setting × modifier",
    n(clean, "log_iqr"),
    {
      k: settings.iqrK,
      minRates: settings.iqrMinRates,
    },
  );
  return steps;
}
