/** How a hospital's own negotiated charge compares with the payer's rate for the same service. */
export type CrosscheckStatus = "agree" | "differ" | "payer-missing" | "hospital-missing";

/** 'dollars', 'percent' (of billed charges) and 'per_diem' are never compared with each other. */
export type CrosscheckUnit = "dollars" | "percent" | "per_diem";

/** One value from the hospital file, with where it is. */
export interface HospitalSide {
  value: number;
  plan: string | null;
  payerName: string;
  location: string;
  sha256: string;
  /** "line 12" or the JSON path. */
  position: string;
  synthetic: boolean;
}

/** One rate from a payer's TiC file, with where it is. */
export interface PayerSide {
  value: number;
  location: string;
  sha256: string;
  /** in_network[item].negotiated_rates[rate].negotiated_prices[price] */
  position: string;
  reportingEntity: string;
  tin: string | null;
  npi: number | null;
  setting: string | null;
  synthetic: boolean;
}

export interface CrosscheckRow {
  status: CrosscheckStatus;
  payer: string;
  hospital: { fileId: number; name: string | null; ein: string | null; npis: string[] };
  code: string;
  /** The hospital's setting (for hospital-missing: the payer's, "unspecified" when it gives none). */
  setting: string;
  unit: CrosscheckUnit;
  hospitalValues: HospitalSide[];
  payerValues: PayerSide[];
  /** Hospital minus payer for the closest pair (agree/differ only). */
  difference: number | null;
}

export interface CrosscheckResult {
  tolerance: number;
  rows: CrosscheckRow[];
  summary: Record<CrosscheckStatus, number>;
  /** Payers named in hospital files with no TiC file loaded: nothing to compare with. */
  payersWithoutTicFile: string[];
  /** True when any compared value comes from generated (synthetic) data. */
  synthetic: boolean;
}

export interface CrosscheckOptions {
  /** Payer (as mapped, or its family, or "BUCA"). */
  payer?: string;
  /** Hospital name (substring, case-insensitive), EIN or type-2 NPI. */
  hospital?: string;
  codes?: readonly string[];
  /** Largest difference (dollars or percentage points) still counted as agreement; default 0.01. */
  tolerance?: number;
}
