import type { ReferenceData } from "../analyze/reference/reference-types.js";

/**
 * The PFS bilateral surgery indicator of a code in the fee-schedule year of `date` (or the
 * latest loaded year when that year is not loaded): "0" 150% does not apply, "1" 150% applies,
 * "2" code is already bilateral, "3" each side priced separately, "9" concept does not apply.
 */
export function bilateralIndicator(
  ref: ReferenceData,
  code: string,
  date: string,
): string | undefined {
  const year = Number(date.slice(0, 4));
  const schedule =
    ref.feeSchedules.get(year) ?? ref.feeSchedules.get(Math.max(...ref.feeSchedules.keys()));
  return schedule?.rows.get(code)?.bilateralIndicator;
}
