/**
 * The shapes of contract evaluation: a user's fee schedule (lines), how each line compares with
 * its market and Medicare, and what an offer is worth on the user's volumes. The contract between
 * the engine (`evaluate-contract.ts`) and everything that presents it (CLI, API, page, workbook).
 */

/** A what-if offer: a percentage of Medicare, a market percentile, a change on today's rate, or dollars. */
export type Offer =
  | { kind: "medicare"; percent: number }
  | { kind: "percentile"; percentile: number }
  | { kind: "change"; percent: number }
  | { kind: "dollars"; amount: number };

/** One line of a fee schedule, as parsed. */
export interface ContractLine {
  /** Row number in the file (the header is row 1). */
  row: number;
  payer: string;
  code: string;
  modifier: string;
  setting: "facility" | "nonfacility";
  /** Where the setting came from: the place-of-service code when one was given. */
  placeOfService: string | null;
  /** The contracted rate: dollars, or a percentage of Medicare for a fee-schedule year. */
  rate:
    | { kind: "dollars"; amount: number }
    | { kind: "medicare"; percent: number; year: number | null };
  volume: number | null;
  /** A per-line what-if offer overriding the global one. */
  offer: Offer | null;
  offerText: string | null;
}

/** A row that could not be read: its number, the column and what is wrong. */
export interface LineError {
  row: number;
  column: string | null;
  message: string;
}

/** Percentiles of a set of market rates (type 7, as the benchmark engine). */
export interface MarketStats {
  n: number;
  p25: number;
  median: number;
  p75: number;
  p90: number;
  synthetic: boolean;
}

/** One evaluated line. */
export interface LineEvaluation {
  row: number;
  payer: string;
  code: string;
  modifier: string;
  setting: "facility" | "nonfacility";
  /** Today's rate in dollars (a % of Medicare line priced at the practice locality). */
  rate: number;
  rateBasis: string;
  volume: number | null;
  /** The same payer's rates in the market and setting (null: none). */
  samePayer: MarketStats | null;
  /** Every payer's rates in the market and setting (null: none). */
  allPayers: MarketStats | null;
  /** Each payer's own distribution in the market and setting (for the chart), by payer name. */
  byPayer: { payer: string; stats: MarketStats }[];
  /** Medicare for the practice's locality (or national), the fee-schedule year used. */
  medicare: { amount: number; year: number; locality: string | null } | null;
  percentOfMedicare: number | null;
  /** Mid-rank percentile of the rate among all payers' market rates (0–100). */
  marketPercentile: number | null;
  /** Volume × (all-payer median − rate): positive = paid below the market median. */
  annualGapToMedian: number | null;
  annualGapToP75: number | null;
  /** The what-if: offered rate, today's and projected annual revenue. */
  offer: {
    text: string;
    rate: number;
    todayRevenue: number | null;
    projectedRevenue: number | null;
    change: number | null;
  } | null;
  warnings: string[];
}

/** Totals of one payer (lines with a volume only, for dollar figures). */
export interface PayerTotals {
  payer: string;
  lines: number;
  linesWithVolume: number;
  todayRevenue: number;
  gapToMedian: number;
  gapToP75: number;
  projectedRevenue: number | null;
  projectedChange: number | null;
}

/** The whole evaluation. */
export interface ContractEvaluation {
  source: string;
  generatedAt: string;
  market: { spec: string; label: string; zips: number | null };
  practiceLocality: { locality: string | null; how: string };
  medicareYear: number | null;
  offer: string | null;
  /** Lines ranked by dollar opportunity (annual gap to the market median, largest first; no volume last). */
  lines: LineEvaluation[];
  errors: LineError[];
  payers: PayerTotals[];
  total: PayerTotals;
  warnings: string[];
  containsSynthetic: boolean;
  /** Market n below which a figure is flagged. */
  smallN: number;
}
