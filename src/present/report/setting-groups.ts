/**
 * Payer rows grouped by setting (billing class × facility class). Rates are only comparable
 * within a setting: an institutional facility fee and a professional fee for the same code are
 * different prices, so sentences, the chart and the table compare payers inside each group.
 */
import type { PayerBenchmark } from "../../analyze/benchmark/benchmark-types.js";
import { settingLabel } from "./payer-label.js";

/** One setting and its payer rows (with rates): real payers first, then synthetic; highest median first within each. */
export interface SettingGroup {
  key: string;
  /** e.g. "Professional, non-facility". */
  label: string;
  billingClass: string | null;
  facilityClass: PayerBenchmark["facilityClass"];
  /** Modifiers of the rates ("" = none). */
  modifiers: string;
  rows: PayerBenchmark[];
}

const BILLING_ORDER = ["professional", "institutional", "both"];
const FACILITY_ORDER = ["nonfacility", "facility", "unknown"];

function rank(list: readonly string[], value: string | null): number {
  const index = value === null ? -1 : list.indexOf(value);
  return index === -1 ? list.length : index;
}

/** Groups the rows that have rates: professional before institutional, non-facility before facility. */
export function settingGroups(rows: readonly PayerBenchmark[]): SettingGroup[] {
  const groups = new Map<string, SettingGroup>();
  for (const row of rows) {
    if (row.stats.count === 0) continue;
    // Rates with a modifier (e.g. 50, bilateral) are other prices: they form their own setting.
    const modifiers = row.modifiers ?? "";
    const key = `${row.billingClass ?? "?"}|${row.facilityClass}|${modifiers}`;
    let group = groups.get(key);
    if (group === undefined) {
      const setting = settingLabel(row);
      const label = `${setting.charAt(0).toUpperCase()}${setting.slice(1)}`;
      group = {
        key,
        label,
        billingClass: row.billingClass,
        facilityClass: row.facilityClass,
        modifiers,
        rows: [],
      };
      groups.set(key, group);
    }
    group.rows.push(row);
  }
  for (const group of groups.values()) {
    group.rows.sort(
      (a, b) =>
        Number(a.synthetic) - Number(b.synthetic) ||
        b.stats.median - a.stats.median ||
        a.payer.localeCompare(b.payer),
    );
  }
  return [...groups.values()].sort(compareSettings);
}

type Setting = { billingClass: string | null; facilityClass: string; modifiers?: string };

/** Setting order: professional before institutional, non-facility before facility, no modifier first. */
export function compareSettings(a: Setting, b: Setting): number {
  return (
    rank(BILLING_ORDER, a.billingClass) - rank(BILLING_ORDER, b.billingClass) ||
    rank(FACILITY_ORDER, a.facilityClass) - rank(FACILITY_ORDER, b.facilityClass) ||
    (a.modifiers ?? "").localeCompare(b.modifiers ?? "")
  );
}
