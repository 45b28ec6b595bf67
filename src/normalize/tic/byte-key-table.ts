/** Bytes kept for one table before it starts afresh (one file in one thread). */
const MAX_STORED_BYTES = 32 * 1024 * 1024;
/** Entries of one sampled hash kept at most (a value past it is not found, and not added). */
const MAX_BUCKET = 16;

interface Entry<T> {
  /** The key's bytes: its first segment, then its second. */
  readonly bytes: Uint8Array;
  /** Length of the first segment. */
  readonly split: number;
  readonly value: T;
}

/**
 * Values found by a key made of one or two byte ranges of a buffer (a JSON value, or a price
 * object less its amount), without making a string of them: the caller's hash of the key picks
 * the bucket (`sampledHash`, or one made while reading the bytes), a byte comparison decides. Written by hand: a `Map` needs a string or number key, and making a
 * string of every key was the cost avoided.
 */
export class ByteKeyTable<T> {
  private readonly byHash = new Map<number, Entry<T>[]>();
  private storedBytes = 0;

  /** The value stored for `bytes[a0, a1) + bytes[b0, b1)`, whose hash is `hash`, or undefined. */
  find(hash: number, bytes: Buffer, a0: number, a1: number, b0 = a1, b1 = a1): T | undefined {
    const bucket = this.byHash.get(hash);
    if (bucket === undefined) return undefined;
    const split = a1 - a0;
    const length = split + (b1 - b0);
    for (const entry of bucket) {
      if (
        entry.split === split &&
        entry.bytes.length === length &&
        sameBytes(bytes, a0, entry.bytes, 0, split) &&
        sameBytes(bytes, b0, entry.bytes, split, length - split)
      ) {
        return entry.value;
      }
    }
    return undefined;
  }

  /** Stores `value` for the key (a copy of its bytes); false when its bucket is full. */
  add(hash: number, bytes: Buffer, value: T, a0: number, a1: number, b0 = a1, b1 = a1): boolean {
    if (this.storedBytes > MAX_STORED_BYTES) this.clear();
    const bucket = this.byHash.get(hash);
    if (bucket !== undefined && bucket.length >= MAX_BUCKET) return false;
    const key = new Uint8Array(a1 - a0 + (b1 - b0));
    key.set(bytes.subarray(a0, a1));
    key.set(bytes.subarray(b0, b1), a1 - a0);
    const entry = { bytes: key, split: a1 - a0, value };
    if (bucket === undefined) this.byHash.set(hash, [entry]);
    else bucket.push(entry);
    this.storedBytes += key.length;
    return true;
  }

  clear(): void {
    this.byHash.clear();
    this.storedBytes = 0;
  }
}

/**
 * Whether `a[from, from + length)` equals `b[at, at + length)`. Short keys (a price's term, ~100
 * bytes) compare faster in a loop than through a native call; long ones (a group) natively.
 */
function sameBytes(a: Buffer, from: number, b: Uint8Array, at: number, length: number): boolean {
  if (length > 256) return a.compare(b, at, at + length, from, from + length) === 0;
  for (let k = 0; k < length; k++) if (a[from + k] !== b[at + k]) return false;
  return true;
}

/**
 * A hash of the length and of up to 64 bytes spread over `[from, to)`: cheap whatever the size
 * (a group value can be kilobytes), and the byte comparison that follows decides. Keys that differ
 * only between the sampled bytes share a bucket, at the cost of a comparison.
 */
export function sampledHash(bytes: Uint8Array, from: number, to: number): number {
  let hash = Math.imul(to - from, 0x9e3779b1);
  const step = Math.max(1, Math.floor((to - from) / 64));
  for (let i = to - 1; i >= from; i -= step) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash;
}
