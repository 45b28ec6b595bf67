/**
 * Test helper: counts records, charge rows and dollar charges in a hospital file by a separate,
 * deliberately simple parse (whole file in memory, its own CSV splitter, `JSON.parse`), to check
 * the streaming readers' counts against.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

export interface IndependentCount {
  records: number;
  rows: number;
  dollars: number;
  dollarSum: number;
}

function text(file: string): string {
  const raw = readFileSync(file);
  const bytes = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
  return bytes.toString("utf8").replace(/^\uFEFF/, "");
}

/** RFC 4180 split of a whole text. */
export function splitCsv(source: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const c = source.charAt(i);
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && source[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((v) => v.trim() !== ""));
}

const norm = (label: string): string =>
  label
    .split("|")
    .map((p) => p.trim())
    .join("|")
    .toLowerCase();

export function countCsv(file: string): IndependentCount {
  const rows = splitCsv(text(file));
  const columns = rows[2]!.map(norm);
  const data = rows.slice(3);
  const count: IndependentCount = { records: data.length, rows: 0, dollars: 0, dollarSum: 0 };
  if (columns.includes("payer_name")) {
    const dollar = columns.indexOf("standard_charge|negotiated_dollar");
    for (const r of data) {
      count.rows++;
      const v = (r[dollar] ?? "").trim();
      if (v !== "") {
        count.dollars++;
        count.dollarSum += Number(v);
      }
    }
    return count;
  }
  const payerOf = columns.map((c) => {
    const parts = c.split("|");
    if (parts[0] === "standard_charge" && parts.length === 4) return `${parts[1]}|${parts[2]}`;
    if (
      parts.length === 3 &&
      [
        "estimated_amount",
        "median_amount",
        "10th_percentile",
        "90th_percentile",
        "count",
        "additional_payer_notes",
      ].includes(parts[0]!)
    ) {
      return `${parts[1]}|${parts[2]}`;
    }
    return null;
  });
  for (const r of data) {
    const payers = new Set<string>();
    columns.forEach((c, i) => {
      const v = (r[i] ?? "").trim();
      if (v === "" || payerOf[i] === null) return;
      payers.add(payerOf[i]!);
      if (c.endsWith("|negotiated_dollar")) {
        count.dollars++;
        count.dollarSum += Number(v);
      }
    });
    count.rows += Math.max(1, payers.size);
  }
  return count;
}

export function countJson(file: string): IndependentCount {
  const doc = JSON.parse(text(file)) as {
    standard_charge_information?: {
      standard_charges?: { payers_information?: { standard_charge_dollar?: number }[] }[];
    }[];
  };
  const count: IndependentCount = { records: 0, rows: 0, dollars: 0, dollarSum: 0 };
  for (const item of doc.standard_charge_information ?? []) {
    for (const charge of item.standard_charges ?? []) {
      count.records++;
      const payers = charge.payers_information ?? [];
      count.rows += Math.max(1, payers.length);
      for (const p of payers) {
        if (typeof p.standard_charge_dollar === "number") {
          count.dollars++;
          count.dollarSum += p.standard_charge_dollar;
        }
      }
    }
  }
  return count;
}

/** The pre-template layout: cells after the eighth column that are neither blank nor "NA". */
export function countLegacy(file: string): IndependentCount {
  const data = splitCsv(text(file)).slice(1);
  const count: IndependentCount = { records: data.length, rows: 0, dollars: 0, dollarSum: 0 };
  for (const r of data) {
    const cells = r.slice(8).filter((v) => v.trim() !== "" && v.trim().toUpperCase() !== "NA");
    count.rows += Math.max(1, cells.length);
    count.dollars += cells.length;
    for (const v of cells) count.dollarSum += Number(v);
  }
  return count;
}
