/**
 * The negotiator's workbook (exceljs): a Summary sheet (market, Medicare basis, offer, totals per
 * payer, warnings, rows not evaluated) and one sheet per payer with its lines, ranked by dollar
 * opportunity. Numbers are stored as numbers (formatted as dollars), not text.
 */
import ExcelJS from "exceljs";
import type { ContractEvaluation, PayerTotals } from "../../analyze/contracts/contract-types.js";
import { CONTRACT_CSV_COLUMNS, contractHeadline, lineValues } from "./contract-text.js";

const MONEY_COLUMNS = new Set([
  "rate",
  "payer_p25",
  "payer_median",
  "payer_p75",
  "payer_p90",
  "all_p25",
  "all_median",
  "all_p75",
  "all_p90",
  "medicare",
  "annual_gap_to_median",
  "annual_gap_to_p75",
  "offer_rate",
  "today_revenue",
  "projected_revenue",
  "projected_change",
]);
const USD_FORMAT = '"$"#,##0.00;[Red]-"$"#,##0.00';

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ], unique. */
function sheetName(payer: string, used: Set<string>): string {
  const base =
    payer
      .replace(/[:\\/?*[\]]/g, " ")
      .slice(0, 28)
      .trim() || "Payer";
  let name = base;
  for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base} ${i}`;
  used.add(name.toLowerCase());
  return name;
}

function totalsValues(t: PayerTotals): (string | number | null)[] {
  return [
    t.payer,
    t.lines,
    t.linesWithVolume,
    t.todayRevenue,
    t.gapToMedian,
    t.gapToP75,
    t.projectedRevenue,
    t.projectedChange,
  ];
}

/** Builds the workbook and returns its bytes. */
export async function contractWorkbook(evaluation: ContractEvaluation): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "ratelens";
  workbook.created = new Date(evaluation.generatedAt);
  const summary = workbook.addWorksheet("Summary");
  for (const line of contractHeadline(evaluation)) summary.addRow([line]);
  summary.addRow([]);
  const header = summary.addRow([
    "Payer",
    "Lines",
    "Lines with volume",
    "Today / year",
    "Gap to median / year",
    "Gap to p75 / year",
    "Offer / year",
    "Change / year",
  ]);
  header.font = { bold: true };
  for (const totals of [...evaluation.payers, evaluation.total]) {
    const row = summary.addRow(totalsValues(totals));
    for (const column of [4, 5, 6, 7, 8]) row.getCell(column).numFmt = USD_FORMAT;
  }
  summary.addRow([]);
  for (const warning of evaluation.warnings) summary.addRow([`Warning: ${warning}`]);
  for (const error of evaluation.errors) {
    summary.addRow([
      `Row ${error.row}${error.column === null ? "" : ` (${error.column})`} not evaluated: ${error.message}`,
    ]);
  }
  summary.getColumn(1).width = 28;
  for (const column of [4, 5, 6, 7, 8]) summary.getColumn(column).width = 18;

  const used = new Set(["summary"]);
  for (const totals of evaluation.payers) {
    const sheet = workbook.addWorksheet(sheetName(totals.payer, used));
    const head = sheet.addRow([...CONTRACT_CSV_COLUMNS]);
    head.font = { bold: true };
    for (const line of evaluation.lines.filter((l) => l.payer === totals.payer)) {
      sheet.addRow(lineValues(line));
    }
    CONTRACT_CSV_COLUMNS.forEach((name, index) => {
      const column = sheet.getColumn(index + 1);
      column.width = Math.max(10, name.length + 2);
      if (MONEY_COLUMNS.has(name)) column.numFmt = USD_FORMAT;
    });
    sheet.views = [{ state: "frozen", ySplit: 1 }];
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
