/**
 * One contract line as an SVG chart: a row per payer in the market (box p25–p75, whisker to p90,
 * median tick) plus "All payers", your rate as a solid line and Medicare as a dashed one. Plain
 * SVG, no script, so the page renders it on the server and prints it. Written in hono/jsx: every
 * value (payer names included) is escaped by construction; the caller embeds the returned markup.
 */
import type { LineEvaluation, MarketStats } from "../../analyze/contracts/contract-types.js";
import { formatUsd } from "../../analyze/money.js";
import { jsxMarkup } from "../jsx-markup.js";

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

/** Coordinates to one decimal, as text (the chart's only number format). */
const f = (n: number): string => n.toFixed(1);

interface SeriesRow {
  label: string;
  stats: MarketStats;
  all: boolean;
}

function Series({ row, y, x }: { row: SeriesRow; y: number; x: (amount: number) => number }) {
  const s = row.stats;
  return (
    <g
      class={`series${row.all ? " all-payers" : ""}${s.synthetic ? " synthetic" : ""}`}
      data-payer={row.label}
    >
      <text x={LEFT - 8} y={f(y + 4)} text-anchor="end" font-size="12">
        {row.label}
        {s.synthetic ? " *" : ""} (n={s.n})
      </text>
      <line x1={f(x(s.p25))} x2={f(x(s.p90))} y1={f(y)} y2={f(y)} stroke="#5b6470" />
      <rect
        x={f(x(s.p25))}
        y={f(y - 7)}
        width={f(Math.max(1, x(s.p75) - x(s.p25)))}
        height="14"
        fill={row.all ? "#c9d6e8" : "#e3e8ef"}
        stroke="#1f5fa8"
        stroke-dasharray={s.synthetic ? "3 2" : undefined}
      />
      <line
        class="median"
        x1={f(x(s.median))}
        x2={f(x(s.median))}
        y1={f(y - 7)}
        y2={f(y + 7)}
        stroke="#1b1f24"
        stroke-width="2"
      />
      <title>
        {row.label}: p25 {s.p25.toFixed(2)}, median {s.median.toFixed(2)}, p75 {s.p75.toFixed(2)},
        p90 {s.p90.toFixed(2)}, n {s.n}
      </title>
    </g>
  );
}

/** A vertical marker across the rows: your rate (label above) or Medicare (label below). */
function Marker(props: {
  cls: "medicare" | "your-rate";
  x: number;
  bottom: number;
  label: string;
  color: string;
  dash?: string;
}) {
  return (
    <g class={props.cls}>
      <line
        x1={f(props.x)}
        x2={f(props.x)}
        y1={TOP - 6}
        y2={props.bottom}
        stroke={props.color}
        stroke-width="2"
        stroke-dasharray={props.dash}
      />
      <text
        x={f(props.x)}
        y={props.cls === "your-rate" ? TOP - 10 : props.bottom + 16}
        text-anchor="middle"
        font-size="12"
        fill={props.color}
      >
        {props.label}
      </text>
    </g>
  );
}

/** The chart's markup, or null when the market has no rates for the line. */
export function contractChartSvg(line: LineEvaluation): string | null {
  if (line.allPayers === null) return null;
  const x = chartScale(line);
  const rows: SeriesRow[] = [
    ...line.byPayer.map((p) => ({ label: p.payer, stats: p.stats, all: false })),
    { label: "All payers", stats: line.allPayers, all: true },
  ];
  const height = TOP + rows.length * ROW + 26;
  const bottom = TOP + rows.length * ROW;
  const title = `${line.payer} ${line.code}${line.modifier === "" ? "" : `-${line.modifier}`} (${line.setting}): your rate against each payer's market distribution`;
  return jsxMarkup(
    <svg
      class="contract-chart"
      role="img"
      aria-label={title}
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      xmlns="http://www.w3.org/2000/svg"
    >
      {rows.map((row, i) => (
        <Series row={row} y={TOP + i * ROW + ROW / 2} x={x} />
      ))}
      {line.medicare === null ? null : (
        <Marker
          cls="medicare"
          x={x(line.medicare.amount)}
          bottom={bottom}
          label={`Medicare ${formatUsd(line.medicare.amount)}`}
          color="#8a5a12"
          dash="5 4"
        />
      )}
      <Marker
        cls="your-rate"
        x={x(line.rate)}
        bottom={bottom}
        label={`Your rate ${formatUsd(line.rate)}`}
        color="#b3261e"
      />
    </svg>,
  );
}
