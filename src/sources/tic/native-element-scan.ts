import { nativeAddon } from "./native-addon.js";

/** The addon's element scanner (`native/element-scan.h`). */
export interface ElementScanAddon {
  elementFilter(key: string, kept: string[] | null): object;
  scanElements(
    bytes: Uint8Array,
    from: number,
    filter: object,
    state: Int32Array,
    spans: Int32Array,
  ): number;
}

/** Slots of the state `scanElements` reads and writes (`ScanSlot` in element-scan.h). */
const SKIPPED = 0;
const OPEN = 1;
const DEPTH = 2;
const IN_STRING = 3;
const ESCAPED = 4;
const RESUME = 5;
const KEPT = 6;
const ELEMENTS = 7;
const FULL = 8;
const SLOTS = 9;

/** Fields of a kept element in `spans` (`SpanField` in element-scan.h). */
export const SPAN_FIELDS = 5;
/** Kept elements one call records at most. */
const MAX_SPANS = 512;

/** How resuming a dropped element went (`Resume` in element-scan.h). */
export const enum Resumed {
  Closed = 1,
  StillOpen = 2,
  /** Nothing was read: the scanner finishes the element itself. */
  LeftToScanner = 3,
}

/** Filters as the addon holds them, made once per key and filter. */
const filters = new Map<string, WeakMap<ReadonlySet<string>, object>>();
const keepAll = new Map<string, object>();

/**
 * Finds, in one native call, the run of elements between the scanner's position and the next one
 * it must read itself (`native/element-scan.h` says which): the dropped ones skipped, the kept
 * ones' bytes and keys in `spans`.
 */
export class NativeElementScan {
  private readonly state = new Int32Array(SLOTS);
  /** Per kept element of the last call: start, closing brace, key start and end, ordinal. */
  readonly spans = new Int32Array(SPAN_FIELDS * MAX_SPANS);

  constructor(
    private readonly addon: ElementScanAddon,
    private readonly filter: object,
  ) {}

  /**
   * From `from`, between two elements: where the scanner goes on (an element to read, the array's
   * end, or `buf.length`). Read the counts, `spans` and `open` after.
   */
  scan(buf: Uint8Array, from: number): number {
    this.state[RESUME] = 0;
    return this.addon.scanElements(buf, from, this.filter, this.state, this.spans);
  }

  /**
   * As `scan`, from the start of a chunk that goes on with a dropped element (nested `depth` deep
   * inside it, and in a string or not): first finishes that element. Read `resumed` after.
   */
  resume(buf: Uint8Array, depth: number, inString: boolean, escaped: boolean): number {
    const { state } = this;
    state[RESUME] = 1;
    state[DEPTH] = depth;
    state[IN_STRING] = inString ? 1 : 0;
    state[ESCAPED] = escaped ? 1 : 0;
    return this.addon.scanElements(buf, 0, this.filter, state, this.spans);
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

  /** Elements the last call dropped whole. */
  get skipped(): number {
    return this.state[SKIPPED]!;
  }

  /** Kept elements the last call recorded in `spans`. */
  get kept(): number {
    return this.state[KEPT]!;
  }

  /** Elements the last call passed whole, kept or dropped. */
  get elements(): number {
    return this.state[ELEMENTS]!;
  }

  /** The last call stopped because `spans` was full: call again from where it stopped. */
  get full(): boolean {
    return this.state[FULL] === 1;
  }

  /**
   * The last call ended inside one more dropped element: the nesting inside it (1 at its top level),
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

/**
 * The scanner for elements keyed by `key` (`billing_code`, `provider_group_id`), keeping those
 * whose key `kept` holds, or all of them; undefined without the addon.
 */
export function nativeElementScan(
  key: string,
  kept: ReadonlySet<string> | "all",
): NativeElementScan | undefined {
  const addon = nativeAddon() as Partial<ElementScanAddon> | undefined;
  if (addon?.elementFilter === undefined || addon.scanElements === undefined) return undefined;
  const scanner = addon as ElementScanAddon;
  let filter: object | undefined;
  if (kept === "all") {
    filter = keepAll.get(key);
    if (filter === undefined) {
      filter = scanner.elementFilter(key, null);
      keepAll.set(key, filter);
    }
  } else {
    let byFilter = filters.get(key);
    if (byFilter === undefined) {
      byFilter = new WeakMap();
      filters.set(key, byFilter);
    }
    filter = byFilter.get(kept);
    if (filter === undefined) {
      filter = scanner.elementFilter(key, [...kept]);
      byFilter.set(kept, filter);
    }
  }
  return new NativeElementScan(scanner, filter);
}
