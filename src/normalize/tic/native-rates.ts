import { nativeAddon } from "../../sources/tic/native-addon.js";

/** What `readRates` of `native/ratelens-tic.cc` returns for a run of in-network items. */
export interface NativeRun {
  /** The first item of the batch it did not read (the TypeScript path's), or the batch's length. */
  readonly stop: number;
  /** Per item read: billing_code_type, billing_code_type_version, billing_code, negotiation_arrangement as `JSON.parse` gives them. */
  readonly fields: readonly unknown[];
  /** Per local term (numbered from 0 in order of first appearance): `RateTerms.idOf`'s seven fields. */
  readonly terms: readonly (readonly [
    string,
    string | undefined,
    string | undefined,
    string[] | undefined,
    string[] | undefined,
    string | undefined,
    string | undefined,
  ])[];
  /** The markers read in place of inline groups (`InlineGroupSpans`); reference id `-1 - k` names the k-th. */
  readonly markers: readonly string[];
  /**
   * Reference ids other than whole numbers below 2^31 (CareFirst's 690.64462, strings), as
   * `JSON.parse` gives them; a provider row names the k-th as `OTHER_REFERENCE_BASE - k`.
   */
  readonly otherReferences: readonly (number | string)[];
  /** The amounts (float64), then the int32 columns: price item, rate, index, local term; provider item, rate, price count, reference id. */
  readonly columns: ArrayBuffer;
  readonly prices: number;
  readonly providers: number;
  readonly rateRows: number;
}

/**
 * How a provider row of a run names its group (`ratelens-tic.cc`): the id when `>= 0`, the k-th
 * marker as `-1 - k` down to this base, the k-th other reference as `OTHER_REFERENCE_BASE - k`.
 */
export const OTHER_REFERENCE_BASE = -(1 << 28) - 1;

/** What `readReferences` of `native/reference-groups.h` returns for a run of root references. */
export interface NativeReferenceRun {
  /** The first reference of the batch it did not read (the TypeScript path's), or the batch's length. */
  readonly stop: number;
  /** The provider-group CSV lines of the kept references (`GROUP_CSV_COLUMNS`), UTF-8. */
  readonly groups: ArrayBuffer;
  /** The `group_refs` lines of the references read. */
  readonly keys: string;
}

/** The addon's interface. */
export interface NativeReader {
  /**
   * Reads root references from `from` on, each one's `ReferenceOutcome` written into `outcomes`.
   * `filter`: the NPI filter's numbers, sorted.
   */
  readReferences(
    bytes: Uint8Array,
    ends: Int32Array,
    written: readonly string[],
    keys: Int32Array,
    filter: Float64Array | undefined,
    outcomes: Uint8Array,
    from: number,
  ): NativeReferenceRun;
  readRates(
    bytes: Uint8Array,
    ends: Int32Array,
    itemIndexes: Int32Array,
    rateOffsets: Int32Array | undefined,
    from: number,
  ): NativeRun;
}

/**
 * When the simdjson reader is tried again after it left the entry where it started (an item or a
 * root reference of another shape) to TypeScript: 1, 2, 4, … 64 entries later, so that a file of
 * such entries does not pay two parses for each.
 */
export class NativeBackoff {
  private from = 0;
  private misses = 0;

  /** Whether to try the reader at entry `k`. */
  tries(k: number): boolean {
    return k >= this.from;
  }

  /** It read from where it started. */
  read(): void {
    this.misses = 0;
  }

  /** It read nothing at `k`. */
  missed(k: number): void {
    this.misses = Math.min(this.misses + 1, 7);
    this.from = k + (1 << (this.misses - 1));
  }

  /** TypeScript takes the entries up to `stop` (included) again; the reader is tried after. */
  resumeAfter(stop: number): void {
    this.misses = 0;
    this.from = stop + 1;
  }
}

/**
 * The simdjson reader of negotiated rates and root references, when the addon was built (`npm run
 * build` with g++ and libsimdjson-dev) and not turned off with `RATELENS_NATIVE=0`; otherwise
 * undefined and items and references are parsed with `JSON.parse`. Loaded once per thread.
 */
export function nativeRates(): NativeReader | undefined {
  return nativeAddon() as NativeReader | undefined;
}
