/**
 * Plain-text and CSV renderings of a `BenchmarkResult` for `ratelens benchmark`. Deterministic
 * (no clock, no locale surprises: en-US number formatting) so the command has a golden file.
 */
import { formatAmount, formatUsd } from "../../analyze/money.js";
import type {
  BenchmarkResult,
  BenchmarkSource,
  DistributionStats,
  GroupBenchmark,
  PayerBenchmark,
  PercentOfMedicare,
} from "../../analyze/benchmark/benchmark-types.js";

const percent = (value: number | undefined): string =>
  value === undefined || !Number.isFinite(value) ? "—" : `${value.toFixed(0)}%`;

interface TableRow {
  label: string;
  stats: DistributionStats;
  providers: string;
  pct: PercentOfMedicare | null;
}

function sectionKey(p: {
  billingCode: string;
  billingClass: string | null;
  facilityClass: string;
  modifiers?: string;
}): string {
  return [p.billingCode, p.billingClass ?? "unspecified", p.facilityClass, p.modifiers ?? ""].join(
    "|",
  );
}

function payerLabel(p: PayerBenchmark): string {
  return `${p.payer}${p.synthetic && !/synthetic/i.test(p.payer) ? " (synthetic)" : ""}`;
}

function providersOf(p: {
  providerTins: number;
  providerNpis: number;
  providerGroupRefs?: number;
}): string {
  const refs = p.providerGroupRefs ?? 0;
  return refs > 0 && p.providerTins === 0
    ? `${refs} refs`
    : `${p.providerTins}/${p.providerNpis}${refs > 0 ? `+${refs}r` : ""}`;
}

