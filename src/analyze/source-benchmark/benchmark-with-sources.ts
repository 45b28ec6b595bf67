/**
 * The benchmark as the explorer, the API (and anything else reading `BenchmarkFilters`) ask for it
 * by source: "payer" (the default) is the engine's benchmark over the payers' TiC files, unchanged;
 * "hospital" is the hospitals' own payer-specific negotiated charges, per payer × hospital × setting,
 * with the engine's TiC tables left out (Medicare stays, as the reference); "both" is the engine's
 * benchmark with, beside it, the per-source rows of both (TiC institutional rates and hospital
 * charges), each labelled by source. Rates of the two sources are never pooled in one figure.
 */
import { mapPayer, payerMatches } from "../../normalize/payers/map-payer.js";
import type { Store } from "../../store/store.js";
import { benchmarkCode } from "../benchmark/benchmark-code.js";
import type { BenchmarkFilters, BenchmarkResult } from "../benchmark/benchmark-types.js";
import type { ReferenceData } from "../reference/reference-types.js";
import { benchmarkBySource, type RateSource } from "./benchmark-by-source.js";

export async function benchmarkWithSources(
  store: Store,
  ref: ReferenceData,
  filters: BenchmarkFilters,
): Promise<BenchmarkResult> {
  const result = await benchmarkCode(store, ref, filters);
  const source = filters.source ?? "payer";
  if (source === "payer") return result;
  const sources: RateSource[] =
    source === "hospital" ? ["hospital-mrf"] : ["payer-tic", "hospital-mrf"];
  const bySource = (await benchmarkBySource(store, { codes: filters.codes, sources })).filter(
    (row) =>
      (filters.payers === undefined ||
        filters.payers.some((payer) => payerMatches(mapPayer(row.payer), payer))) &&
      (filters.includeSynthetic !== false || !row.synthetic),
  );
  const gaps = [...result.gaps];
  if (!bySource.some((row) => row.source === "hospital-mrf")) {
    gaps.push(
      `No hospital price-transparency file has a payer-specific negotiated charge for ${filters.codes.join(", ")}${filters.payers === undefined ? "" : ` from ${filters.payers.join(", ")}`} (load one with ratelens ingest).`,
    );
  }
  if (source === "both") {
    return {
      ...result,
      bySource,
      gaps,
      containsSynthetic: result.containsSynthetic || bySource.some((row) => row.synthetic),
    };
  }
  gaps.push(
    "Source: hospital files only. The payers' TiC rates are left out (source=both shows them beside).",
  );
  return {
    ...result,
    payers: [],
    commercial: null,
    groups: [],
    sources: [],
    cleaning: [],
    nonDollar: { percentage: { count: 0, median: null }, perDiem: { count: 0, median: null } },
    bySource,
    gaps,
    containsSynthetic: bySource.some((row) => row.synthetic),
  };
}
