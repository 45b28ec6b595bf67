/**
 * One contract line as an SVG chart: a row per payer in the market (box p25–p75, whisker to p90,
 * median tick) plus "All payers", your rate as a solid line and Medicare as a dashed one. Plain
 * SVG text, no script, so the page renders it on the server and prints it.
 */
import type { LineEvaluation } from "../../analyze/contracts/contract-types.js";
import { formatUsd } from "../../analyze/money.js";
import { escapeHtml } from "../report/escape-html.js";

const WIDTH = 640;
const LEFT = 170;
const RIGHT = 24;
const ROW = 24;
const TOP = 34;

/** The x position of an amount on the chart's scale (exported for the test). */
export function chartScale(line: LineEvaluation): (amount: number) => number {
  const rows = [
    ...line.byPayer.map((p) => p.stats),
    ...(line.allPayers === null ? [] : [line.allPayers]),
  ];
  const values = [
    line.rate,
    ...(line.medicare === null ? [] : [line.medicare.amount]),
    ...rows.flatMap((s) => [s.p25, s.p90]),
  ];
  const low = Math.min(...values) * 0.9;
  const high = Math.max(...values) * 1.05;
  return (amount) => LEFT + ((amount - low) / (high - low || 1)) * (WIDTH - LEFT - RIGHT);
}

/** The chart, or null when the market has no rates for the line. */
export function contractChartSvg(line: LineEvaluation): string | null {
  if (line.allPayers === null) return null;
  const x = chartScale(line);
  const rows = [
    ...line.byPayer.map((p) => ({ label: p.payer, stats: p.stats, all: false })),
    { label: "All payers", stats: line.allPayers, all: true },
  ];
  const height = TOP + rows.length * ROW + 26;
  const f = (n: number): string => n.toFixed(1);
  const parts: string[] = [];
  rows.forEach((row, i) => {
    const y = TOP + i * ROW + ROW / 2;
    const s = row.stats;
    parts.push(
      `<g class="series${row.all ? " all-payers" : ""}${s.synthetic ? " synthetic" : ""}" data-payer="${escapeHtml(row.label)}">` +
        `<text x="${LEFT - 8}" y="${f(y + 4)}" text-anchor="end" font-size="12">${escapeHtml(row.label)}${s.synthetic ? " *" : ""} (n=${s.n})</text>` +
        `<line x1="${f(x(s.p25))}" x2="${f(x(s.p90))}" y1="${f(y)}" y2="${f(y)}" stroke="#5b6470"/>` +
        `<rect x="${f(x(s.p25))}" y="${f(y - 7)}" width="${f(Math.max(1, x(s.p75) - x(s.p25)))}" height="14" fill="${row.all ? "#c9d6e8" : "#e3e8ef"}" stroke="#1f5fa8"${s.synthetic ? ' stroke-dasharray="3 2"' : ""}/>` +
        `<line class="median" x1="${f(x(s.median))}" x2="${f(x(s.median))}" y1="${f(y - 7)}" y2="${f(y + 7)}" stroke="#1b1f24" stroke-width="2"/>` +
        `<title>${escapeHtml(row.label)}: p25 ${s.p25.toFixed(2)}, median ${s.median.toFixed(2)}, p75 ${s.p75.toFixed(2)}, p90 ${s.p90.toFixed(2)}, n ${s.n}</title></g>`,
    );
  });
  const bottom = TOP + rows.length * ROW;
  const marker = (
    cls: string,
    amount: number,
    label: string,
    color: string,
    dash: string,
  ): string =>
    `<g class="${cls}"><line x1="${f(x(amount))}" x2="${f(x(amount))}" y1="${TOP - 6}" y2="${bottom}" stroke="${color}" stroke-width="2"${dash}/>` +
    `<text x="${f(x(amount))}" y="${cls === "your-rate" ? TOP - 10 : bottom + 16}" text-anchor="middle" font-size="12" fill="${color}">${escapeHtml(label)}</text></g>`;
  if (line.medicare !== null) {
    parts.push(
      marker(
        "medicare",
        line.medicare.amount,
        `Medicare ${formatUsd(line.medicare.amount)}`,
        "#8a5a12",
        ' stroke-dasharray="5 4"',
      ),
    );
  }
  parts.push(marker("your-rate", line.rate, `Your rate ${formatUsd(line.rate)}`, "#b3261e", ""));
  const title = `${line.payer} ${line.code}${line.modifier === "" ? "" : `-${line.modifier}`} (${line.setting}): your rate against each payer's market distribution`;
  return `<svg class="contract-chart" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" xmlns="http://www.w3.org/2000/svg">${parts.join("")}</svg>`;
}
