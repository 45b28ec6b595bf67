/**
 * The distribution chart: one horizontal box-and-whisker per payer row (whiskers p10–p90, box
 * p25–p75, a bar at the median, a diamond at the mean) on a shared dollar axis, with the Medicare
 * amounts drawn as labelled vertical lines. Pure SVG with no script or external asset, so it
 * prints and works inside a saved HTML file. Synthetic series are hatched and carry the marker.
 * Written in hono/jsx: every value (payer names, labels) is escaped by construction; the caller
 * embeds the returned markup. Elements stand one per line, as in the saved publications.
 */
import type {
  BenchmarkResult,
  MedicareRow,
  PayerBenchmark,
} from "../../analyze/benchmark/benchmark-types.js";
import type { Child } from "hono/jsx";
import { formatUsd } from "../../analyze/money.js";
import { payerLabel } from "./payer-label.js";
import { settingGroups, type SettingGroup } from "./setting-groups.js";
import { jsxMarkup } from "../jsx-markup.js";

const WIDTH = 760;
const LABEL_WIDTH = 270;
const RIGHT_PAD = 24;
const ROW_HEIGHT = 34;
const AXIS_HEIGHT = 52;
const TOP = 8;
const GROUP_HEADER = 24;

/** Renders the chart, or `null` when no payer has dollar rates (the page then says so). */
export function renderDistributionChart(result: BenchmarkResult): string | null {
  const groups = settingGroups(result.payers);
  if (groups.length === 0) return null;
  const medicare = latestMedicare(result.medicare);
  const rows = groups.flatMap((group) => group.rows);
  const maxValue = Math.max(
    ...rows.map((row) => row.stats.p90),
    ...medicare.map((row) => row.national),
  );
  const ticks = niceTicks(maxValue);
  const axisMax = ticks[ticks.length - 1] ?? maxValue;
  const plotWidth = WIDTH - LABEL_WIDTH - RIGHT_PAD;
  const x = (value: number): number => round(LABEL_WIDTH + (value / axisMax) * plotWidth);
  const plotBottom = TOP + groups.length * GROUP_HEADER + rows.length * ROW_HEIGHT;
  const height = plotBottom + AXIS_HEIGHT;

  const title = `Distribution of negotiated rates for ${result.billingCode} by payer and setting`;
  const parts: Child[] = [
    <title id="chart-title">{title}</title>,
    <desc id="chart-desc">{describe(groups, medicare)}</desc>,
    <defs>
      <pattern
        id="synthetic-hatch"
        width="6"
        height="6"
        patternUnits="userSpaceOnUse"
        patternTransform="rotate(45)"
      >
        <rect width="6" height="6" fill="#fde8c8" />
        <line x1="0" y1="0" x2="0" y2="6" stroke="#c77d1a" stroke-width="2" />
      </pattern>
    </defs>,
  ];
  for (const tick of ticks) {
    parts.push(
      <line x1={x(tick)} y1={TOP} x2={x(tick)} y2={plotBottom} stroke="#e3e3e3" />,
      <text x={x(tick)} y={plotBottom + 16} text-anchor="middle" class="chart-tick">
        {formatAxis(tick)}
      </text>,
    );
  }
  let top = TOP;
  for (const group of groups) {
    const groupTop = top;
    parts.push(
      <text x="8" y={groupTop + 17} class="chart-group">
        {group.label}
      </text>,
    );
    top += GROUP_HEADER;
    for (const row of group.rows) {
      parts.push(<Box row={row} label={payerLabel(row, group.rows)} top={top} x={x} />);
      top += ROW_HEIGHT;
    }
    const line = medicareLine(group, medicare);
    if (line !== undefined) {
      const position = x(line.national);
      const right = position > WIDTH - 200;
      parts.push(
        <line
          x1={position}
          y1={groupTop + 6}
          x2={position}
          y2={top}
          stroke="#1f5fa8"
          stroke-width="1.5"
          stroke-dasharray="5 3"
          class="medicare-line"
        />,
        <text
          x={position + (right ? -4 : 4)}
          y={groupTop + 17}
          text-anchor={right ? "end" : "start"}
          class="chart-medicare"
        >
          {line.label}
        </text>,
      );
    }
  }
  parts.push(
    <text
      x={LABEL_WIDTH + plotWidth / 2}
      y={plotBottom + 31}
      text-anchor="middle"
      class="chart-tick"
    >
      negotiated rate (US dollars)
    </text>,
    <text x={WIDTH / 2} y={plotBottom + 46} text-anchor="middle" class="chart-legend">
      {`whiskers p10–p90 · box p25–p75 · bar median · ◆ mean${medicare.length > 0 ? " · dashed: Medicare national (professional rows)" : ""} · hatched: synthetic`}
    </text>,
  );
  return jsxMarkup(
    <svg
      xmlns="http://www.w3.org/2000/svg"
      class="distribution-chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      role="img"
      aria-labelledby="chart-title chart-desc"
    >
      {onLines(parts)}
    </svg>,
  );
}

/** Children each on a line of its own (`<svg>`, a newline, each child and a newline, `</svg>`). */
function onLines(children: readonly Child[]): Child[] {
  return ["\n", ...children.flatMap((child) => [child, "\n"])];
}

/**
 * The row's label, whole: wrapped at word boundaries onto up to three lines within the label
 * column (a cut name made the real and synthetic CareFirst rows differ only by colour).
 */
