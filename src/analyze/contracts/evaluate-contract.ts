/**
 * Contract evaluation: each line of a user's fee schedule against the same payer's and all
 * payers' rates in the user's market and setting (the benchmark engine's kept rates, so the
 * figures agree with `ratelens benchmark`), against Medicare at the practice's locality, and,
 * with volumes, in dollars a year; plus a what-if offer. Percentiles are type 7 (as DuckDB's
 * `quantile_cont`); a rate's market percentile is its mid-rank: (below + ½ equal) / n × 100.
 */
import { DataMissingError, NotFoundError, RatelensError } from "../../errors.js";
import type { Store } from "../../store/store.js";
import { benchmarkRates, type KeptRate } from "../benchmark/benchmark-rates.js";
import { quantileSorted } from "../benchmark/distribution-stats.js";
import { chooseMedicareYear } from "../benchmark/medicare-lookup.js";
import { loadMarketGeography } from "../markets/market-geography.js";
import { marketText, parseMarket } from "../markets/parse-market.js";
import { resolveMarket, type ResolvedMarket } from "../markets/resolve-market.js";
import { medicareAmount, normaliseLocality } from "../medicare/medicare-amount.js";
import { payerMatches, mapPayer } from "../../normalize/payers/map-payer.js";
import type { ReferenceData } from "../reference/reference-types.js";
import type {
  ContractEvaluation,
  ContractLine,
  LineError,
  LineEvaluation,
  MarketStats,
  Offer,
  PayerTotals,
} from "./contract-types.js";
import { offerText } from "./parse-offer.js";

/** A market figure with fewer rates than this is flagged as a small sample. */
export const SMALL_N = 10;
/** Market data last updated more than this many days before the evaluation is flagged as old. */
const OLD_DAYS = 2 * 365;

export interface EvaluateOptions {
  /** Where the lines came from (file name), for the report. */
  source: string;
  /** Market text (parse-market.ts); default national. */
  market?: string;
  /** The practice's ZIP (its Medicare locality) or its locality ("12302-01"). */
  zip?: string;
  locality?: string;
  offer?: Offer | null;
  year?: number;
  now?: Date;
}

