/** Where an alert's facts come from: loaded files (with hashes) or a policy version. */
export type AlertSource =
  | {
      readonly kind: "files";
      readonly files: readonly {
        readonly location: string;
        readonly sha256: string;
        readonly month: string | null;
        readonly synthetic: boolean;
      }[];
    }
  | {
      readonly kind: "policy";
      readonly payer: string;
      readonly effective: string;
      readonly title: string;
      readonly url: string | null;
      readonly evidence: string;
    };

/** One alert: what changed, where it came from, and its dollar effect when volumes are known. */
export interface Alert {
  readonly kind:
    | "rate-move"
    | "providers-changed"
    | "rate-type"
    | "policy-upcoming"
    | "policy-in-effect"
    | "no-comparison"
    | "not-loaded";
  readonly severity: "warning" | "info";
  readonly payer: string;
  readonly codes: readonly string[];
  readonly message: string;
  /** Yearly dollars: volume × the move in the median rate; null when no volume is given. */
  readonly dollarEffect: number | null;
  /** Units per year of the codes concerned, from the watch file; null when none given. */
  readonly volume: number | null;
  readonly source: AlertSource;
  /** Labelled: the rates or the watch file are synthetic. */
  readonly synthetic: boolean;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** The result of one `ratelens alerts` run. */
export interface AlertReport {
  readonly generatedOn: string;
  readonly since: string;
  readonly watchFile: string;
  readonly alerts: readonly Alert[];
}
