/**
 * Every tunable setting of the benchmark cleaning, in one place, so `docs/methodology.md` and the
 * result's `cleaning[].parameters` quote the same numbers the SQL uses.
 */
export interface CleaningSettings {
  /** Log-scale interquartile fences: drop ln(rate) outside [Q1 − k·IQR, Q3 + k·IQR]. */
  iqrK: number;
  /** Fences apply only to payer × code × billing class × facility class cells with at least this many rates. */
  iqrMinRates: number;
  /** Medicare-multiple bounds for professional rates (Turquoise Clear Rates: OP/professional 0.5×–30×). */
  medicareLowerMultiple: number;
  medicareUpperMultiple: number;
  /** Drop rates from providers whose primary taxonomy is not expected for the code (when the directory is loaded). */
  ghostFilter: boolean;
}

/** The defaults documented in `docs/methodology.md`. */
export const DEFAULT_CLEANING: CleaningSettings = {
  iqrK: 1.5,
  iqrMinRates: 10,
  medicareLowerMultiple: 0.5,
  medicareUpperMultiple: 30,
  ghostFilter: true,
};

/**
 * Priority of negotiated types when one provider has several rates for the same cell (Payerset's
 * documented order: negotiated < derived < fee schedule; lower wins).
 */
export const NEGOTIATED_TYPE_PRIORITY: Readonly<Record<string, number>> = {
  negotiated: 1,
  derived: 2,
  "fee schedule": 3,
};
