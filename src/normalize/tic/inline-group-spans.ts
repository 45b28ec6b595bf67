import { randomBytes } from "node:crypto";
import { backslashesBefore, ElementSkipper, SkipStop } from "../../sources/tic/json-skip.js";
import { ByteKeyTable, sampledHash } from "./byte-key-table.js";

const GROUPS_KEY = Buffer.from('"provider_groups"');
/** Values shorter than this are parsed where they are (a marker would save nothing). */
const MIN_GROUP_BYTES = 64;
/** Items in a row without inline groups after which they are no longer searched for. */
const MAX_GROUP_MISSES = 32;
const SPACE = 0x20;
const TAB = 0x09;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;

/** A distinct inline `provider_groups` value, by its bytes. */
export interface GroupSpan {
  /** The parsed value, until the normaliser has given it a key. */
  value: unknown;
  keyed: boolean;
  /** Its group key, or undefined when the NPI filter drops it (once `keyed`). */
  key: number | undefined;
}

const decoder = new TextDecoder("utf-8", { fatal: false });

/**
 * Reads the inline `provider_groups` values of an `in_network` item from its raw bytes, before the
 * item is parsed, and parses the item with a short marker string in place of each. A schema 1.x
 * file repeats the same few hundred values on every rate, and they are most of its bytes (the
 * synthetic payer's inline files: 70 %, 16,565 rates naming 999 distinct values), so parsing every
 * copy was most of such a file's cost. Values are looked up by their bytes (`ByteKeyTable`); each
 * distinct value is parsed once. Anything unusual (bytes that do not parse, an item that ends
 * inside a value) leaves the whole item as it is, for the plain parse to read or to report.
 * Written by hand: a JSON parser cannot be told to leave a member unparsed.
 *
 * Tried and left out: reading each negotiated price the same way (its amount from the bytes, its
 * term by the rest of its bytes). A byte loop in JavaScript reads the bytes slower than
 * `JSON.parse` parses them (the items of a 19.5 MB file: 110 ms to read, 83 ms to parse whole),
 * so it only pays for values that repeat whole.
 *
 * A marker is `"\u0000<nonce>g<n>"`: the nonce is 64 random bits drawn for each file and thread
 * and written nowhere else, so no string of a file can pass for a marker.
 */
export class InlineGroupSpans {
  private readonly groups = new ByteKeyTable<GroupSpan>();
  private readonly nonce = randomBytes(8).toString("hex");
  /** A marker as parsed, and as written in the text (the NUL as the escape: a raw one is not JSON). */
  private readonly groupPrefix = `\u0000${this.nonce}g`;
  private readonly writtenPrefix = `"\\u0000${this.nonce}g`;
  /** The current item's replaced values, by marker number. */
  private readonly markedGroups: GroupSpan[] = [];
  private scratch = Buffer.allocUnsafe(1 << 16);
  private length = 0;
  private copied = 0;
  private readonly skipper = new ElementSkipper();
  /**
   * Inline groups are searched for while the file has them: the search costs ~0.7 CPU-s per GB,
   * wasted on a file of provider references. It stops after `MAX_GROUP_MISSES` items without one,
   * and starts again when a group is met parsed in place (`inlineGroupParsed`).
   */
  private searchingGroups = true;
  private groupMisses = 0;

  /** The text to parse for the item `bytes[start, end)`, markers in place of its groups. */
  itemText(bytes: Uint8Array, start: number, end: number): string {
    return decoder.decode(this.markedItem(bytes, start, end));
  }

