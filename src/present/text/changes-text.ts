import { formatUsd } from "../../analyze/money.js";
import type {
  ComparedFile,
  RateChange,
  ReleaseComparison,
} from "../../analyze/changes/change-types.js";

/** An amount in its own unit: dollars, a percentage of charges, or a per-diem dollar rate. */
function amountIn(unit: string | null, amount: number | null): string {
  if (amount === null) return "—";
  if (unit === "percent") return `${String(amount)} % of charges`;
  if (unit === "per_diem") return `${formatUsd(amount)} per diem`;
  return formatUsd(amount);
}

function signedPercent(value: number | null, digits = 1): string {
  if (value === null) return "—";
  return `${value > 0 ? "+" : ""}${value.toFixed(digits)} %`;
}

function signedUsd(value: number): string {
  return value > 0 ? `+${formatUsd(value)}` : formatUsd(value);
}

function fileLine(file: ComparedFile): string {
  const month = file.month === null ? "month unknown" : `${file.month} (from ${file.monthSource})`;
  return `  #${String(file.fileId)} ${file.location}\n      plan ${file.plan} · ${month} · sha256 ${file.sha256.slice(0, 12)}…${file.synthetic ? " · SYNTHETIC" : ""}`;
}

/** Who the rate belongs to and where it applies, in one column. */
function whereText(change: RateChange): string {
  const parts = [
    change.tin === null ? "TIN —" : `TIN ${change.tin}`,
    change.npi === null ? "NPI — (TIN-level)" : `NPI ${String(change.npi)}`,
    change.billingClass ?? "class —",
    change.setting ?? undefined,
    change.placesOfService === "" ? undefined : `POS ${change.placesOfService}`,
    change.modifiers === "" ? undefined : `mod ${change.modifiers}`,
  ];
  return parts.filter((part) => part !== undefined).join(" · ");
}

function changeLine(change: RateChange): string {
  const before = amountIn(change.oldUnit, change.oldAmount);
  const after = amountIn(change.newUnit, change.newAmount);
  let what: string;
  if (change.kind === "added") what = `added      ${after} (${change.newType ?? "?"})`;
  else if (change.kind === "dropped") what = `dropped    was ${before} (${change.oldType ?? "?"})`;
  else if (change.kind === "rate-type") {
    what = `rate type  ${change.oldType ?? "?"} ${before} → ${change.newType ?? "?"} ${after} (not a dollar change)`;
  } else {
    what = `changed    ${before} → ${after}  ${signedUsd(change.changeAmount ?? 0)} (${signedPercent(change.changePercent)})`;
  }
  return `  ${change.billingCode}  ${what}\n         ${whereText(change)}`;
}

/** The comparison for a terminal: files used, a summary line per code, then the changes listed. */
export function formatChangesText(result: ReleaseComparison): string {
  const lines: string[] = [];
  lines.push(
    `Rate changes: ${result.payer}, ${result.from} → ${result.to}${result.synthetic ? "   [SYNTHETIC data]" : ""}`,
  );
  if (result.codes !== null) lines.push(`Codes: ${result.codes.join(", ")}`);
  if (result.market !== null) {
    lines.push(
      `Market: ${result.market.label} (${result.market.spec}; providers placed by their NPPES practice ZIP, those without one left out)`,
    );
  }
  lines.push(
    "",
    `Release ${result.from} (each plan's latest file on or before it):`,
    ...result.files.from.map(fileLine),
  );
  lines.push(`Release ${result.to}:`, ...result.files.to.map(fileLine));
  if (result.undatedFiles.length > 0) {
    lines.push(
      `Not compared (no release month in the file, its index or its name):`,
      ...result.undatedFiles.map(fileLine),
    );
  }
  lines.push(
    "",
    "Per code (a rate = one code × provider TIN/NPI × billing class × setting × places of service × modifiers):",
  );
  lines.push(
    "  code     before   after  added dropped changed type-chg  share chg  median chg  p25 … p75 chg     median $ chg  median dollar rate before → after",
  );
  if (result.summary.length === 0) lines.push("  (no rates for these codes in either release)");
  for (const s of result.summary) {
    const share = s.shareChanged === null ? "—" : `${(s.shareChanged * 100).toFixed(1)} %`;
    const range = `${signedPercent(s.p25ChangePercent)} … ${signedPercent(s.p75ChangePercent)}`;
    const medianUsd = s.medianChangeAmount === null ? "—" : signedUsd(s.medianChangeAmount);
    const rates = `${s.oldMedianRate === null ? "—" : formatUsd(s.oldMedianRate)} → ${s.newMedianRate === null ? "—" : formatUsd(s.newMedianRate)}`;
    lines.push(
      `  ${s.billingCode.padEnd(6)} ${String(s.oldRates).padStart(7)} ${String(s.newRates).padStart(7)} ${String(s.added).padStart(6)} ${String(s.dropped).padStart(7)} ` +
        `${String(s.changed).padStart(7)} ${String(s.rateTypeChanged).padStart(8)} ${share.padStart(10)} ${signedPercent(s.medianChangePercent).padStart(11)}  ` +
        `${range.padEnd(18)} ${medianUsd.padStart(12)}  ${rates}`,
    );
  }
  lines.push("", "Changes:");
  if (result.changes.length === 0 && result.changesLeftOut === 0) lines.push("  none");
  lines.push(...result.changes.map(changeLine));
  if (result.changesLeftOut > 0) {
    lines.push(
      `  … ${result.changesLeftOut.toLocaleString("en-US")} more (--limit N, or --json / --csv for all)`,
    );
  }
  const { from, to } = result.unresolvedRates;
  if (from + to > 0) {
    lines.push(
      "",
      `Not compared: ${String(from)} / ${String(to)} rates whose provider group could not be resolved (no TIN or NPI to match on).`,
    );
  }
  lines.push(
    "",
    "Rate-type changes (e.g. negotiated dollars → percentage of charges) are listed apart and never counted as a dollar change.",
  );
  return `${lines.join("\n")}\n`;
}

const CSV_HEADER = [
  "kind",
  "billing_code",
  "tin_type",
  "tin",
  "npi",
  "billing_class",
  "setting",
  "places_of_service",
  "modifiers",
  "old_type",
  "old_unit",
  "old_amount",
  "new_type",
  "new_unit",
  "new_amount",
  "change_amount",
  "change_percent",
  "old_file_ids",
  "new_file_ids",
  "payer",
  "from",
  "to",
  "synthetic",
];

function csvCell(value: string | number | boolean | null): string {
  if (value === null) return "";
  const text =
    typeof value === "number"
      ? Number.isInteger(value)
        ? String(value)
        : value.toFixed(4)
      : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line per changed, added, dropped or retyped rate (unrounded to 4 decimals). */
export function formatChangesCsv(result: ReleaseComparison): string {
  const lines = [CSV_HEADER.join(",")];
  for (const c of result.changes) {
    lines.push(
      [
        c.kind,
        c.billingCode,
        c.tinType,
        c.tin,
        c.npi,
        c.billingClass,
        c.setting,
        c.placesOfService,
        c.modifiers,
        c.oldType,
        c.oldUnit,
        c.oldAmount,
        c.newType,
        c.newUnit,
        c.newAmount,
        c.changeAmount,
        c.changePercent,
        c.oldFileIds.join(" "),
        c.newFileIds.join(" "),
        result.payer,
        result.from,
        result.to,
        result.synthetic,
      ]
        .map(csvCell)
        .join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}
