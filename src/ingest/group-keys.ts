import { wholeNumber } from "../normalize/tic/provider-groups.js";

/** Ids below this use the array table; larger ones (rare) the map. 4 M entries = 16 MB at most. */
const ARRAY_IDS = 1 << 22;

/** What is known of a group key: not resolved yet, kept, rejected by the NPI filter, or being resolved. */
export type KeyState = 0 | 1 | 2 | 3;
export const UNKNOWN: KeyState = 0;
export const KEPT: KeyState = 1;
export const REJECTED: KeyState = 2;
export const RESOLVING: KeyState = 3;

/**
 * The group keys of one file: every provider group gets a key, a reference id at first sight (in a
 * rate or at the root), an inline group when its batch is loaded. Whole-number ids, nearly all of
 * them in real files, are looked up in a typed array: a `Map` of strings cost ~4 CPU-s per GB of
 * unfiltered input here, most of the main thread's time.
 */
export class GroupKeys {
  private byNumber = new Int32Array(1 << 16); // id → key + 1 (0: none yet)
  private readonly byString = new Map<string, number>();
  private states = new Uint8Array(1 << 16);
  private next = 0;

  /** Keys handed out so far. */
  get size(): number {
    return this.next;
  }

  /** Reserves `count` consecutive keys; returns the first. */
  private reserve(count: number): number {
    const first = this.next;
    this.next += count;
    this.ensureStates(this.next);
    return first;
  }

  /** The key of a whole-number id (0 ≤ id < 2^31). */
  ofNumber(id: number): number {
    if (id >= ARRAY_IDS) return this.ofString(String(id));
    if (id >= this.byNumber.length) {
      const grown = new Int32Array(Math.min(ARRAY_IDS, Math.max(id + 1, this.byNumber.length * 2)));
      grown.set(this.byNumber);
      this.byNumber = grown;
    }
    const known = this.byNumber[id]!;
    if (known !== 0) return known - 1;
    const key = this.reserve(1);
    this.byNumber[id] = key + 1;
    return key;
  }

  /** The key of a canonical id (`canonicalGroupId`); whole numbers go to `ofNumber`. */
  of(id: string): number {
    const number = wholeNumber(id);
    return number === undefined ? this.ofString(id) : this.ofNumber(number);
  }

  state(key: number): KeyState {
    return this.states[key] as KeyState;
  }

  setState(key: number, state: KeyState): void {
    this.states[key] = state;
  }

  private ofString(id: string): number {
    let key = this.byString.get(id);
    if (key === undefined) {
      key = this.reserve(1);
      this.byString.set(id, key);
    }
    return key;
  }

  private ensureStates(size: number): void {
    if (size <= this.states.length) return;
    const grown = new Uint8Array(Math.max(size, this.states.length * 2));
    grown.set(this.states);
    this.states = grown;
  }
}
