import { DataMissingError } from "../../errors.js";
import type { FeeScheduleYear, ReferenceData } from "../reference/reference-types.js";

/**
 * A year is complete when both halves of a locality amount are loaded: the RVU file (rows) and
 * the GPCI file. A year with RVUs alone can only give national amounts, so it is no default.
 */
export function isCompleteMedicareYear(schedule: FeeScheduleYear): boolean {
  return schedule.rows.size > 0 && (schedule.gpcis?.length ?? 0) > 0;
}

/**
 * The one fee-schedule year used wherever none is asked for: `ratelens medicare`, `/api/v1/medicare`,
 * benchmarks, publications and contracts. It is the latest complete year (RVUs and GPCIs, see
 * `isCompleteMedicareYear`), decided from the loaded data rather than the clock, so a new year's
 * RVU file loaded before its GPCIs never makes one command quote national-only amounts while
 * another matches localities. With no complete year, the latest loaded year (national amounts
 * only, which every output of it says).
 */
export function defaultMedicareYear(ref: ReferenceData): number {
  const years = [...ref.feeSchedules.keys()].sort((a, b) => b - a);
  const latest = years[0];
  if (latest === undefined) {
    throw new DataMissingError(
      'no Medicare fee schedule is loaded: import one with "ratelens import pfs FILE --year YYYY"',
    );
  }
  const complete = years.find((year) => {
    const schedule = ref.feeSchedules.get(year);
    return schedule !== undefined && isCompleteMedicareYear(schedule);
  });
  return complete ?? latest;
}
