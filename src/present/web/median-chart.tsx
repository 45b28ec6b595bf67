/**
 * A code's median rate over a payer's releases as an inline SVG line chart, in hono/jsx (escaped
 * by construction). Each point has a <title> with its month, median and how many providers it
 * rests on, so every drawn figure can be read back.
 */
import { formatUsd } from "../../analyze/money.js";
import type { MedianSeries } from "../../analyze/changes/median-history.js";

const WIDTH = 360;
const HEIGHT = 140;
const PAD = { left: 64, right: 12, top: 12, bottom: 28 };

export function MedianChart(props: { series: MedianSeries; synthetic: boolean }) {
  const { points } = props.series;
  const values = points.map((point) => point.median);
  const low = Math.min(...values);
  const high = Math.max(...values);
  // A flat series still gets a visible band around it.
  const span = high - low > 0 ? high - low : Math.max(1, high * 0.05);
  const bottom = high - low > 0 ? low : low - span / 2;
  const x = (i: number): number =>
    PAD.left +
    (points.length === 1 ? 0.5 : i / (points.length - 1)) * (WIDTH - PAD.left - PAD.right);
  const y = (value: number): number =>
    PAD.top + (1 - (value - bottom) / span) * (HEIGHT - PAD.top - PAD.bottom);
  const path = points
    .map((point, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(point.median).toFixed(1)}`)
    .join(" ");
  const label = `Median rate of ${props.series.billingCode} by release month${props.synthetic ? " (synthetic data)" : ""}`;
  return (
    <figure class="median-chart">
      <svg
        xmlns="http://www.w3.org/2000/svg"
        viewBox={`0 0 ${String(WIDTH)} ${String(HEIGHT)}`}
        width={WIDTH}
        height={HEIGHT}
        role="img"
        aria-label={label}
      >
        <line
          x1={PAD.left}
          y1={HEIGHT - PAD.bottom}
          x2={WIDTH - PAD.right}
          y2={HEIGHT - PAD.bottom}
          stroke="#888"
        />
        <text x={PAD.left - 4} y={y(high) + 4} text-anchor="end" font-size="10">
          {formatUsd(high)}
        </text>
        {high === low ? null : (
          <text x={PAD.left - 4} y={y(low) + 4} text-anchor="end" font-size="10">
            {formatUsd(low)}
          </text>
        )}
        <path d={path} fill="none" stroke="#1f5f99" stroke-width="2" />
        {points.map((point, i) => (
          <g>
            <circle cx={x(i)} cy={y(point.median)} r="3.5" fill="#1f5f99">
              <title>{`${point.month}: median ${formatUsd(point.median)} over ${String(point.keys)} providers`}</title>
            </circle>
            <text x={x(i)} y={HEIGHT - 10} text-anchor="middle" font-size="10">
              {point.month}
            </text>
          </g>
        ))}
        {props.synthetic ? (
          <text x={WIDTH - PAD.right} y={PAD.top + 8} text-anchor="end" font-size="10" fill="#a00">
            SYNTHETIC
          </text>
        ) : null}
      </svg>
      <figcaption>{label}</figcaption>
    </figure>
  );
}