/** Evaluates parsed lines (the parse errors are carried into the result beside the good lines). */
export async function evaluateContract(
  store: Store,
  ref: ReferenceData,
  parsed: { lines: readonly ContractLine[]; errors: readonly LineError[] },
  options: EvaluateOptions,
): Promise<ContractEvaluation> {
  const now = options.now ?? new Date();
  const spec = parseMarket(options.market ?? "national");
  const market: ResolvedMarket | null =
    spec.kind === "national" ? null : await resolveMarket(spec, await loadMarketGeography());
  const year = chooseMedicareYear(ref, options.year);
  if (options.year !== undefined && year === null) {
    throw new DataMissingError(`No ${options.year} Medicare fee schedule is loaded`);
  }
  const practice = practiceLocality(ref, options, market);
  const errors = [...parsed.errors];
  const warnings: string[] = [];
  if (practice.locality === null) {
    warnings.push(`Medicare is the national amount: ${practice.how}.`);
  }

  // One engine run per modifier (the engine's modifier scope), all codes at once, professional rates.
  const kept: KeptRate[] = [];
  const fileDates = new Map<number, { date: string | null; synthetic: boolean }>();
  let hasDirectory = true;
  for (const modifier of [...new Set(parsed.lines.map((line) => line.modifier))]) {
    const codes = [
      ...new Set(
        parsed.lines.filter((line) => line.modifier === modifier).map((line) => line.code),
      ),
    ];
    const result = await benchmarkRates(
      store,
      ref,
      {
        codes,
        billingClass: "professional",
        ...(modifier === "" ? {} : { modifier }),
        ...(market === null ? {} : { market: marketText(spec) }),
      },
      year === null ? {} : { year },
    );
    kept.push(
      ...result.rates.map((rate) => ({
        ...rate,
        modifierKey: modifier === "" ? rate.modifierKey : modifier,
      })),
    );
    for (const file of result.files) {
      fileDates.set(file.fileId, { date: file.lastUpdatedOn, synthetic: file.synthetic });
    }
    hasDirectory &&= result.hasDirectory;
  }
  if (market !== null && !hasDirectory) {
    warnings.push(
      `No provider directory is loaded (ratelens import nppes FILE): no provider can be placed in ${market.label}, so no market rate matched.`,
    );
  }

  const lines: LineEvaluation[] = [];
  for (const line of parsed.lines) {
    const medicare = medicareFor(
      ref,
      line,
      line.rate.kind === "medicare" ? (line.rate.year ?? year) : year,
      practice.locality,
    );
    let rate: number;
    let rateBasis: string;
    if (line.rate.kind === "dollars") {
      rate = line.rate.amount;
      rateBasis = "dollars";
    } else {
      const base = medicareFor(ref, line, line.rate.year ?? year, practice.locality);
      if (base === null) {
        errors.push({
          row: line.row,
          column: "percent_of_medicare",
          message: `no ${line.rate.year ?? year ?? ""} Medicare amount for ${line.code} (${line.setting}) to take ${line.rate.percent}% of`,
        });
        continue;
      }
      rate = (line.rate.percent / 100) * base.amount;
      rateBasis = `${line.rate.percent}% of Medicare ${base.year}${base.locality === null ? " (national)" : ` (${base.locality})`}`;
    }
    lines.push(
      evaluateLine(
        line,
        rate,
        rateBasis,
        kept,
        medicare,
        line.offer ?? options.offer ?? null,
        fileDates,
        now,
        market?.label ?? "the national market",
      ),
    );
  }
  lines.sort(byOpportunity);
  const payers = totalsByPayer(lines);
  const total = sumTotals("All payers", lines);
  const synthetic = lines.filter(
    (l) => (l.allPayers?.synthetic ?? false) || (l.samePayer?.synthetic ?? false),
  ).length;
  if (synthetic > 0) {
    warnings.push(
      `SYNTHETIC: the market figures of ${synthetic} of ${lines.length} line(s) include synthetic (demo) data; they illustrate the method, not a real market.`,
    );
  }
  if (errors.length > 0) {
    warnings.push(
      `${errors.length} row(s) could not be evaluated (see errors); the other rows were.`,
    );
  }
  const offer = options.offer ?? null;
  return {
    source: options.source,
    generatedAt: now.toISOString(),
    market:
      market === null
        ? { spec: "national", label: "National (all providers)", zips: null }
        : { spec: market.spec, label: market.label, zips: market.zips?.length ?? null },
    practiceLocality: practice,
    medicareYear: year,
    offer: offer === null ? null : offerText(offer),
    lines,
    errors: errors.sort((a, b) => a.row - b.row),
    payers,
    total,
    warnings,
    containsSynthetic: synthetic > 0,
    smallN: SMALL_N,
  };
}

/** The practice's Medicare locality: its ZIP's, the one given, or the market's only one. */
function practiceLocality(
  ref: ReferenceData,
  options: EvaluateOptions,
  market: ResolvedMarket | null,
): { locality: string | null; how: string } {
  if (options.zip !== undefined) {
    const locality = ref.zipLocalities?.get(options.zip.trim()) ?? null;
    if (locality === null) {
      throw new NotFoundError(`ZIP ${options.zip} is not in CMS's ZIP-to-carrier-locality file`);
    }
    return { locality, how: `practice ZIP ${options.zip}, CMS ZIP-to-carrier-locality file` };
  }
  if (options.locality !== undefined) {
    const locality = normaliseLocality(options.locality);
    if (locality === null) {
      throw new NotFoundError(
        `"${options.locality}" is not a Medicare locality (carrier-locality, e.g. 12302-01)`,
      );
    }
    return { locality, how: "given" };
  }
  const only = market?.localities.length === 1 ? (market.localities[0] ?? null) : null;
  if (only !== null) return { locality: only, how: `the market's only Medicare locality` };
  return {
    locality: null,
    how:
      market === null
        ? "no practice ZIP or locality given"
        : `${market.label} spans ${market.localities.length} Medicare localities; give --zip or --locality`,
  };
}

