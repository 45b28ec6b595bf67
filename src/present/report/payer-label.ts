import type { PayerBenchmark } from "../../analyze/benchmark/benchmark-types.js";

/** The marker shown next to every synthetic row or series. */
export const SYNTHETIC_MARKER = "(synthetic)";

/**
 * The label of one payer row: the payer name, plus the setting when the same payer has several
 * rows (one per billing class / facility class), plus the synthetic marker where it applies.
 */
export function payerLabel(row: PayerBenchmark, allRows: readonly PayerBenchmark[]): string {
  // A real and a synthetic row of the same payer are told apart by the synthetic marker alone.
  const siblings = allRows.filter(
    (other) => other.payer === row.payer && other.synthetic === row.synthetic && other !== row,
  );
  let setting = "";
  if (siblings.length > 0) {
    // Name only what tells this row apart from the same payer's other rows.
    const sameFacility = siblings.some((other) => other.facilityClass === row.facilityClass);
    setting = ` – ${sameFacility ? settingLabel(row) : facilityLabel(row)}`;
  }
  // A synthetic payer whose name already says so ("… (SYNTHETIC DEMO)") is not marked twice.
  const marked = row.synthetic && !/synthetic/i.test(row.payer);
  return `${row.payer}${setting}${marked ? ` ${SYNTHETIC_MARKER}` : ""}`;
}

/** e.g. "professional, non-facility". */
export function settingLabel(row: {
  billingClass: string | null;
  facilityClass: PayerBenchmark["facilityClass"];
  modifiers?: string;
}): string {
  const modifiers = row.modifiers ?? "";
  return `${row.billingClass ?? "billing class not stated"}, ${facilityLabel(row)}${modifiers === "" ? "" : `, modifier ${modifiers}`}`;
}

/** "facility", "non-facility" or "setting not stated". */
export function facilityLabel(row: { facilityClass: PayerBenchmark["facilityClass"] }): string {
  return row.facilityClass === "nonfacility"
    ? "non-facility"
    : row.facilityClass === "facility"
      ? "facility"
      : "setting not stated";
}
