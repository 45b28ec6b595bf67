import { once } from "node:events";
import type { Writable } from "node:stream";

/**
 * Collects output text and writes it in pieces of about 64 kB, waiting for `drain` when the
 * stream is full: a million-claim check streams its rows without holding them or flooding a pipe.
 * Text is encoded (UTF-8) straight into a byte buffer as it comes: no list of strings joined and
 * copied again into bytes at each flush (docs/benchmarks.md).
 */
export class BufferedOutput {
  private buffer: Buffer;
  private used = 0;
  /** Filled buffers waiting for the next flush. */
  private filled: Buffer[] = [];

  constructor(
    private readonly out: Writable,
    private readonly highWater = 1 << 16,
  ) {
    this.buffer = Buffer.allocUnsafe(highWater * 2);
  }

  write(text: string): void {
    // Three bytes per UTF-16 unit at most (a surrogate pair is two units for four bytes).
    if (this.used + text.length * 3 > this.buffer.length) {
      this.retire();
      if (text.length * 3 > this.buffer.length) {
        this.filled.push(Buffer.from(text, "utf8"));
        return;
      }
    }
    this.used += this.buffer.write(text, this.used, "utf8");
  }

  /** Writes what is buffered once it is large enough (or always, with `force`). */
  async flush(force = false): Promise<void> {
    if (this.filled.length === 0 && (this.used === 0 || (!force && this.used < this.highWater))) {
      return;
    }
    this.retire();
    const parts = this.filled;
    this.filled = [];
    for (const part of parts) if (!this.out.write(part)) await once(this.out, "drain");
  }

  /** Moves the current buffer's bytes to `filled` and starts a new buffer. */
  private retire(): void {
    if (this.used === 0) return;
    this.filled.push(this.buffer.subarray(0, this.used));
    this.buffer = Buffer.allocUnsafe(this.buffer.length);
    this.used = 0;
  }
}
