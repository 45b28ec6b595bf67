import { once } from "node:events";
import type { Writable } from "node:stream";

/**
 * Collects output text and writes it in pieces of about 64 kB, waiting for `drain` when the
 * stream is full: a million-claim check streams its rows without holding them or flooding a pipe.
 */
export class BufferedOutput {
  private parts: string[] = [];
  private size = 0;

  constructor(
    private readonly out: Writable,
    private readonly highWater = 1 << 16,
  ) {}

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
  }

  /** Writes what is buffered once it is large enough (or always, with `force`). */
  async flush(force = false): Promise<void> {
    if (this.size === 0 || (!force && this.size < this.highWater)) return;
    const text = this.parts.join("");
    this.parts = [];
    this.size = 0;
    if (!this.out.write(text)) await once(this.out, "drain");
  }
}
