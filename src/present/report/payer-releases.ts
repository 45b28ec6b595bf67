import type {
  BenchmarkResult,
  BenchmarkSource,
  GroupBenchmark,
  PayerBenchmark,
} from "../../analyze/benchmark/benchmark-types.js";
import { mapPayer } from "../../normalize/payers/map-payer.js";

/** The releases behind one payer row, and whether any predates the Medicare year it is compared with. */
export interface RowReleases {
  /**
   * The distinct releases of the files that gave the row rates, oldest first, each as
   * `releaseCell` writes it: the release month and where it came from ("2026-05
   * (last_updated_on)", "2026-05 (index date)", "2026-05 (file name)"), or "undated".
   */
  releases: string[];
  /** True when a file's release year is before the Medicare fee-schedule year of the comparison. */
  olderThanMedicare: boolean;
}

/**
 * The files behind a payer row are the sources whose reporting entity maps to the row's payer,
 * with the same synthetic flag, that contributed rates. Their release month is the one `changes`
 * and benchmarks use (from `last_updated_on`, the index date or the file name, in that order),
 * not the `last_updated_on` date as written: a file without one is dated by its index or name, or
 * said to be undated rather than guessed.
 */
export function rowReleases(result: BenchmarkResult, row: PayerBenchmark): RowReleases {
  const releases = new Set<string>();
  let olderThanMedicare = false;
  const year = result.medicareYear ?? null;
  for (const source of result.sources) {
    if (source.rates === 0 || source.synthetic !== row.synthetic) continue;
    const entity = source.reportingEntityName;
    const named = entity !== null && row.reportingEntities.includes(entity);
    if (!named && mapPayer(entity).payer !== row.payer) continue;
    // A result saved before releases were named has only the date as written: shown as such.
    const recorded = source.release !== undefined;
    releases.add(
      recorded || source.lastUpdatedOn === null
        ? releaseCell(source)
        : `release not recorded (last_updated_on ${source.lastUpdatedOn})`,
    );
    const dated = (recorded ? source.release : source.lastUpdatedOn) ?? null;
    if (
      year !== null &&
      dated !== null &&
      /^\d{4}/.test(dated) &&
      Number(dated.slice(0, 4)) < year
    ) {
      olderThanMedicare = true;
    }
  }
  return { releases: [...releases].sort(), olderThanMedicare };
}

/** "2020-08 (last_updated_on), older than the 2025 Medicare year", or "not stated". */
export function releaseLabel(result: BenchmarkResult, row: PayerBenchmark): string {
  const releases = rowReleases(result, row);
  if (releases.releases.length === 0) return "not stated";
  const text = releases.releases.join("; ");
  return releases.olderThanMedicare
    ? `${text}, older than the ${result.medicareYear ?? ""} Medicare year`
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
