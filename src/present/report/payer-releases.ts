import type {
  BenchmarkResult,
  BenchmarkSource,
  GroupBenchmark,
  PayerBenchmark,
} from "../../analyze/benchmark/benchmark-types.js";
import { mapPayer } from "../../normalize/payers/map-payer.js";

/** The release dates behind one payer row, and whether any predates the Medicare year it is compared with. */
export interface RowReleases {
  /** Distinct `last_updated_on` dates of the files that gave the row rates, oldest first. */
  dates: string[];
  /** True when a file's release year is before the Medicare fee-schedule year of the comparison. */
  olderThanMedicare: boolean;
}

/**
 * The files behind a payer row are the sources whose reporting entity maps to the row's payer,
 * with the same synthetic flag, that contributed rates. A file without `last_updated_on` counts
 * as "date not stated" rather than being guessed.
 */
export function rowReleases(result: BenchmarkResult, row: PayerBenchmark): RowReleases {
  const dates = new Set<string>();
  for (const source of result.sources) {
    if (source.rates === 0 || source.synthetic !== row.synthetic) continue;
    const entity = source.reportingEntityName;
    const named = entity !== null && row.reportingEntities.includes(entity);
    if (!named && mapPayer(entity).payer !== row.payer) continue;
    dates.add(source.lastUpdatedOn ?? "date not stated");
  }
  const sorted = [...dates].sort();
  const year = result.medicareYear ?? null;
  const olderThanMedicare =
    year !== null && sorted.some((date) => /^\d{4}/.test(date) && Number(date.slice(0, 4)) < year);
  return { dates: sorted, olderThanMedicare };
}

/** "2020-08-27 (older than the 2025 Medicare year)", or "not stated". */
export function releaseLabel(result: BenchmarkResult, row: PayerBenchmark): string {
  const releases = rowReleases(result, row);
  if (releases.dates.length === 0) return "not stated";
  const text = releases.dates.join(", ");
  return releases.olderThanMedicare
    ? `${text} (older than the ${result.medicareYear ?? ""} Medicare year)`
    : text;
}

/** A pooled row's name says what it pools: real rates only, synthetic only, or both together. */
export function pooledRowName(result: BenchmarkResult, group: GroupBenchmark): string {
  if (!group.synthetic) return group.group;
  const members = result.payers.filter(
    (row) =>
      row.stats.count > 0 &&
      row.billingClass === group.billingClass &&
      row.facilityClass === group.facilityClass &&
      (row.modifiers ?? "") === group.modifiers &&
      (group.group === "All commercial" || row.isBuca),
  );
  const real = members.some((row) => !row.synthetic);
  return real ? `${group.group}, real and synthetic pooled` : `${group.group}, synthetic only`;
}

/** A source file's release month and where it came from: "2026-05 (last_updated_on)", "undated". */
export function releaseCell(source: BenchmarkSource): string {
  if (source.release === undefined) return "not recorded";
  if (source.release === null) return "undated";
  const from =
    source.releaseFrom === "index"
      ? "index date"
      : source.releaseFrom === "file-name"
        ? "file name"
        : (source.releaseFrom ?? "?");
  return `${source.release} (${from})`;
}
