import { JSON_SKIP_WASM } from "./json-skip-wasm.js";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Why a skip stopped. */
export const enum SkipStop {
  /** At the bracket closing the element (depth 3 to 2): the returned index. */
  ElementEnd = 0,
  /** The chunk ended outside a string. */
  ChunkEnd = 1,
  /** The chunk ended inside a string (`content` is where its text starts). */
  InString = 2,
}

/** How many backslashes come right before index `end` of `buf` (back to index `floor` at most). */
export function backslashesBefore(buf: Uint8Array, end: number, floor: number): number {
  let run = 0;
  for (let k = end - 1; k >= floor && buf[k] === BACKSLASH; k--) run++;
  return run;
}

interface SkipExports {
  readonly memory: WebAssembly.Memory;
  readonly stop: WebAssembly.Global;
  readonly depth: WebAssembly.Global;
  readonly content: WebAssembly.Global;
  skip(from: number, end: number, depth: number): number;
}

/** The WebAssembly skip loop (`json-skip.wat`), or undefined where WebAssembly is off (`--jitless`). */
function instantiate(): SkipExports | undefined {
  if (typeof WebAssembly !== "object") return undefined;
  try {
    const module = new WebAssembly.Module(Buffer.from(JSON_SKIP_WASM, "base64"));
    return new WebAssembly.Instance(module).exports as unknown as SkipExports;
  } catch {
    return undefined; // no SIMD: the JavaScript loop below does the same, slower
  }
}

const wasm = instantiate();
let wasmBytes = wasm === undefined ? undefined : new Uint8Array(wasm.memory.buffer);
/** Copies made into `wasm.memory` (one memory for the thread, shared by its scanners). */
let copies = 0;

/** Byte classes of the JavaScript loop: 0 = nothing to do, a quote, an opening or a closing bracket. */
const STRING = 1;
const OPEN = 2;
const CLOSE = 3;
const BYTE_CLASS = new Uint8Array(256);
BYTE_CLASS[QUOTE] = STRING;
BYTE_CLASS[0x7b] = OPEN; // {
BYTE_CLASS[0x5b] = OPEN; // [
BYTE_CLASS[0x7d] = CLOSE; // }
BYTE_CLASS[0x5d] = CLOSE; // ]

/**
 * Finds the end of an element once the scanner has decided it (kept or dropped): only strings and
 * nesting matter, so the bytes go through a loop that tracks nothing else. The WebAssembly loop
 * (`json-skip.wat`, SIMD) classifies 16 bytes at a time; it reads a copy of the chunk, made once
 * per chunk (`newChunk`). Without WebAssembly the same loop runs in JavaScript.
 */
export class ElementSkipper {
  /** Why the last `skip` stopped, the depth there, and where the last string's text starts. */
  stop = SkipStop.ChunkEnd;
  depth = 0;
  content = 0;
  /** Chunk bytes from this index on are in `wasm.memory` (Infinity: none)... */
  private copiedFrom = Number.POSITIVE_INFINITY;
  /** ...unless another skipper copied its chunk since (`copies` moved on). */
  private copy = -1;

  constructor(private readonly useWasm = wasm !== undefined) {}

  /** A new chunk: the copy in WebAssembly memory is stale. */
  newChunk(): void {
    this.copiedFrom = Number.POSITIVE_INFINITY;
  }

  /** Skips from `from` at nesting `depth` to the element's closing bracket (its index) or to `buf.length`. */
  skip(buf: Buffer, from: number, depth: number): number {
    if (!this.useWasm || wasm === undefined) return this.skipInJs(buf, from, depth);
    const n = buf.length;
    if (this.copy !== copies || from < this.copiedFrom) {
      if (n + 16 > wasm.memory.buffer.byteLength) {
        wasm.memory.grow(Math.ceil((n + 16 - wasm.memory.buffer.byteLength) / 65536));
        wasmBytes = new Uint8Array(wasm.memory.buffer);
      }
      wasmBytes!.set(buf.subarray(from), from);
      this.copiedFrom = from;
      this.copy = ++copies;
    }
    const at = wasm.skip(from, n, depth);
    this.stop = wasm.stop.value as SkipStop;
    this.depth = wasm.depth.value as number;
    this.content = wasm.content.value as number;
    return at;
  }

  private skipInJs(buf: Buffer, from: number, start: number): number {
    const n = buf.length;
    let depth = start;
    let i = from;
    while (i < n) {
      const kind = BYTE_CLASS[buf[i]!]!;
      if (kind === 0) {
        i++;
        continue;
      }
      if (kind === STRING) {
        // The closing quote: the next quote not escaped by an odd run of backslashes.
        const content = i + 1;
        for (;;) {
          const quote = buf.indexOf(QUOTE, i + 1);
          if (quote < 0) return this.stopped(SkipStop.InString, depth, content, n);
          i = quote;
          if (backslashesBefore(buf, quote, content) % 2 === 0) break;
        }
      } else if (kind === OPEN) {
        depth++;
      } else {
        if (depth === 3) return this.stopped(SkipStop.ElementEnd, depth, this.content, i);
        depth--;
      }
      i++;
    }
    return this.stopped(SkipStop.ChunkEnd, depth, this.content, n);
  }

  private stopped(stop: SkipStop, depth: number, content: number, at: number): number {
    this.stop = stop;
    this.depth = depth;
    this.content = content;
    return at;
  }
}
