/**
 * A contract evaluation as terminal text and as CSV (one row per line). Same figures as the JSON
 * (`ContractEvaluation`), rounded for display only.
 */
import type {
  ContractEvaluation,
  LineEvaluation,
  MarketStats,
  PayerTotals,
} from "../../analyze/contracts/contract-types.js";
import { formatAmount, formatUsd } from "../../analyze/money.js";

const money = (value: number | null | undefined): string =>
  value === null || value === undefined ? "—" : formatUsd(value);
const pct = (value: number | null): string => (value === null ? "—" : `${Math.round(value)}%`);

function spread(stats: MarketStats | null): string {
  if (stats === null) return "—";
  return `${[stats.p25, stats.median, stats.p75, stats.p90].map(formatAmount).join("/")} n=${stats.n}${stats.synthetic ? "*" : ""}`;
}

function table(rows: string[][]): string {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows
    .map((row) =>
      `  ${row.map((cell, column) => (column < 4 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join("  ")}`.trimEnd(),
    )
    .join("\n");
}

/** The header lines every format shares. */
export function contractHeadline(evaluation: ContractEvaluation): string[] {
  const m = evaluation.market;
  const medicare =
    evaluation.medicareYear === null
      ? "no Medicare fee schedule loaded"
      : `Medicare ${evaluation.medicareYear} at ${evaluation.practiceLocality.locality ?? "national amounts"} (${evaluation.practiceLocality.how})`;
  return [
    `Contract evaluation: ${evaluation.source}`,
    `Market: ${m.label}${m.zips === null ? "" : ` (${m.spec}, ${m.zips} ZIPs; providers placed by NPPES practice ZIP)`}`,
    medicare,
    ...(evaluation.offer === null
      ? []
      : [`Offer: ${evaluation.offer} (per-line offers in the file take precedence)`]),
    ...(evaluation.containsSynthetic
      ? ["SYNTHETIC: some market figures come from synthetic demo data (marked *)."]
      : []),
  ];
}

function lineRow(line: LineEvaluation): string[] {
  return [
    String(line.row),
    line.payer,
    `${line.code}${line.modifier === "" ? "" : `-${line.modifier}`}`,
    line.setting,
    money(line.rate),
    pct(line.percentOfMedicare),
    line.marketPercentile === null ? "—" : `p${Math.round(line.marketPercentile)}`,
    spread(line.samePayer),
    spread(line.allPayers),
    money(line.medicare?.amount),
    line.volume === null ? "—" : String(line.volume),
    money(line.annualGapToMedian),
    money(line.annualGapToP75),
    money(line.offer?.rate),
    money(line.offer?.change),
  ];
}

function totalsRow(t: PayerTotals): string[] {
  return [
    t.payer,
    String(t.lines),
    String(t.linesWithVolume),
    money(t.todayRevenue),
    money(t.gapToMedian),
    money(t.gapToP75),
    money(t.projectedRevenue),
    money(t.projectedChange),
  ];
}

/** The terminal report. */
export function formatContractText(evaluation: ContractEvaluation): string {
  const out = [...contractHeadline(evaluation), ""];
  out.push(
    "Lines, ranked by dollar opportunity (annual gap to the all-payer market median; positive = paid below it)",
  );
  out.push(
    table([
      [
        "Row",
        "Payer",
        "Code",
        "Setting",
        "Rate",
        "%Mcr",
        "Mkt pct",
        "Payer p25/med/p75/p90",
        "All payers p25/med/p75/p90",
        "Medicare",
        "Volume",
        "Gap→median/yr",
        "Gap→p75/yr",
        "Offer rate",
        "Offer Δ/yr",
      ],
      ...evaluation.lines.map(lineRow),
    ]),
  );
  out.push("", "Totals per payer (lines with a volume)");
  out.push(
    table([
      [
        "Payer",
        "Lines",
        "With volume",
        "Today/yr",
        "Gap→median/yr",
        "Gap→p75/yr",
        "Offer/yr",
        "Change/yr",
      ],
      ...evaluation.payers.map(totalsRow),
      totalsRow(evaluation.total),
    ]),
  );
  const warned = evaluation.lines.filter((line) => line.warnings.length > 0);
  if (evaluation.warnings.length > 0 || warned.length > 0) {
    out.push("", "Warnings");
    for (const warning of evaluation.warnings) out.push(`  - ${warning}`);
    for (const line of [...warned].sort((a, b) => a.row - b.row)) {
      out.push(`  - row ${line.row} (${line.payer} ${line.code}): ${line.warnings.join("; ")}`);
    }
  }
  if (evaluation.errors.length > 0) {
    out.push("", "Rows not evaluated");
    for (const error of evaluation.errors) {
      out.push(
        `  - row ${error.row}${error.column === null ? "" : ` (${error.column})`}: ${error.message}`,
      );
    }
  }
  return `${out.join("\n")}\n`;
}

/** CSV columns, one row per evaluated line (unrounded numbers). */
export const CONTRACT_CSV_COLUMNS = [
  "row",
  "payer",
  "code",
  "modifier",
  "setting",
  "rate",
  "rate_basis",
  "volume",
  "percent_of_medicare",
  "market_percentile",
  "payer_n",
  "payer_p25",
  "payer_median",
  "payer_p75",
  "payer_p90",
  "all_n",
  "all_p25",
  "all_median",
  "all_p75",
  "all_p90",
  "medicare",
  "medicare_year",
  "medicare_locality",
  "annual_gap_to_median",
  "annual_gap_to_p75",
  "offer",
  "offer_rate",
  "today_revenue",
  "projected_revenue",
  "projected_change",
  "synthetic",
  "warnings",
] as const;

function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "number" ? String(Math.round(value * 1e6) / 1e6) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The values of one line in `CONTRACT_CSV_COLUMNS` order (also the workbook's per-payer rows). */
export function lineValues(line: LineEvaluation): (string | number | boolean | null)[] {
  return [
    line.row,
    line.payer,
    line.code,
    line.modifier,
    line.setting,
    line.rate,
    line.rateBasis,
    line.volume,
    line.percentOfMedicare,
    line.marketPercentile,
    line.samePayer?.n ?? null,
    line.samePayer?.p25 ?? null,
    line.samePayer?.median ?? null,
    line.samePayer?.p75 ?? null,
    line.samePayer?.p90 ?? null,
    line.allPayers?.n ?? null,
    line.allPayers?.p25 ?? null,
    line.allPayers?.median ?? null,
    line.allPayers?.p75 ?? null,
    line.allPayers?.p90 ?? null,
    line.medicare?.amount ?? null,
    line.medicare?.year ?? null,
    line.medicare?.locality ?? null,
    line.annualGapToMedian,
    line.annualGapToP75,
    line.offer?.text ?? null,
    line.offer?.rate ?? null,
    line.offer?.todayRevenue ?? null,
    line.offer?.projectedRevenue ?? null,
    line.offer?.change ?? null,
    (line.allPayers?.synthetic ?? false) || (line.samePayer?.synthetic ?? false),
    line.warnings.join("; "),
  ];
}

/** The CSV (header + one row per line, ranked as in the text). */
export function formatContractCsv(evaluation: ContractEvaluation): string {
  const rows = [
    CONTRACT_CSV_COLUMNS.join(","),
    ...evaluation.lines.map((line) => lineValues(line).map(csvCell).join(",")),
  ];
  return `${rows.join("\n")}\n`;
}
