import { closeSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { ScannedElement } from "../sources/tic/json-scanner.js";

/** A spooled piece: everything but its bytes, which are in the file at `position`. */
interface Spooled {
  readonly element: Omit<ScannedElement, "bytes">;
  readonly position: number;
  readonly length: number;
}

let spools = 0;

/**
 * The pieces of a large item cut before its code was read, under a code filter (`ItemSplitter`):
 * written to a file of the ingest's staging folder as they come, read back one at a time once the
 * item is kept (`FileJob` feeds them to the parser with its usual backpressure), deleted when it is
 * dropped. Held in memory instead, an item of 711 MB with its code after its rates peaked at 1.46 GB.
 * Synchronous file calls, as the scanner that hands the pieces over is: the shape is rare (most
 * files write the code first) and each call moves megabytes.
 */
export class PieceSpool {
  private readonly path: string;
  private fd: number | undefined;
  private readonly pieces: Spooled[] = [];
  private written = 0;
  private next = 0;

  constructor(directory: string) {
    this.path = join(directory, `pieces-${process.pid}-${spools++}.bin`);
  }

  add(piece: ScannedElement): void {
    this.fd ??= openSync(this.path, "w+");
    const { bytes, ...element } = piece;
    for (let done = 0; done < bytes.length;) {
      done += writeSync(this.fd, bytes, done, bytes.length - done, this.written + done);
    }
    this.pieces.push({ element, position: this.written, length: bytes.length });
    this.written += bytes.length;
  }

  /** The next piece, in the order added; undefined once all are read. */
  take(): ScannedElement | undefined {
    const spooled = this.pieces[this.next];
    if (spooled === undefined || this.fd === undefined) return undefined;
    this.next++;
    const bytes = Buffer.allocUnsafe(spooled.length);
    for (let done = 0; done < bytes.length;) {
      const read = readSync(this.fd, bytes, done, bytes.length - done, spooled.position + done);
      if (read === 0) throw new Error(`${this.path}: ended before a spooled piece`);
      done += read;
    }
    return { ...spooled.element, bytes };
  }

  /** Closes and deletes the file. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.path, { force: true });
  }
}
