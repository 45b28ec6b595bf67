import { NotFoundError } from "../../errors.js";
import { defaultMedicareYear } from "../medicare/default-medicare-year.js";
import { localitiesForState, localityDistribution } from "../medicare/locality-distribution.js";
import {
  medicareAmount,
  type MedicareAmount,
  type MedicareQuery,
} from "../medicare/medicare-amount.js";
import type { ReferenceData } from "../reference/reference-types.js";
import type { MedicareRow } from "./benchmark-types.js";
import { distributionStats } from "./distribution-stats.js";

/** A Medicare amount and how it was matched to the provider. */
export interface MedicareQuote {
  amount: number;
  /** 'locality': the provider's state has a single Medicare locality; 'national': GPCIs of 1.0. */
  basis: "locality" | "national";
  /** The MAC-locality used, e.g. "12302-01"; null for national. */
  macLocality: string | null;
}

/**
 * The Medicare side of a benchmark, behind a small interface so the engine does not depend on
 * how the amounts are computed and tests can check the percentages against known numbers.
 */
export interface MedicareLookup {
  readonly year: number;
  /** Citation: RVU file and edition, GPCI file and edition. */
  readonly source: string;
  /** True when GPCIs are loaded for the year (locality matching possible). */
  readonly hasLocalities: boolean;
  /**
   * The states `amount` prices at a locality of their own (exactly one locality), as the
   * upper-case keys it matches after trimming; empty without GPCIs. Every other state gets the
   * national amount, so the engine prices these states plus one national row, not each state seen.
   */
  readonly localityStates: readonly string[];
  /** Amount for the code in the setting, at the state's single locality if it has exactly one, else national. */
  amount(
    code: string,
    facilityClass: "facility" | "nonfacility",
    state: string | null,
    modifiers: readonly string[],
  ): MedicareQuote | null;
  /** Amount at a carrier-locality ("12302-01"), e.g. the one of a provider's practice ZIP; null where not priced. */
  amountAtLocality(
    code: string,
    facilityClass: "facility" | "nonfacility",
    macLocality: string,
    modifiers: readonly string[],
  ): MedicareQuote | null;
  /** The Medicare row (national amount and distribution across localities). */
  row(code: string, facilityClass: "facility" | "nonfacility"): MedicareRow | null;
}

/**
 * Picks the year: the one asked for, else `defaultMedicareYear` (the latest year with RVUs and
 * GPCIs, which locality matching needs). Null when no fee schedule is loaded.
 */
export function chooseMedicareYear(ref: ReferenceData, year?: number): number | null {
  if (year !== undefined) return ref.feeSchedules.has(year) ? year : null;
  // The one default of every command, API and page (null here instead of its DataMissingError).
  return ref.feeSchedules.size === 0 ? null : defaultMedicareYear(ref);
}

/** `medicareAmount` without its NotFoundError for a code, component or setting the PFS does not price. */
function amountOrNull(ref: ReferenceData, query: MedicareQuery): MedicareAmount | null {
  try {
    return medicareAmount(ref, query);
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

/**
 * Builds the Medicare lookup for one fee-schedule year on top of the Medicare engine
 * (`medicareAmount`, `localityDistribution`). Localities are matched by state only (no
 * ZIP→locality file is bundled): a state with one locality gets it, a state with several
 * (CA, NY, TX …) gets the national amount.
 */
export function createMedicareLookup(ref: ReferenceData, year: number): MedicareLookup | null {
  const schedule = ref.feeSchedules.get(year);
  if (schedule === undefined) return null;
  const hasLocalities = (schedule.gpcis?.length ?? 0) > 0;
  const source = `${schedule.rvuSource.file} (${schedule.rvuSource.edition})${
    schedule.gpciSource === null || !hasLocalities
      ? "; no GPCI file for this year: national amounts only"
      : `; ${schedule.gpciSource.file} (${schedule.gpciSource.edition})`
  }`;
  const stateLocality = new Map<string, string | null>();
  const localityOf = (state: string | null): string | null => {
    if (state === null || !hasLocalities) return null;
    let locality = stateLocality.get(state);
    if (locality === undefined) {
      const list = localitiesForState(ref, state);
      locality = list.length === 1 ? (list[0] ?? null) : null;
      stateLocality.set(state, locality);
    }
    return locality;
  };
  const localityStates = hasLocalities
    ? [...ref.localitiesByState]
        .filter(([, list]) => list.length === 1)
        .map(([state]) => state)
        .sort()
    : [];
  return {
    year,
    source,
    hasLocalities,
    localityStates,
    amount(code, facilityClass, state, modifiers) {
      const locality = localityOf(state);
      const quote = amountOrNull(ref, {
        code,
        year,
        setting: facilityClass,
        modifiers: [...modifiers],
        ...(locality === null ? {} : { locality }),
      });
      if (quote === null) return null;
      return {
        amount: quote.amount,
        basis: locality === null ? "national" : "locality",
        macLocality: locality,
      };
    },
    amountAtLocality(code, facilityClass, macLocality, modifiers) {
      if (!hasLocalities) return null;
      const quote = amountOrNull(ref, {
        code,
        year,
        setting: facilityClass,
        modifiers: [...modifiers],
        locality: macLocality,
      });
      return quote === null ? null : { amount: quote.amount, basis: "locality", macLocality };
    },
    row(code, facilityClass) {
      const national = amountOrNull(ref, { code, year, setting: facilityClass });
      if (national === null) return null;
      const spread = hasLocalities
        ? localityDistribution(ref, { code, year, setting: facilityClass })
        : null;
      return {
        billingCode: code,
        year,
        facilityClass,
        national: national.amount,
        localities:
          spread === null ? null : distributionStats(spread.byLocality.map((l) => l.amount)),
        source: spread?.source ?? national.source,
      };
    },
  };
}
