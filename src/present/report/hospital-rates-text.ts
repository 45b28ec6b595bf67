/**
 * The words and cells of the publication's "Hospital price-transparency files" section, shared by
 * the HTML (`render-hospital-html.tsx`) and Markdown renderers so both carry the same data. Each
 * row is one source pair kept apart: the hospital's own negotiated charges and, beside them, the
 * same payer's institutional TiC rates, each with its files; never one pooled figure.
 */
import { formatUsd } from "../../analyze/money.js";
import type {
  HospitalChargeRow,
  HospitalChargeUnit,
  HospitalFileRef,
  HospitalRatesForCode,
  PayerTicRates,
} from "../../analyze/source-benchmark/hospital-rates-for-code.js";
import { countOf, formatCount } from "./format-numbers.js";

export const HOSPITAL_SECTION_HEADING = "Hospital price-transparency files";

/** One column: its header and the lines of its cell (joined by a line break or "; "). */
export interface HospitalColumn {
  header: string;
  numeric?: boolean;
  lines(row: HospitalChargeRow): string[];
}

/** Rows with amounts of money (dollars, per diem) and the rest (percentages, algorithms), apart. */
export function splitHospitalRows(rates: HospitalRatesForCode): {
  amounts: HospitalChargeRow[];
  other: HospitalChargeRow[];
} {
  const money = (row: HospitalChargeRow): boolean =>
    row.unit === "dollars" || row.unit === "per_diem";
  return {
    amounts: rates.rows.filter(money),
    other: rates.rows.filter((row) => !money(row)),
  };
}

/** The sentences above the tables (or in their place when there are none). */
export function hospitalSectionNotes(rates: HospitalRatesForCode): string[] {
  const notes: string[] = [];
  if (rates.hospitalFilesLoaded === 0 && rates.syntheticFilesLeftOut > 0) {
    notes.push(`No real hospital price-transparency file is loaded in the store.`);
  } else if (rates.hospitalFilesLoaded === 0) {
    notes.push(
      `No hospital price-transparency file is loaded in the store: no hospital's own negotiated charges for ${rates.code} to show beside the payers' rates.`,
    );
  } else if (rates.rows.length === 0) {
    notes.push(
      `${countOf(rates.hospitalFilesLoaded, "hospital price-transparency file")} loaded; none has a payer-specific negotiated charge for ${rates.code}.`,
    );
  } else {
    notes.push(
      `Each hospital's own payer-specific negotiated charges for ${rates.code}, from its price-transparency file (45 CFR 180), beside the same payer's institutional rates from the payer's Transparency in Coverage files. The two sources describe the same contracts from two sides: each figure is labelled with its source and files, and they are never pooled. The cross-check compares the payer's rate for this hospital (matched by EIN or NPI) with the hospital's charge.`,
      `${countOf(rates.rows.length, "row")} from ${countOf(rates.files.length, "hospital file")} (${countOf(rates.hospitalFilesLoaded, "hospital file")} loaded).`,
    );
  }
  if (rates.syntheticFilesLeftOut > 0) {
    notes.push(
      `${countOf(rates.syntheticFilesLeftOut, "synthetic hospital file")} with charges for ${rates.code} ${rates.syntheticFilesLeftOut === 1 ? "is" : "are"} left out of this real-only view.`,
    );
  }
  if (rates.synthetic) {
    notes.push("Rows marked synthetic come from generated demo files, not from any real hospital.");
  }
  return notes;
}

/** The sentence above the percentage-and-algorithm table. */
export const NON_DOLLAR_NOTE =
  "Percentages of billed charges and algorithms, kept apart: never turned into dollars or averaged with them.";

export function hospitalName(file: HospitalFileRef): string {
  return file.hospitalName ?? `hospital file ${file.fileId}`;
}

/** An amount in the row's unit: "$400.00", "$2,100.00 per day", "45 % of billed charges". */
export function chargeText(value: number, unit: HospitalChargeUnit): string {
  switch (unit) {
    case "dollars":
      return formatUsd(value);
    case "per_diem":
      return `${formatUsd(value)} per day`;
    case "percent":
      return `${String(Math.round(value * 100) / 100)} % of billed charges`;
    case "algorithm":
      return "algorithm";
  }
}

function ticLine(tic: PayerTicRates, unit: HospitalChargeUnit): string {
  const amount = (value: number): string => chargeText(value, unit);
  const range = tic.count === 1 ? "" : `, ${amount(tic.min)}–${amount(tic.max)}`;
  return `${tic.setting}: ${countOf(tic.count, "rate")}, median ${amount(tic.median)}${range}${tic.synthetic ? " (synthetic)" : ""}`;
}

function payerTicLines(row: HospitalChargeRow): string[] {
  if (row.unit === "algorithm") return ["not comparable (an algorithm)"];
  if (row.billingClass?.toLowerCase() === "professional") {
    return ["not compared (a professional charge; TiC institutional rates are facility rates)"];
  }
  if (row.payerTic.length === 0) return ["none in the store for this payer, code and setting"];
  return row.payerTic.map((tic) => ticLine(tic, row.unit));
}

