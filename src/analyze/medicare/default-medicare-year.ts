import { DataMissingError } from "../../errors.js";
import type { ReferenceData } from "../reference/reference-types.js";

/**
 * The fee-schedule year used when none is asked for (`ratelens medicare`, `/api/medicare`): the
 * current calendar year when its schedule is loaded, else the latest loaded year. The benchmark
 * engine alone prefers the latest year that has GPCIs (`chooseMedicareYear`), because it matches
 * each provider's locality.
 */
export function defaultMedicareYear(ref: ReferenceData, today: Date = new Date()): number {
  const years = [...ref.feeSchedules.keys()];
  if (years.length === 0) {
    throw new DataMissingError(
      'no Medicare fee schedule is loaded: import one with "ratelens import pfs FILE --year YYYY"',
    );
  }
  const current = today.getUTCFullYear();
  return ref.feeSchedules.has(current) ? current : Math.max(...years);
}