function LabelText({ label, middle }: { label: string; middle: number }) {
  const lines = wrapWords(label, LABEL_CHARS);
  const lineHeight = lines.length > 2 ? 10.5 : 13;
  const first = middle + 4 - ((lines.length - 1) * lineHeight) / 2;
  return (
    <text
      text-anchor="end"
      class="chart-label"
      style={lines.length > 2 ? "font-size:10px" : undefined}
    >
      {lines.map((line, index) => (
        <tspan x={LABEL_WIDTH - 8} y={round(first + index * lineHeight)}>
          {line}
        </tspan>
      ))}
    </text>
  );
}

/** Characters of a 12px label that fit the label column. */
const LABEL_CHARS = 36;

/** Splits text into lines of at most `width` characters at spaces; a longer word gets its own line. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line === "") line = word;
    else if (line.length + 1 + word.length <= width) line = `${line} ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

function Box({
  row,
  label,
  top,
  x,
}: {
  row: PayerBenchmark;
  label: string;
  top: number;
  x: (value: number) => number;
}) {
  const middle = top + ROW_HEIGHT / 2;
  const { p10, p25, median, p75, p90, mean } = row.stats;
  const fill = row.synthetic ? "url(#synthetic-hatch)" : "#cfe0f3";
  const stroke = row.synthetic ? "#8a5a12" : "#1d3f66";
  const boxWidth = Math.max(x(p75) - x(p25), 1);
  const tooltip = `${label}: p10 ${formatUsd(p10)}, p25 ${formatUsd(p25)}, median ${formatUsd(median)}, p75 ${formatUsd(p75)}, p90 ${formatUsd(p90)}, mean ${formatUsd(mean)}, n=${row.stats.count}`;
  return (
    <g class={`series${row.synthetic ? " synthetic" : ""}`} data-payer={row.payer}>
      {onLines([
        <title>{tooltip}</title>,
        <LabelText label={label} middle={middle} />,
        <line x1={x(p10)} y1={middle} x2={x(p90)} y2={middle} stroke={stroke} />,
        <line x1={x(p10)} y1={middle - 6} x2={x(p10)} y2={middle + 6} stroke={stroke} />,
        <line x1={x(p90)} y1={middle - 6} x2={x(p90)} y2={middle + 6} stroke={stroke} />,
        <rect
          x={x(p25)}
          y={middle - 10}
          width={round(boxWidth)}
          height="20"
          fill={fill}
          stroke={stroke}
        />,
        <line
          x1={x(median)}
          y1={middle - 10}
          x2={x(median)}
          y2={middle + 10}
          stroke={stroke}
          stroke-width="2.5"
        />,
        <path d={`M ${x(mean)} ${middle - 4} l 4 4 l -4 4 l -4 -4 z`} fill={stroke} />,
      ])}
    </g>
  );
}

/**
 * The Medicare amount to mark for a setting: the engine's per-row national amount when it gives
 * one (it knows modifier adjustments; null means "not comparable"), else the plain national
 * amount for professional rows without modifiers. The PFS prices the professional service, so
 * institutional (facility-fee) rows get no line.
 */
function medicareLine(
  group: SettingGroup,
  medicare: readonly MedicareRow[],
): { national: number; label: string } | undefined {
  const setting = group.facilityClass === "facility" ? "facility" : "non-facility";
  const year = medicare[0]?.year;
  const own = group.rows.map((row) => row.medicareNational).find((value) => value !== undefined);
  if (own === null) return undefined;
  if (own !== undefined) {
    return {
      national: own,
      label: `Medicare${year === undefined ? "" : ` ${year}`} ${setting}${group.modifiers === "" ? "" : ` -${group.modifiers}`} ${formatUsd(own)}`,
    };
  }
  if (group.billingClass === "institutional" || group.modifiers !== "") return undefined;
  const plain = medicare.find((row) => row.facilityClass === group.facilityClass);
  return plain === undefined
    ? undefined
    : {
        national: plain.national,
        label: `Medicare ${plain.year} ${setting} ${formatUsd(plain.national)}`,
      };
}

/** The Medicare rows of the most recent fee-schedule year in the result. */
function latestMedicare(rows: readonly MedicareRow[]): MedicareRow[] {
  const year = Math.max(...rows.map((row) => row.year));
  return rows.filter((row) => row.year === year).sort((a, b) => a.national - b.national);
}

function describe(groups: readonly SettingGroup[], medicare: readonly MedicareRow[]): string {
  const series = groups
    .map(
      (group) =>
        `${group.label}: ${group.rows.map((row) => `${payerLabel(row, group.rows)} median ${formatUsd(row.stats.median)}`).join(", ")}`,
    )
    .join("; ");
  const lines = medicare
    .map((row) => `Medicare ${row.year} ${row.facilityClass} ${formatUsd(row.national)}`)
    .join("; ");
  return `${series}.${lines.length > 0 ? ` ${lines}.` : ""}`;
}

/** About five round tick values from 0 to at least `max`. */
export function niceTicks(max: number): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step =
    [1, 2, 2.5, 5, 10]
      .map((factor) => factor * magnitude)
      .find((candidate) => candidate >= rough) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let value = 0; value < max + step; value += step) {
    ticks.push(round(value));
    if (value >= max) break;
  }
  return ticks;
}

function formatAxis(value: number): string {
  return `$${value.toLocaleString("en-US", { maximumFractionDigits: 0 })}`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