function verdictLines(row: HospitalChargeRow): string[] {
  const verdict = row.crosscheck;
  if (verdict === null) return ["–"];
  const theirs = verdict.payerValues.map((value) => chargeText(value, row.unit)).join(", ");
  switch (verdict.status) {
    case "agree":
      return [`agree (payer's rate for this hospital: ${theirs})`];
    case "differ": {
      const difference = verdict.difference ?? 0;
      const signed =
        row.unit === "percent"
          ? `${difference > 0 ? "+" : ""}${String(difference)} points`
          : `${difference > 0 ? "+" : ""}${formatUsd(difference)}`;
      return [`differ: hospital ${signed} (payer's rate for this hospital: ${theirs})`];
    }
    case "payer-missing":
      return ["the payer's files have no rate for this hospital"];
    case "hospital-missing":
      return ["the hospital file has no charge"];
  }
}

function hospitalFileLines(row: HospitalChargeRow): string[] {
  const file = row.hospital;
  const shown = row.positions.slice(0, 5).join(", ");
  const more = row.positions.length > 5 ? ` and ${formatCount(row.positions.length - 5)} more` : "";
  return [
    `Hospital file ${file.location}`,
    `last updated ${file.lastUpdatedOn ?? "not stated"}, SHA-256 ${file.sha256.slice(0, 12)}…`,
    `at ${shown}${more}`,
  ];
}

function payerFileLines(row: HospitalChargeRow): string[] {
  const files = new Map<string, string>();
  for (const tic of row.payerTic) for (const f of tic.files) files.set(f.location, f.sha256);
  if (files.size === 0) return ["–"];
  return [...files].map(
    ([location, sha256]) => `Payer TiC file ${location}, SHA-256 ${sha256.slice(0, 12)}…`,
  );
}

function payerLines(row: HospitalChargeRow): string[] {
  const written = row.payerNames.filter((name) => name !== row.payer);
  return [
    row.payer,
    ...(written.length === 0 ? [] : [`as written: ${written.join("; ")}`]),
    ...(row.plans.length === 0 ? [] : [`plans: ${row.plans.join("; ")}`]),
  ];
}

const LEADING: HospitalColumn[] = [
  { header: "Hospital", lines: (row) => [hospitalName(row.hospital)] },
  { header: "Payer", lines: payerLines },
  { header: "Setting", lines: (row) => [row.setting] },
  { header: "Billing class", lines: (row) => [row.billingClass ?? "not stated"] },
];

const TRAILING: HospitalColumn[] = [
  { header: "Payer's institutional TiC rates (all providers)", lines: payerTicLines },
  { header: "Cross-check (this hospital)", lines: verdictLines },
  { header: "Source: hospital file", lines: hospitalFileLines },
  { header: "Source: payer file", lines: payerFileLines },
];

const amount =
  (pick: "min" | "median" | "max") =>
  (row: HospitalChargeRow): string[] => {
    const value = row[pick];
    return [value === null ? "–" : chargeText(value, row.unit)];
  };

/** Columns of the table of amounts (dollars, per diem). */
export const AMOUNT_COLUMNS: readonly HospitalColumn[] = [
  ...LEADING,
  { header: "Charges", numeric: true, lines: (row) => [formatCount(row.count)] },
  { header: "Lowest", numeric: true, lines: amount("min") },
  { header: "Median", numeric: true, lines: amount("median") },
  { header: "Highest", numeric: true, lines: amount("max") },
  ...TRAILING,
];

/** Columns of the percentage-and-algorithm table. */
export const OTHER_COLUMNS: readonly HospitalColumn[] = [
  ...LEADING,
  {
    header: "Kind",
    lines: (row) => [row.unit === "percent" ? "percentage of billed charges" : "algorithm"],
  },
  { header: "Charges", numeric: true, lines: (row) => [formatCount(row.count)] },
  {
    header: "Hospital's negotiated charge",
    lines: (row) => {
      if (row.unit === "algorithm") return row.algorithms;
      if (row.min === null || row.max === null || row.median === null) return ["–"];
      if (row.min === row.max) return [chargeText(row.min, row.unit)];
      return [
        `median ${chargeText(row.median, row.unit)}, ${chargeText(row.min, row.unit)}–${chargeText(row.max, row.unit)}`,
      ];
    },
  },
  ...TRAILING,
];

/** Columns of the table of hospital files shown. */
export const FILE_COLUMNS: readonly {
  header: string;
  text(file: HospitalFileRef): string;
}[] = [
  { header: "Hospital", text: hospitalName },
  { header: "File", text: (file) => file.location },
  { header: "Version (as written)", text: (file) => file.version ?? "not stated" },
  { header: "Last updated (as written)", text: (file) => file.lastUpdatedOn ?? "not stated" },
  { header: "SHA-256", text: (file) => file.sha256 },
];