  /**
   * The item `bytes[start, end)` with markers in place of its groups (UTF-8; valid until the next
   * item), or the item as it is when it has none or something unusual about them.
   */
  markedItem(bytes: Uint8Array, start: number, end: number): Uint8Array {
    this.markedGroups.length = 0;
    this.length = 0;
    this.copied = 0;
    const item = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start);
    this.skipper.newChunk();
    if (!this.searchingGroups) return item;
    let group = item.indexOf(GROUPS_KEY);
    if (group >= 0) this.groupMisses = 0;
    else if (++this.groupMisses >= MAX_GROUP_MISSES) this.searchingGroups = false;
    while (group >= 0) {
      const next = this.readGroup(item, group);
      if (next === null) {
        this.markedGroups.length = 0;
        return item;
      }
      group = item.indexOf(GROUPS_KEY, next);
    }
    if (this.copied === 0) return item;
    this.append(item, this.copied, item.length);
    return this.scratch.subarray(0, this.length);
  }

  /** Whether items are searched for inline groups (the file has had some lately). */
  get searching(): boolean {
    return this.searchingGroups;
  }

  /** The group a marker stands for, or undefined when `value` is not a group marker. */
  groupOf(value: unknown): GroupSpan | undefined {
    if (typeof value !== "string" || !value.startsWith(this.groupPrefix)) return undefined;
    return this.markedGroups[Number(value.slice(this.groupPrefix.length))];
  }

  /** An inline group was parsed where it is: search the next items for groups again. */
  inlineGroupParsed(): void {
    this.searchingGroups = true;
    this.groupMisses = 0;
  }

  /**
   * Reads the `provider_groups` value of the key at `at`; returns where to search on, or null when
   * the item must be parsed as it is.
   */
  private readGroup(item: Buffer, at: number): number | null {
    const from = arrayStart(item, at);
    if (from < 0) return at + GROUPS_KEY.length;
    const to = this.skipTo(item, from);
    if (to < 0) return null;
    if (to - from < MIN_GROUP_BYTES) return to;
    const hash = sampledHash(item, from, to);
    let span = this.groups.find(hash, item, from, to);
    if (span === undefined) {
      const value = parsed(item, from, to);
      if (value === undefined) return null;
      span = { value, keyed: false, key: undefined };
      this.groups.add(hash, item, span, from, to);
    }
    this.replace(item, from, to, `${this.writtenPrefix}${this.markedGroups.length}"`);
    this.markedGroups.push(span);
    return to;
  }

  /** The end (exclusive) of the array opening at `from`, or -1 when the item ends first. */
  private skipTo(item: Buffer, from: number): number {
    const close = this.skipper.skip(item, from, 2);
    return this.skipper.stop === SkipStop.ElementEnd ? close + 1 : -1;
  }

  /** Copies the item up to `from`, then `marker` in place of `item[from, to)`. */
  private replace(item: Buffer, from: number, to: number, marker: string): void {
    this.append(item, this.copied, from);
    this.reserve(marker.length);
    this.length += this.scratch.write(marker, this.length, "latin1");
    this.copied = to;
  }

  private append(item: Buffer, from: number, to: number): void {
    this.reserve(to - from);
    this.scratch.set(item.subarray(from, to), this.length);
    this.length += to - from;
  }

  private reserve(bytes: number): void {
    const needed = this.length + bytes;
    if (needed <= this.scratch.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.scratch.length * 2));
    grown.set(this.scratch.subarray(0, this.length));
    this.scratch = grown;
  }
}

/**
 * Where the array value of the key found at `at` starts, or -1 when this is no key (the quote is
 * escaped: it is inside a string) or its value is no array.
 */
function arrayStart(item: Buffer, at: number): number {
  if (backslashesBefore(item, at, 0) % 2 === 1) return -1;
  let i = skipSpace(item, at + GROUPS_KEY.length);
  if (item[i] !== COLON) return -1;
  i = skipSpace(item, i + 1);
  return item[i] === OPEN_BRACKET ? i : -1;
}

function skipSpace(bytes: Uint8Array, from: number): number {
  let i = from;
  for (;;) {
    const byte = bytes[i];
    if (byte !== SPACE && byte !== NEWLINE && byte !== RETURN && byte !== TAB) return i;
    i++;
  }
}

function parsed(item: Buffer, from: number, to: number): unknown {
  try {
    return JSON.parse(decoder.decode(item.subarray(from, to))) as unknown;
  } catch {
    return undefined;
  }
}
