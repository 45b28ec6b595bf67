import { nativeAddon } from "./native-addon.js";

/** The addon's item skipper (`native/item-skip.h`). */
interface ItemSkipAddon {
  itemKeys(codes: string[]): object;
  skipItems(bytes: Uint8Array, from: number, keys: object, state: Int32Array): number;
}

/** Slots of the state `skipItems` writes (`SkipSlot` in item-skip.h). */
const SKIPPED = 0;
const OPEN = 1;
const DEPTH = 2;
const IN_STRING = 3;
const ESCAPED = 4;
const RESUME = 5;

/** How resuming a dropped item went (`Resume` in item-skip.h). */
export const enum Resumed {
  Closed = 1,
  StillOpen = 2,
  /** Nothing was read: the scanner finishes the item itself. */
  LeftToScanner = 3,
}

/** The codes as the addon holds them, made once per filter. */
const keySets = new WeakMap<ReadonlySet<string>, object>();

/**
 * Skips, in one native call, the run of items a code filter drops between the scanner's position
 * and the next item it must read itself (`native/item-skip.h` says which: kept items, and every
 * item of a shape the skipper does not handle for certain).
 */
export class NativeItemSkip {
  private readonly state = new Int32Array(6);

  constructor(
    private readonly addon: ItemSkipAddon,
    private readonly keys: object,
  ) {}

  /**
   * From `from`, between two items: where the scanner goes on (an item to read, the array's end,
   * or `buf.length`). Read `skipped` and `open` after.
   */
  skip(buf: Uint8Array, from: number): number {
    this.state[RESUME] = 0;
    return this.addon.skipItems(buf, from, this.keys, this.state);
  }

  /**
   * As `skip`, from the start of a chunk that goes on with a dropped item (nested `depth` deep
   * inside it, and in a string or not): first finishes that item. Read `resumed` after.
   */
  resume(buf: Uint8Array, depth: number, inString: boolean, escaped: boolean): number {
    const { state } = this;
    state[RESUME] = 1;
    state[DEPTH] = depth;
    state[IN_STRING] = inString ? 1 : 0;
    state[ESCAPED] = escaped ? 1 : 0;
    return this.addon.skipItems(buf, 0, this.keys, state);
  }

  /** How the last `resume` went. */
  get resumed(): Resumed {
    const resumed = this.state[RESUME];
    return resumed === 1
      ? Resumed.Closed
      : resumed === 2
        ? Resumed.StillOpen
        : Resumed.LeftToScanner;
  }

  /** Items skipped whole by the last call. */
  get skipped(): number {
    return this.state[SKIPPED]!;
  }

  /**
   * The last call ended inside one more dropped item: the nesting inside it (1 at its top level),
   * and the string state at the chunk's end. Undefined otherwise.
   */
  get open(): { depth: number; inString: boolean; escaped: boolean } | undefined {
    const { state } = this;
    if (state[OPEN] !== 1) return undefined;
    return {
      depth: state[DEPTH]!,
      inString: state[IN_STRING] === 1,
      escaped: state[ESCAPED] === 1,
    };
  }
}

/** The skipper for this filter's codes, or undefined without the addon. */
export function nativeItemSkip(codes: ReadonlySet<string>): NativeItemSkip | undefined {
  const addon = nativeAddon() as Partial<ItemSkipAddon> | undefined;
  if (addon?.itemKeys === undefined || addon.skipItems === undefined) return undefined;
  const skipper = addon as ItemSkipAddon;
  let keys = keySets.get(codes);
  if (keys === undefined) {
    keys = skipper.itemKeys([...codes]);
    keySets.set(codes, keys);
  }
  return new NativeItemSkip(skipper, keys);
}
