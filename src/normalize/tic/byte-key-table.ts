/** Bytes kept for one table before it starts afresh (one file in one thread). */
const MAX_STORED_BYTES = 32 * 1024 * 1024;
/** Entries of one sampled hash kept at most (a value past it is not found, and not added). */
const MAX_BUCKET = 16;

interface Entry<T> {
  readonly bytes: Uint8Array;
  readonly value: T;
}

/**
 * Values found by a byte range of a buffer (a JSON value) without making a string of it: a hash
 * of the range (`sampledHash`) picks the bucket, a byte comparison decides. Written by hand: a
 * `Map` needs a string or number key, and making a string of every value was the cost avoided.
 */
export class ByteKeyTable<T> {
  private readonly byHash = new Map<number, Entry<T>[]>();
  private storedBytes = 0;

  /** The value stored for `bytes[from, to)`, whose hash is `hash`, or undefined. */
  find(hash: number, bytes: Buffer, from: number, to: number): T | undefined {
    const bucket = this.byHash.get(hash);
    if (bucket === undefined) return undefined;
    for (const entry of bucket) {
      if (
        entry.bytes.length === to - from &&
        bytes.compare(entry.bytes, 0, entry.bytes.length, from, to) === 0
      ) {
        return entry.value;
      }
    }
    return undefined;
  }

  /** Stores `value` for `bytes[from, to)` (a copy of them); false when its bucket is full. */
  add(hash: number, bytes: Buffer, value: T, from: number, to: number): boolean {
    if (this.storedBytes > MAX_STORED_BYTES) this.clear();
    const bucket = this.byHash.get(hash);
    if (bucket !== undefined && bucket.length >= MAX_BUCKET) return false;
    // A copy: the batch's buffer may be reused for the next batch.
    const entry = { bytes: new Uint8Array(bytes.subarray(from, to)), value };
    if (bucket === undefined) this.byHash.set(hash, [entry]);
    else bucket.push(entry);
    this.storedBytes += to - from;
    return true;
  }

  clear(): void {
    this.byHash.clear();
    this.storedBytes = 0;
  }
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
