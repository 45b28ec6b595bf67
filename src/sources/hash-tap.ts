import { createHash, type Hash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";

/**
 * A pass-through stream that counts and hashes (SHA-256) the raw bytes of an input on their way to
 * the parser, so a file is read once for its hash, its progress and its content.
 */
export class HashTap extends Transform {
  private readonly hash: Hash = createHash("sha256");
  /** Bytes seen so far. */
  bytes = 0;
  /** The hex digest, once the input has ended ("" before). */
  sha256 = "";

  constructor(
    private readonly events: {
      onBytes?(total: number): void;
      onDigest?(sha256: string): void;
    } = {},
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    this.events.onBytes?.(this.bytes);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.sha256 = this.hash.digest("hex");
    this.events.onDigest?.(this.sha256);
    callback();
  }
}
