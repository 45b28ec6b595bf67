import type { MedicaidFee, ReferenceData } from "../reference/reference-types.js";

/**
 * The imported Medicaid fees for a code (and component modifier: "", "26" or "TC"), per state,
 * newest effective date first. None are bundled: states publish their schedules separately and
 * no 6449x rates were found for this release (docs/domain/reference.md §6), so this is empty
 * until a user runs `ratelens import medicaid --state XX FILE`.
 */
export function medicaidFees(ref: ReferenceData, code: string, component = ""): MedicaidFee[] {
  const wanted = code.trim().toUpperCase();
  const out: MedicaidFee[] = [];
  for (const fees of ref.medicaid.values()) {
    out.push(...fees.filter((f) => f.code === wanted && f.modifier === component));
  }
  return out.sort(
    (a, b) => a.state.localeCompare(b.state) || b.effectiveDate.localeCompare(a.effectiveDate),
  );
}