function renderTable(rows: readonly TableRow[]): string[] {
  const header = [
    "Payer",
    "n",
    "TIN/NPI",
    "mean",
    "p10",
    "p25",
    "median",
    "p75",
    "p90",
    "IQR",
    "CV",
    "%Mcr med",
    "%Mcr mean",
  ];
  const body = rows.map((r) => [
    r.label,
    String(r.stats.count),
    r.providers,
    formatAmount(r.stats.mean),
    formatAmount(r.stats.p10),
    formatAmount(r.stats.p25),
    formatAmount(r.stats.median),
    formatAmount(r.stats.p75),
    formatAmount(r.stats.p90),
    formatAmount(r.stats.iqr),
    r.stats.cv.toFixed(2),
    percent(r.pct?.median),
    percent(r.pct?.mean),
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...body.map((row) => (row[i] ?? "").length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), ...body.map(line)];
}

function settingLabel(facilityClass: string): string {
  if (facilityClass === "nonfacility") return "non-facility (office and other non-facility POS)";
  if (facilityClass === "facility") {
    return "facility (hospital outpatient, ASC and other facility POS)";
  }
  return "setting unknown (no place of service listed)";
}

/** The ratio of two amounts as printed (to the cent), so the percentage matches what is read. */
function ratioOfShown(numerator: number, denominator: number): number {
  return (Math.round(numerator * 100) / Math.round(denominator * 100)) * 100;
}

/**
 * The pooled commercial mean against Medicare, one baseline per sentence as the publication's
 * `benchmark-sentences.ts` names them: the percentage beside the national amount is exactly the
 * ratio of the two numbers shown; the locality-matched one is computed rate by rate and says so.
 */
export function commercialLines(commercial: GroupBenchmark): string[] {
  const national = commercial.medicareNational;
  const lines: string[] = [];
  if (national !== null && national > 0) {
    const gap = commercial.stats.mean - national;
    lines.push(
      `  Commercial mean ${formatAmount(commercial.stats.mean)} vs Medicare national ${formatAmount(national)}: ${gap >= 0 ? "+" : "-"}${formatAmount(Math.abs(gap))} (${percent(ratioOfShown(commercial.stats.mean, national))} of the national amount)`,
    );
  }
  const matched = commercial.percentOfMedicare;
  if (matched !== null) {
    lines.push(
      `  Rate by rate against each provider's locality Medicare amount (national where the locality is not known): mean ${percent(matched.mean)}, median ${percent(matched.median)}`,
    );
  }
  return lines;
}

/** "release 2026-05 (last_updated_on)", or "release unknown" for an undated file. */
export function sourceRelease(source: BenchmarkSource): string {
  if (source.release === undefined) return "release not recorded";
  return source.release === null
    ? "release unknown (undated)"
    : `release ${source.release} (from ${releaseFromLabel(source.releaseFrom)})`;
}

function releaseFromLabel(from: BenchmarkSource["releaseFrom"]): string {
  if (from === "index") return "the index date";
  if (from === "file-name") return "the file name";
  return from ?? "?";
}

/** Which releases the figures come from: the as-of month asked for, or the latest per payer and plan. */
export function releasesLine(result: BenchmarkResult): string | null {
  const releases = result.releases;
  if (releases === undefined) return null;
  const months = releases.months.length === 0 ? "none" : releases.months.join(", ");
  const which =
    releases.asOf === null
      ? "the latest release of each payer and plan"
      : `as of ${releases.asOf}: each payer and plan's latest release on or before it`;
  return `Releases: ${which} (release months read: ${months})`;
}

/** The human-readable report printed by `ratelens benchmark`. */
export function formatBenchmarkText(result: BenchmarkResult): string {
  const out: string[] = [];
  out.push(
    `Benchmark ${result.billingCode}: negotiated rates per payer (USD)${result.medicareYear === null || result.medicareYear === undefined ? "" : `, against the ${result.medicareYear} Medicare PFS`}`,
  );
  if (result.market !== undefined) {
    out.push(
      `Market: ${result.market.label} (${result.market.spec}, ${result.market.zips} ZIPs); providers placed by NPPES practice ZIP`,
    );
  }
  const releases = releasesLine(result);
  if (releases !== null) out.push(releases);
  if (result.containsSynthetic) {
    out.push(
      "NOTE: contains SYNTHETIC demo data; payers marked (synthetic) come from generated files, not real payers.",
    );
  }
  const sections = new Map<string, { payers: PayerBenchmark[]; groups: GroupBenchmark[] }>();
  for (const p of result.payers) {
    const key = sectionKey(p);
    const entry = sections.get(key) ?? { payers: [], groups: [] };
    entry.payers.push(p);
    sections.set(key, entry);
  }
  for (const g of result.groups ?? []) sections.get(sectionKey(g))?.groups.push(g);
  for (const { payers, groups } of sections.values()) {
    const first = payers[0];
    if (first === undefined) continue;
    out.push("");
    out.push(
      `${first.billingCode} · ${first.billingClass ?? "billing class unspecified"} · ${settingLabel(first.facilityClass)} · ${first.modifiers === "" || first.modifiers === undefined ? "no modifier" : `modifier ${first.modifiers}`}`,
    );
    const rows: TableRow[] = payers.map((p) => ({
      label: `${payerLabel(p)}${p.isBuca ? "" : " [non-BUCA]"}`,
      stats: p.stats,
      providers: providersOf(p),
      pct: p.percentOfMedicare,
    }));
    for (const g of groups) {
      rows.push({
        label: `${g.group}${g.synthetic ? " (incl. synthetic)" : ""}`,
        stats: g.stats,
        providers: providersOf(g),
        pct: g.percentOfMedicare,
      });
    }
    out.push(...renderTable(rows).map((line) => `  ${line}`));
    const commercial = groups.find((g) => g.group === "All commercial");
    if (commercial !== undefined) {
      out.push(...commercialLines(commercial));
    }
  }
  if (result.payers.length === 0) {
    out.push("", "No rates left to benchmark (see the cleaning audit and gaps below).");
  }
  out.push("", "Medicare (PFS amount across localities)");
  if (result.medicare.length === 0) out.push("  none: no fee schedule for the code/year");
  for (const m of result.medicare) {
    const spread =
      m.localities === null
        ? "no locality data"
        : `${m.localities.count} localities: min ${formatAmount(m.localities.min)}, median ${formatAmount(m.localities.median)}, max ${formatAmount(m.localities.max)}`;
    out.push(
      `  ${m.billingCode} ${m.year} ${m.facilityClass}: national ${formatAmount(m.national)}; ${spread}`,
    );
    out.push(`    source: ${m.source}`);
  }
  out.push("", "Cleaning audit (rule: removed → remaining)");
  for (const step of result.cleaning) {
    const params =
      step.parameters === undefined
        ? ""
        : ` [${Object.entries(step.parameters)
            .map(([k, v]) => `${k}=${String(v)}`)
            .join(", ")}]`;
    out.push(
      `  ${step.ruleId.padEnd(20)} ${String(step.removed).padStart(7)} → ${String(step.remaining).padStart(7)}  ${step.description}${params}`,
    );
  }
  const nd = result.nonDollar;
  out.push(
    "",
    `Not dollars (kept apart): percentage of charges ${nd.percentage.count}${nd.percentage.median === null ? "" : ` (median ${nd.percentage.median}%)`}; per diem ${nd.perDiem.count}${nd.perDiem.median === null ? "" : ` (median ${formatUsd(nd.perDiem.median)}/day)`}`,
  );
  if (result.gaps.length > 0) {
    out.push("", "Gaps");
    for (const gap of result.gaps) out.push(`  - ${gap}`);
  }
  if (result.sources.length > 0) {
    out.push("", "Sources (file, sha256, release, representative rates kept)");
    for (const s of result.sources) {
      out.push(
        `  #${s.fileId} ${s.location} sha256:${s.sha256.slice(0, 16)}… ${s.reportingEntityName ?? "?"}${s.synthetic ? " (synthetic)" : ""}, ${sourceRelease(s)}: ${s.rates}`,
      );
    }
  }
  return `${out.join("\n")}\n`;
}

const CSV_HEADER = [
  "row_type",
  "payer",
  "payer_family",
  "is_buca",
  "synthetic",
  "billing_code",
  "billing_class",
  "facility_class",
  "modifiers",
  "n",
  "provider_tins",
  "provider_npis",
  "mean",
  "p10",
  "p25",
  "median",
  "p75",
  "p90",
  "min",
  "max",
  "iqr",
  "cv",
  "pct_medicare_mean",
  "pct_medicare_median",
  "medicare_basis",
  "medicare_national",
];

function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text =
    typeof value === "number"
      ? Number.isInteger(value)
        ? String(value)
        : value.toFixed(4)
      : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line per payer row and pooled group (machine-readable; numbers unrounded to 4 decimals). */
export function formatBenchmarkCsv(result: BenchmarkResult): string {
  const lines = [CSV_HEADER.join(",")];
  const stats = (s: DistributionStats): (number | null)[] => [
    s.count,
    s.mean,
    s.p10,
    s.p25,
    s.median,
    s.p75,
    s.p90,
    s.min,
    s.max,
    s.iqr,
    s.cv,
  ];
  for (const p of result.payers) {
    const [n, ...rest] = stats(p.stats);
    lines.push(
      [
        "payer",
        p.payer,
        p.payerFamily,
        p.isBuca,
        p.synthetic,
        p.billingCode,
        p.billingClass,
        p.facilityClass,
        p.modifiers ?? "",
        n,
        p.providerTins,
        p.providerNpis,
        ...rest,
        p.percentOfMedicare?.mean,
        p.percentOfMedicare?.median,
        p.medicareBasis,
        p.medicareNational,
      ]
        .map(csvCell)
        .join(","),
    );
  }
  for (const g of result.groups ?? []) {
    const [n, ...rest] = stats(g.stats);
    lines.push(
      [
        "group",
        g.group,
        "",
        g.group === "BUCA",
        g.synthetic,
        g.billingCode,
        g.billingClass,
        g.facilityClass,
        g.modifiers,
        n,
        g.providerTins,
        g.providerNpis,
        ...rest,
        g.percentOfMedicare?.mean,
        g.percentOfMedicare?.median,
        "",
        g.medicareNational,
      ]
        .map(csvCell)
        .join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}