function medicareFor(
  ref: ReferenceData,
  line: ContractLine,
  year: number | null,
  locality: string | null,
): LineEvaluation["medicare"] {
  if (year === null) return null;
  const query = {
    code: line.code,
    year,
    setting: line.setting,
    modifiers: line.modifier === "" ? [] : [line.modifier],
  };
  try {
    const amount = medicareAmount(ref, locality === null ? query : { ...query, locality });
    return { amount: amount.amount, year, locality: amount.locality };
  } catch (error) {
    // A year without GPCIs prices nationally; a code the PFS does not price has no Medicare figure.
    if (error instanceof DataMissingError && locality !== null) {
      return medicareFor(ref, line, year, null);
    }
    if (error instanceof RatelensError) return null;
    throw error;
  }
}

function statsOf(rates: readonly KeptRate[]): MarketStats | null {
  if (rates.length === 0) return null;
  const sorted = rates.map((r) => r.rate).sort((a, b) => a - b);
  return {
    n: sorted.length,
    p25: quantileSorted(sorted, 0.25),
    median: quantileSorted(sorted, 0.5),
    p75: quantileSorted(sorted, 0.75),
    p90: quantileSorted(sorted, 0.9),
    synthetic: rates.some((r) => r.synthetic),
  };
}

function evaluateLine(
  line: ContractLine,
  rate: number,
  rateBasis: string,
  kept: readonly KeptRate[],
  medicare: LineEvaluation["medicare"],
  offer: Offer | null,
  files: ReadonlyMap<number, { date: string | null; synthetic: boolean }>,
  now: Date,
  marketLabel: string,
): LineEvaluation {
  const inCell = kept.filter(
    (r) =>
      r.code === line.code &&
      r.facilityClass === line.setting &&
      (line.modifier === ""
        ? r.modifierKey === ""
        : r.modifierKey.split("+").includes(line.modifier)),
  );
  const same = inCell.filter((r) => payerMatches(r.payer, line.payer));
  const allPayers = statsOf(inCell);
  const samePayer = statsOf(same);
  const sorted = inCell.map((r) => r.rate).sort((a, b) => a - b);
  const below = sorted.filter((v) => v < rate).length;
  const equal = sorted.filter((v) => v === rate).length;
  const volume = line.volume;
  const warnings: string[] = [];
  if (allPayers === null) {
    warnings.push(`no market rates for ${line.code} (${line.setting}) in ${marketLabel}`);
  } else if (allPayers.n < SMALL_N) {
    warnings.push(`small sample: ${allPayers.n} market rate(s) (< ${SMALL_N})`);
  }
  if (allPayers !== null && samePayer === null) {
    warnings.push(`no ${mapPayer(line.payer).payer} rates in the market: only all payers compared`);
  } else if (samePayer !== null && samePayer.n < SMALL_N) {
    warnings.push(`small sample: ${samePayer.n} rate(s) from this payer (< ${SMALL_N})`);
  }
  const oldest = [...new Set(inCell.map((r) => r.fileId))]
    .map((id) => files.get(id)?.date ?? null)
    .filter((d): d is string => d !== null && now.getTime() - Date.parse(d) > OLD_DAYS * 86_400_000)
    .sort()[0];
  if (oldest !== undefined) {
    warnings.push(`old data: market file(s) last updated ${oldest} (over two years ago)`);
  }
  if (medicare === null) warnings.push("no Medicare amount for this code and setting");

  let offered: LineEvaluation["offer"] = null;
  if (offer !== null) {
    const offerRate = offerRateFor(offer, rate, medicare, sorted);
    if (offerRate === null) {
      warnings.push(
        `offer ${offerText(offer)} cannot be priced (${offer.kind === "medicare" ? "no Medicare amount" : "no market rates"})`,
      );
    } else {
      const todayRevenue = volume === null ? null : rate * volume;
      const projectedRevenue = volume === null ? null : offerRate * volume;
      offered = {
        text: offerText(offer),
        rate: offerRate,
        todayRevenue,
        projectedRevenue,
        change:
          todayRevenue === null || projectedRevenue === null
            ? null
            : projectedRevenue - todayRevenue,
      };
    }
  }
  return {
    row: line.row,
    payer: line.payer,
    code: line.code,
    modifier: line.modifier,
    setting: line.setting,
    rate,
    rateBasis,
    volume,
    samePayer,
    allPayers,
    byPayer: [...new Set(inCell.map((r) => r.payer.payer))]
      .sort((a, b) => a.localeCompare(b))
      .flatMap((payer) => {
        const stats = statsOf(inCell.filter((r) => r.payer.payer === payer));
        return stats === null ? [] : [{ payer, stats }];
      }),
    medicare,
    percentOfMedicare: medicare === null ? null : (rate / medicare.amount) * 100,
    marketPercentile: sorted.length === 0 ? null : ((below + equal / 2) / sorted.length) * 100,
    annualGapToMedian:
      volume === null || allPayers === null ? null : (allPayers.median - rate) * volume,
    annualGapToP75: volume === null || allPayers === null ? null : (allPayers.p75 - rate) * volume,
    offer: offered,
    warnings,
  };
}

