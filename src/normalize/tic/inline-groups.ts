import type { CsvBytes } from "./csv-fields.js";
import { groupHasNpi, readProviderGroups, writeGroupRows } from "./provider-groups.js";

/** Group keys of inline groups start here; keys of referenced groups (numbered from 0 by the ingester) stay below. */
export const INLINE_KEY_BASE = 1 << 30;

/** Past this many distinct groups the dictionary starts afresh (a group seen again then gets a second key). */
const MAX_ENTRIES = 100_000;

/** A group seen before: its parsed value (to confirm a fingerprint match) and its key, or -1 when the NPI filter drops it. */
interface KnownGroup {
  readonly value: unknown;
  readonly key: number;
}

/**
 * The provider groups written inline on rates (schema 1.x `provider_groups`) met by one thread in one
 * file. The same group is usually repeated on many rates: it gets one key (`INLINE_KEY_BASE + offset
 * + stride × n`, so parse workers never clash) and its provider-group rows are written once.
 * Groups are matched by a numeric fingerprint of the parsed value, confirmed by a structural
 * comparison; keying a map by `JSON.stringify(group)` instead cost ~4.7 CPU-s per GB of 1.x input
 * (the groups are most of such a file's bytes).
 */
export class InlineGroups {
  private readonly known = new Map<number, KnownGroup[]>(); // fingerprint → groups
  private entries = 0;
  private next = 0;

  constructor(
    private readonly offset = 0,
    private readonly stride = 1,
  ) {}

  /**
   * The key of an inline `provider_groups` value, writing its rows to `out` on first sight; undefined
   * when no provider of the group lists one of `npis`. Throws `NormalizeError` for a malformed group.
   */
  keyOf(value: unknown, npis: ReadonlySet<number> | undefined, out: CsvBytes): number | undefined {
    const fingerprint = jsonFingerprint(value, 0x9e3779b9);
    const bucket = this.known.get(fingerprint);
    const seen = bucket?.find((group) => jsonEqual(group.value, value));
    if (seen !== undefined) return seen.key < 0 ? undefined : seen.key;
    const providers = readProviderGroups(value, ".provider_groups");
    const wanted = npis === undefined || groupHasNpi(providers, npis);
    const key = wanted ? INLINE_KEY_BASE + this.offset + this.stride * this.next++ : -1;
    if (++this.entries > MAX_ENTRIES) {
      this.known.clear();
      this.entries = 1;
    }
    const group = { value, key };
    if (bucket === undefined || this.entries === 1) this.known.set(fingerprint, [group]);
    else bucket.push(group);
    if (wanted) writeGroupRows(out, providers, { groupKey: key }, undefined);
    return wanted ? key : undefined;
  }
}

/**
 * A 32-bit fingerprint of a parsed JSON value (structure, keys in order, numbers, strings). Written
 * by hand: hashing libraries hash strings or buffers, and making that string is the cost avoided.
 */
export function jsonFingerprint(value: unknown, seed: number): number {
  let h = seed | 0;
  if (typeof value === "number") {
    h = mix(h, value | 0);
    return mix(h, (value / 4294967296) | 0);
  }
  if (typeof value === "string") return mixString(mix(h, 0x5bd1e995), value);
  if (Array.isArray(value)) {
    h = mix(h, 0x27d4eb2d ^ value.length);
    for (const element of value as unknown[]) h = jsonFingerprint(element, h);
    return h;
  }
  if (value !== null && typeof value === "object") {
    h = mix(h, 0x165667b1);
    for (const key in value) {
      h = mixString(h, key);
      h = jsonFingerprint((value as Record<string, unknown>)[key], h);
    }
    return h;
  }
  return mix(h, value === true ? 1 : value === false ? 2 : 3);
}

/** Structural equality of two parsed JSON values (the order of object keys does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  // for…in rather than Object.keys: no arrays made (this runs for every inline group of a file).
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let keys = 0;
  for (const key in left) {
    keys++;
    if (!jsonEqual(left[key], right[key])) return false; // a key missing on the right reads undefined: unequal
  }
  for (const key in right) {
    if (!(key in left)) return false;
    keys--;
  }
  return keys === 0;
}

function mix(h: number, k: number): number {
  let x = Math.imul(k, 0xcc9e2d51);
  x = (x << 15) | (x >>> 17);
  x = Math.imul(x, 0x1b873593);
  const y = h ^ x;
  return (Math.imul((y << 13) | (y >>> 19), 5) + 0xe6546b64) | 0;
}

function mixString(h: number, text: string): number {
  let x = mix(h, text.length);
  for (let i = 0; i < text.length; i++) x = mix(x, text.charCodeAt(i));
  return x;
}
