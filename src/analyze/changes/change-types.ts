/** What happened to one code × provider × billing class × setting × modifier between releases. */
export type ChangeKind = "added" | "dropped" | "changed" | "rate-type";

/** One rate that moved. Amounts are the median of the release's rates for that key. */
export interface RateChange {
  readonly kind: ChangeKind;
  readonly billingCode: string;
  readonly tinType: string | null;
  readonly tin: string | null;
  /** Null when the group names a TIN only. */
  readonly npi: number | null;
  readonly billingClass: string | null;
  readonly setting: string | null;
  /** Places of service, sorted and comma-joined ("" when the file lists none). */
  readonly placesOfService: string;
  readonly modifiers: string;
  readonly oldType: string | null;
  readonly newType: string | null;
  /** 'dollars' | 'percent' | 'per_diem'. */
  readonly oldUnit: string | null;
  readonly newUnit: string | null;
  readonly oldAmount: number | null;
  readonly newAmount: number | null;
  /** Only for "changed" (same unit on both sides): never across rate types. */
  readonly changeAmount: number | null;
  readonly changePercent: number | null;
  /**
   * The files the old and new amounts came from: the lowest and highest file id of the key on that
   * side (one id when one file; every file of the release is in `ReleaseComparison.files`).
   */
  readonly oldFileIds: readonly number[];
  readonly newFileIds: readonly number[];
}

/** One code's summary: counts, share of providers changed and the distribution of % changes. */
export interface CodeChangeSummary {
  readonly billingCode: string;
  readonly oldRates: number;
  readonly newRates: number;
  readonly added: number;
  readonly dropped: number;
  readonly changed: number;
  readonly rateTypeChanged: number;
  readonly unchanged: number;
  /** changed / (changed + unchanged): keys present in both releases with the same rate unit. */
  readonly shareChanged: number | null;
  /** Over the keys in both releases, same unit (unchanged ones count as 0 %); dollars and percent points alike. */
  readonly medianChangePercent: number | null;
  readonly p25ChangePercent: number | null;
  readonly p75ChangePercent: number | null;
  readonly medianChangeAmount: number | null;
  /** Median dollar rate of each release for the code (dollar rates only). */
  readonly oldMedianRate: number | null;
  readonly newMedianRate: number | null;
  readonly increases: number;
  readonly decreases: number;
}

/** A file a release used, for the methods note: every figure traces to these. */
export interface ComparedFile {
  readonly fileId: number;
  readonly location: string;
  readonly sha256: string;
  readonly plan: string;
  readonly month: string | null;
  readonly monthSource: string;
  readonly synthetic: boolean;
}

/** The comparison of two releases of one payer. */
export interface ReleaseComparison {
  readonly payer: string;
  readonly from: string;
  readonly to: string;
  readonly codes: readonly string[] | null;
  /**
   * The market compared in (providers placed by their NPPES practice ZIP; those without a known
   * ZIP are left out, as in benchmarks); null = every provider.
   */
  readonly market: { readonly spec: string; readonly label: string } | null;
  readonly files: { readonly from: readonly ComparedFile[]; readonly to: readonly ComparedFile[] };
  readonly undatedFiles: readonly ComparedFile[];
  readonly synthetic: boolean;
  readonly summary: readonly CodeChangeSummary[];
  readonly changes: readonly RateChange[];
  /** Change rows not listed because of `limit` (the summary counts them all). */
  readonly changesLeftOut: number;
  /** Rates skipped because their provider group could not be resolved (no TIN or NPI to key on). */
  readonly unresolvedRates: { readonly from: number; readonly to: number };
}