function offerRateFor(
  offer: Offer,
  rate: number,
  medicare: LineEvaluation["medicare"],
  sortedMarket: readonly number[],
): number | null {
  switch (offer.kind) {
    case "medicare":
      return medicare === null ? null : (offer.percent / 100) * medicare.amount;
    case "percentile":
      return sortedMarket.length === 0
        ? null
        : quantileSorted(sortedMarket, offer.percentile / 100);
    case "change":
      return rate * (1 + offer.percent / 100);
    case "dollars":
      return offer.amount;
  }
}

/** Largest annual gap to the market median first; lines without a dollar gap after, by per-unit gap. */
function byOpportunity(a: LineEvaluation, b: LineEvaluation): number {
  const ga = a.annualGapToMedian;
  const gb = b.annualGapToMedian;
  if (ga !== null && gb !== null) return gb - ga || a.row - b.row;
  if (ga !== null) return -1;
  if (gb !== null) return 1;
  const ua = a.allPayers === null ? Number.NEGATIVE_INFINITY : a.allPayers.median - a.rate;
  const ub = b.allPayers === null ? Number.NEGATIVE_INFINITY : b.allPayers.median - b.rate;
  return ub - ua || a.row - b.row;
}

function sumTotals(payer: string, lines: readonly LineEvaluation[]): PayerTotals {
  const withVolume = lines.filter((l) => l.volume !== null);
  const sum = (values: (number | null)[]): number =>
    values.reduce<number>((acc, v) => acc + (v ?? 0), 0);
  const todayRevenue = sum(withVolume.map((l) => l.rate * (l.volume ?? 0)));
  const anyOffer = withVolume.some((l) => l.offer !== null);
  // Lines whose offer cannot be priced stay at today's rate in the projection.
  const projectedRevenue = anyOffer
    ? sum(withVolume.map((l) => (l.offer?.rate ?? l.rate) * (l.volume ?? 0)))
    : null;
  return {
    payer,
    lines: lines.length,
    linesWithVolume: withVolume.length,
    todayRevenue,
    gapToMedian: sum(withVolume.map((l) => l.annualGapToMedian)),
    gapToP75: sum(withVolume.map((l) => l.annualGapToP75)),
    projectedRevenue,
    projectedChange: projectedRevenue === null ? null : projectedRevenue - todayRevenue,
  };
}

function totalsByPayer(lines: readonly LineEvaluation[]): PayerTotals[] {
  const names = [...new Set(lines.map((l) => l.payer))].sort((a, b) => a.localeCompare(b));
  return names.map((name) =>
    sumTotals(
      name,
      lines.filter((l) => l.payer === name),
    ),
  );
}
