/**
 * A hand-written byte scanner for TiC machine-readable files.
 *
 * Why not a JSON library: the npm streaming parsers run at 9-30 MB/s because they build a token or
 * an object for every value (docs/domain/ingest-performance.md, section c); `JSON.parse` cannot take
 * a file over ~512 MB (V8's string limit). This scanner only tracks strings, escapes and depth, so it
 * runs at several hundred MB/s, and it cuts the root arrays (`in_network`, `provider_references`,
 * `out_of_network`, `reporting_structure`) into one byte slice per element. While it scans an element
 * it reads that element's own key (`billing_code`, or `provider_group_id` for references: only at the
 * element's top level, so a `bundled_codes[].billing_code` cannot fool it) and asks the sink whether
 * to keep the element; a dropped element is neither copied, decoded nor parsed. When the key comes
 * late (after `negotiated_rates`) the element is buffered until it is known. An `in_network` item
 * that grows past 16 MB is cut into pieces at its rates (`ItemSplitter`).
 *
 * It does not validate what it drops: invalid JSON inside a skipped item goes unnoticed; kept
 * elements are validated by `JSON.parse` and the normaliser.
 */

import { ItemSplitter, type ItemPiece } from "./item-splitter.js";
import { backslashesBefore, ElementSkipper, SkipStop } from "./json-skip.js";
import {
  nativeElementScan,
  Resumed,
  SPAN_FIELDS,
  type NativeElementScan,
} from "./native-element-scan.js";

/** The root arrays the scanner cuts into elements. */
export type TicSection =
  "in_network" | "provider_references" | "out_of_network" | "reporting_structure";

const SECTIONS: ReadonlySet<string> = new Set([
  "in_network",
  "provider_references",
  "out_of_network",
  "reporting_structure",
]);

/** The element-level key the scanner reads for each section (used to filter, or to index references). */
const SECTION_KEY: Readonly<Record<TicSection, string | undefined>> = {
  in_network: "billing_code",
  out_of_network: "billing_code",
  provider_references: "provider_group_id",
  reporting_structure: undefined,
};

/** The element-level keys as bytes, to compare a key with before decoding it. */
const SECTION_KEY_BYTES = new Map(
  Object.values(SECTION_KEY)
    .filter((key): key is string => key !== undefined)
    .map((key) => [key, Buffer.from(key)]),
);

/**
 * Whether the raw key `buf[start, end)` is `key`, told from the bytes; undefined when the raw key
 * has an escape (then only its decoded text can tell). Items have five or so keys before their
 * code: decoding each into a string cost ~0.2 s per 300 MB of an index's small files.
 */
function rawKeyIs(buf: Buffer, start: number, end: number, key: Buffer): boolean | undefined {
  let same = end - start === key.length;
  for (let i = start; i < end; i++) {
    const byte = buf[i]!;
    if (byte === 0x5c) return undefined;
    if (same && byte !== key[i - start]) same = false;
  }
  return same;
}

/**
 * One element of a root array. `bytes` may be a view into a stream chunk, whose memory a borrowed
 * chunk's reader writes over once `push` returns: copy it to keep it.
 */
export interface ScannedElement {
  readonly section: TicSection;
  readonly index: number;
  /** Offset of the element's first byte in the decompressed stream. */
  readonly byteOffset: number;
  readonly bytes: Buffer;
  /** The element's own `billing_code` / `provider_group_id` as written (strings unquoted), if seen. */
  readonly key: string | undefined;
  /**
   * A piece of a large `in_network` item (`ItemSplitter`): the index in the item of its first
   * negotiated rate. Undefined for an element that comes whole.
   */
  readonly rateOffset?: number;
  /** A piece that is not the item's last: it lacks the fields after `negotiated_rates`. */
  readonly partial?: boolean;
  /** A piece's first rate's offset: where an error found in the piece is reported. */
  readonly ratesByteOffset?: number;
}

/** Sizes at which kept `in_network` items are cut into pieces (`ItemSplitter`). */
export interface SplitSizes {
  /** An item is split once this many of its bytes are held (default 16 MB). */
  readonly splitBytes: number;
  /** Bytes of rates per piece (default 4 MB). */
  readonly pieceBytes: number;
}

const DEFAULT_SPLIT: SplitSizes = { splitBytes: 16 << 20, pieceBytes: 4 << 20 };

/** What the scanner reports to. All calls are synchronous, in document order. */
export interface ScannerSink {
  /** A root-level scalar (`version`, `plan_name` …), its raw JSON text. */
  header(key: string, rawJson: string): void;
  /** A root array of this name begins (`true`) or ends (`false`). */
  section(section: TicSection, starts: boolean): void;
  /** Should an element with this key be kept? Called once per element, as soon as the key is known. */
  wants(section: TicSection, key: string | undefined): boolean;
  /** A kept element, complete. */
  element(element: ScannedElement): void;
  /**
   * Every element of the section is kept, whatever its key: the pieces of a large item go out at
   * once, instead of waiting for its key (a `billing_code` after `negotiated_rates`).
   */
  keepsEvery?(section: TicSection): boolean;
  /**
   * Takes a piece cut before its item's key was read, to keep until `releasePieces` (a file of the
   * staging folder: the item may be hundreds of megabytes). Without it the scanner holds them.
   */
  holdPiece?(piece: ScannedElement): void;
  /** The item whose pieces `holdPiece` took is decided: kept (they go on first, in order) or dropped. */
  releasePieces?(kept: boolean): void;
  /**
   * How `wants` decides in this section when it goes by the element's key alone: the keys it keeps
   * (and an element without one), or every element. The scanner may then find elements natively:
   * `wants` is called for the kept ones only, and the others are counted by `dropped`.
   */
  keptByKey?(section: TicSection): ReadonlySet<string> | "all" | undefined;
  /** Elements dropped by their key without a `wants` call (see `keptByKey`). */
  dropped?(section: TicSection, count: number): void;
}

/** A structural problem found while scanning: the caller turns it into an `InputError`. */
export class ScanError extends Error {
  constructor(
    readonly byteOffset: number,
    readonly jsonPath: string,
    readonly problem: string,
  ) {
    super(`${problem} (byte ${byteOffset}, ${jsonPath})`);
  }
}

const QUOTE = 0x22;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

/** What the next meaningful token at depth 1 (root) or at the element's top level is. */
const enum Expect {
  Key,
  Colon,
  Value,
  CommaOrEnd,
}

/** Where string content goes while a string is open. */
const enum Capture {
  None,
  RootKey,
  RootValue,
  ElementKey,
  ElementValue,
}

/**
 * Streaming scanner: `push(chunk)` any number of times (chunk boundaries may fall anywhere), then
 * `end()`. Element slices and header values go to the sink.
 */
export class TicScanner {
  private offset = 0; // bytes consumed before the current chunk
  private depth = 0;
  private started = false;
  private finished = false;
  private inString = false;
  private escapePending = false;
  private capture = Capture.None;
  private captured: Buffer[] = [];
  private stringStart = 0;

  private rootExpect = Expect.Value; // before the root object: the root value
  private rootKey = "";
  private scalarParts: Buffer[] | undefined; // raw root scalar being read
  private scalarStart = -1;

  private section: TicSection | undefined;
  private sectionKey: string | undefined;
  private elementIndex = -1;
  private elementOpen = false;
  private elementOffset = 0;
  private elementStart = -1; // index in the current chunk, -1 when not copying
  private elementParts: Buffer[] = [];
  private elementKey: string | undefined;
  private elementDecided = false;
  private elementKept = true;
  private elemExpect = Expect.Key;
  private elemKeyMatches = false;
  private numberParts: Buffer[] | undefined;
  private numberStart = -1;
  /** A dropped element is open: only its end matters (`skipRest`). */
  private skipping = false;
  private readonly skipper = new ElementSkipper();
  /** Bytes of the open element held in `elementParts`. */
  private elementBytes = 0;
  /** The open element is a large item being cut into pieces. */
  private splitter: ItemSplitter | undefined;
  /** Pieces of the open item cut before its code was read: they wait for `decide`. */
  private undecidedPieces: ScannedElement[] = [];
  /** The sink holds pieces of the open item (`holdPiece`) and waits for `releasePieces`. */
  private sinkHoldsPieces = false;
  /** In a section whose elements the addon finds (`keptByKey`): it, used between elements. */
  private elementScan: NativeElementScan | undefined;

  constructor(
    private readonly sink: ScannerSink,
    private readonly split: SplitSizes = DEFAULT_SPLIT,
  ) {}

  /** Bytes consumed so far. */
  get bytesScanned(): number {
    return this.offset;
  }

  /** Where the scan is, as a JSON path: the current root element, or `$`. */
  get jsonPath(): string {
    return this.section === undefined
      ? "$"
      : `$.${this.section}[${Math.max(this.elementIndex, 0)}]`;
  }

  /**
   * Scans one chunk. Throws `ScanError` on a structural problem. A `borrowed` chunk's memory is
   * written over once this returns (the reader reuses it): what must outlive the call (the open
   * element's bytes so far, a string or number cut by the chunk's end) is copied, and the sink
   * copies what it keeps of the elements it is given.
   */
  push(buf: Buffer, borrowed = false): void {
    let i = 0;
    this.skipper.newChunk();
    const n = buf.length;
    if (this.elementOpen && this.elementStart === -2) this.elementStart = 0;
    if (this.scalarParts !== undefined) this.scalarStart = 0;
    if (this.numberParts !== undefined) this.numberStart = 0;
    // Between elements, or inside one the sink dropped: the addon goes on from here.
    if (
      this.elementScan !== undefined &&
      this.depth >= 2 &&
      (this.elementOpen ? this.skipping && !this.elementKept : !this.inString)
    ) {
      i = this.scanNatively(buf, 0);
    }
    if (this.inString && i === 0) {
      this.stringStart = 0;
      i = this.finishString(buf, 0) + 1;
    }
    for (; i < n; i++) {
      if (this.skipping) {
        i = this.skipRest(buf, i);
        if (i >= n) break;
      }
      const c = buf[i]!;
      if (this.scalarStart >= 0) {
        if (c !== COMMA && c !== RBRACE && c !== SPACE && c !== LF && c !== CR && c !== TAB) {
          continue;
        }
        this.endRootScalar(buf, i);
      }
      if (this.numberStart >= 0) {
        if (
          c !== COMMA &&
          c !== RBRACE &&
          c !== SPACE &&
          c !== LF &&
          c !== CR &&
          c !== TAB &&
          c !== RBRACKET
        ) {
          continue;
        }
        this.endElementNumber(buf, i);
      }
      switch (c) {
        case QUOTE:
          this.openString(i);
          i = this.finishString(buf, i + 1);
          break;
        case LBRACE:
        case LBRACKET:
          this.open(c, i);
          // A section's array opened, or an element closed: the addon takes the elements that follow.
          if (this.elementScan !== undefined && this.depth === 2) {
            i = this.scanNatively(buf, i + 1) - 1;
          }
          break;
        case RBRACE:
        case RBRACKET:
          this.close(c, buf, i);
          if (this.elementScan !== undefined && this.depth === 2) {
            i = this.scanNatively(buf, i + 1) - 1;
          }
          break;
        case COMMA:
          if (this.depth === 1) this.rootComma(i);
          else if (this.depth === 3 && this.elementOpen) this.elemExpect = Expect.Key;
          break;
        case COLON:
          if (this.depth === 1) {
            if (this.rootExpect !== Expect.Colon) throw this.error(i, "unexpected ':'");
            this.rootExpect = Expect.Value;
          } else if (this.depth === 3 && this.elementOpen) {
            this.elemExpect = Expect.Value;
          }
          break;
        case SPACE:
        case LF:
        case CR:
        case TAB:
          break;
        default:
          // Numbers deep inside items are the common case: only depths 1-3 matter here.
          if (this.depth <= 3) this.scalarByte(buf, i);
      }
    }
    // Chunk ends: keep what must survive into the next chunk (copied when the chunk is borrowed).
    const rest = (start: number): Buffer =>
      borrowed ? Buffer.from(buf.subarray(start)) : buf.subarray(start);
    if (this.elementOpen && this.elementStart >= 0) {
      this.holdElementPart(buf.subarray(this.elementStart), borrowed);
      this.elementStart = -2; // resume copying at 0 in the next chunk
    }
    if (this.scalarParts !== undefined && this.scalarStart >= 0) {
      this.scalarParts.push(rest(this.scalarStart));
    }
    if (this.numberParts !== undefined && this.numberStart >= 0) {
      this.numberParts.push(rest(this.numberStart));
    }
    this.scalarStart = -1;
    this.numberStart = -1;
    if (this.inString && this.capture !== Capture.None) {
      this.captured.push(rest(this.stringStart));
    }
    this.offset += n;
  }

  /** Ends the input: throws if the document is incomplete. */
  end(): void {
    if (this.scalarParts !== undefined) this.endRootScalar(Buffer.alloc(0), 0);
    if (!this.started) throw new ScanError(this.offset, "$", "no JSON object found (empty input?)");
    if (!this.finished || this.inString) {
      throw new ScanError(
        this.offset,
        this.path(),
        "unexpected end of input: the file is truncated",
      );
    }
  }

  /** The JSON path of the current position, as precise as the scanner knows it. */
  path(): string {
    if (this.section !== undefined) {
      return this.elementIndex >= 0
        ? `$.${this.section}[${this.elementIndex}]`
        : `$.${this.section}`;
    }
    if (this.depth >= 1 && this.rootKey !== "") return `$.${this.rootKey}`;
    return "$";
  }

  private error(i: number, problem: string): ScanError {
    return new ScanError(this.offset + i, this.path(), problem);
  }

  private openString(i: number): void {
    this.inString = true;
    this.stringStart = i + 1;
    this.capture = Capture.None;
    if (this.depth === 1) {
      if (this.rootExpect === Expect.Key) this.capture = Capture.RootKey;
      else if (this.rootExpect === Expect.Value) {
        this.capture = Capture.RootValue;
        this.rootExpect = Expect.CommaOrEnd;
      } else throw this.error(i, "unexpected string");
    } else if (this.depth === 0) {
      throw this.error(
        i,
        this.finished
          ? "unexpected data after the root object"
          : "the root value must be an object",
      );
    } else if (this.depth === 3 && this.elementOpen) {
      if (this.elemExpect === Expect.Key) {
        this.capture = this.elementDecided ? Capture.None : Capture.ElementKey;
      } else if (this.elemExpect === Expect.Value) {
        if (this.elemKeyMatches && !this.elementDecided) this.capture = Capture.ElementValue;
        this.elemExpect = Expect.CommaOrEnd;
      }
    } else if (this.depth === 2 && this.section !== undefined) {
      throw this.error(i, `each element of ${this.section} must be an object`);
    }
  }

  /** Finds the closing quote from `from`; returns its index, or `buf.length - 1` if the string goes on. */
  private finishString(buf: Buffer, from: number): number {
    let start = from;
    if (this.escapePending) {
      this.escapePending = false;
      start++; // that byte was escaped
    }
    let p = start;
    for (;;) {
      const j = buf.indexOf(QUOTE, p);
      if (j < 0) {
        this.escapePending = backslashesBefore(buf, buf.length, start) % 2 === 1;
        return buf.length - 1;
      }
      if (backslashesBefore(buf, j, start) % 2 === 0) {
        this.inString = false;
        if (this.capture !== Capture.None) this.stringDone(buf, j);
        return j;
      }
      p = j + 1;
    }
  }

  private stringDone(buf: Buffer, end: number): void {
    if (this.capture === Capture.ElementKey && this.captured.length === 0) {
      const key = SECTION_KEY_BYTES.get(this.sectionKey!)!;
      const matches = rawKeyIs(buf, this.stringStart, end, key);
      if (matches !== undefined) {
        this.capture = Capture.None;
        this.elemKeyMatches = matches;
        this.elemExpect = Expect.Colon;
        return;
      }
    }
    const last = buf.subarray(this.stringStart, end);
    const text =
      this.captured.length === 0
        ? last.toString("utf8")
        : Buffer.concat([...this.captured, last]).toString("utf8");
    this.captured = [];
    const capture = this.capture;
    this.capture = Capture.None;
    switch (capture) {
      case Capture.RootKey:
        this.rootKey = decodeEscapes(text);
        this.rootExpect = Expect.Colon;
        break;
      case Capture.RootValue:
        this.sink.header(this.rootKey, JSON.stringify(decodeEscapes(text)));
        break;
      case Capture.ElementKey:
        this.elemKeyMatches = decodeEscapes(text) === this.sectionKey;
        this.elemExpect = Expect.Colon;
        break;
      case Capture.ElementValue:
        this.decide(decodeEscapes(text));
        break;
      case Capture.None:
        break;
    }
  }

  private open(c: number, i: number): void {
    const depth = this.depth;
    if (depth === 0) {
      if (this.finished) throw this.error(i, "unexpected data after the root object");
      if (c !== LBRACE) throw this.error(i, "the root value must be an object");
      this.started = true;
      this.depth = 1;
      this.rootExpect = Expect.Key;
      return;
    }
    if (depth === 1) {
      if (this.rootExpect !== Expect.Value) {
        throw this.error(i, "unexpected '" + String.fromCharCode(c) + "'");
      }
      this.rootExpect = Expect.CommaOrEnd;
      if (c === LBRACKET && SECTIONS.has(this.rootKey)) {
        this.section = this.rootKey as TicSection;
        this.sectionKey = SECTION_KEY[this.section];
        this.elementIndex = -1;
        this.sink.section(this.section, true);
        const kept =
          this.sectionKey === undefined ? undefined : this.sink.keptByKey?.(this.section);
        this.elementScan =
          kept === undefined ? undefined : nativeElementScan(this.sectionKey!, kept);
      }
    } else if (depth === 2 && this.section !== undefined) {
      if (c !== LBRACE) throw this.error(i, `each element of ${this.section} must be an object`);
      this.elementIndex++;
      this.elementOpen = true;
      this.elementOffset = this.offset + i;
      this.elementStart = i;
      this.elementParts = [];
      this.elementBytes = 0;
      this.elementKey = undefined;
      this.elementDecided = this.sectionKey === undefined;
      this.elementKept = true;
      // Nothing inside an element without a key matters to the scan: only where it ends.
      this.skipping = this.elementDecided;
      this.elemExpect = Expect.Key;
      this.elemKeyMatches = false;
    } else if (depth === 3 && this.elementOpen) {
      if (this.elemExpect === Expect.Value) this.elemExpect = Expect.CommaOrEnd;
    }
    this.depth = depth + 1;
  }

  private close(c: number, buf: Buffer, i: number): void {
    const depth = this.depth;
    if (depth === 0) throw this.error(i, "unexpected '" + String.fromCharCode(c) + "'");
    this.depth = depth - 1;
    if (depth === 1) {
      if (c !== RBRACE) throw this.error(i, "unexpected ']'");
      if (
        this.rootExpect === Expect.Colon ||
        (this.rootExpect === Expect.Value && this.rootKey !== "")
      ) {
        throw this.error(i, "unexpected '}'");
      }
      this.finished = true;
      this.rootKey = "";
    } else if (depth === 2 && this.section !== undefined) {
      if (c !== RBRACKET) throw this.error(i, "unexpected '}'");
      const section = this.section;
      this.section = undefined;
      this.elementScan = undefined;
      this.sink.section(section, false);
    } else if (depth === 3 && this.elementOpen) {
      if (c !== RBRACE) throw this.error(i, "unexpected ']'");
      this.endElement(buf, i);
    }
  }

  private endElement(buf: Buffer, i: number): void {
    this.elementOpen = false;
    // Decided on a number that ended at this brace: there is nothing left of the element to skip.
    this.skipping = false;
    if (!this.elementDecided) this.decide(undefined);
    if (!this.elementKept) return;
    const last = buf.subarray(this.elementStart < 0 ? 0 : this.elementStart, i + 1);
    if (this.splitter !== undefined) {
      const splitter = this.splitter;
      this.splitter = undefined;
      this.elementStart = -1;
      splitter.end(last);
      return;
    }
    const bytes =
      this.elementParts.length === 0 ? last : Buffer.concat([...this.elementParts, last]);
    this.elementParts = [];
    this.elementStart = -1;
    this.sink.element({
      section: this.section!,
      index: this.elementIndex,
      byteOffset: this.elementOffset,
      bytes,
      key: this.elementKey,
    });
  }

  /**
   * Holds the open element's bytes up to a chunk's end; an item that grows past `split.splitBytes`
   * is cut into pieces from then on (`ItemSplitter`). Pieces cut before the item's code is read
   * wait, as bytes, for the decision (unless the sink keeps every item): a dropped item's are let
   * go, a kept item's go on in order. Either way no piece is longer than JavaScript can parse.
   */
  private holdElementPart(part: Buffer, borrowed: boolean): void {
    if (this.splitter !== undefined) {
      this.splitter.push(part); // it copies what it holds
      return;
    }
    this.elementParts.push(borrowed ? Buffer.from(part) : part);
    this.elementBytes += part.length;
    if (this.elementBytes >= this.split.splitBytes && this.section === "in_network") {
      const index = this.elementIndex;
      const splitter = new ItemSplitter(
        this.elementOffset,
        this.split.pieceBytes,
        (piece: ItemPiece) => {
          const element: ScannedElement = {
            section: "in_network",
            index,
            byteOffset: piece.fileOffset,
            bytes: piece.bytes,
            key: this.elementKey,
            rateOffset: piece.rateOffset,
            partial: !piece.last,
            ratesByteOffset: piece.ratesOffset,
          };
          if (this.elementDecided || this.sink.keepsEvery?.("in_network") === true) {
            this.sink.element(element);
          } else if (this.sink.holdPiece !== undefined) {
            this.sink.holdPiece(element);
            this.sinkHoldsPieces = true;
          } else {
            this.undecidedPieces.push(element);
          }
        },
      );
      for (const held of this.elementParts) splitter.push(held);
      this.elementParts = [];
      this.elementBytes = 0;
      this.splitter = splitter;
    }
  }

  private decide(key: string | undefined): void {
    this.elementDecided = true;
    this.elementKey = key;
    this.elementKept = this.sink.wants(this.section!, key);
    if (!this.elementKept) {
      this.elementParts = [];
      this.elementStart = -1;
      this.splitter = undefined;
    }
    if (this.sinkHoldsPieces) {
      this.sinkHoldsPieces = false;
      this.sink.releasePieces?.(this.elementKept);
    }
    if (this.undecidedPieces.length > 0) {
      const pieces = this.undecidedPieces;
      this.undecidedPieces = [];
      if (this.elementKept) for (const piece of pieces) this.sink.element({ ...piece, key });
    }
    // Kept or dropped, only the element's end matters now (a kept one is still copied).
    this.skipping = this.elementOpen;
  }

  /**
   * The rest of an element once it is decided, from `from`: tracks only strings and nesting, in one
   * tight loop (the general loop's per-byte bookkeeping costs ~3x as much per byte). Returns the
   * index of the element's closing brace, left for the general loop to close, or `buf.length` when
   * the chunk ends first (the string and depth state carry over). The loop is `ElementSkipper`'s
   * (WebAssembly SIMD: 16 bytes classified at once).
   */
  private skipRest(buf: Buffer, from: number): number {
    const { skipper } = this;
    const at = skipper.skip(buf, from, this.depth);
    this.depth = skipper.depth;
    if (skipper.stop === SkipStop.ElementEnd) this.skipping = false;
    else if (skipper.stop === SkipStop.InString) {
      const escapePending = backslashesBefore(buf, at, skipper.content) % 2 === 1;
      return this.suspendInString(skipper.depth, escapePending, at);
    }
    return at;
  }

  /**
   * Between elements of a section with `elementScan`: hands the run of elements the addon finds to
   * the sink (kept ones whole, dropped ones counted) up to the next one this scanner must read, or
   * the chunk's end; returns where the loop goes on. A dropped element the chunk ends in is left
   * open, decided and being skipped, as `decide` and `skipRest` would have left it.
   */
  private scanNatively(buf: Buffer, from: number): number {
    const scan = this.elementScan!;
    let at: number;
    if (this.elementOpen) {
      // The chunk starts inside a dropped element (only then is one open here).
      at = scan.resume(buf, this.depth - 2, this.inString, this.escapePending);
      const resumed = scan.resumed;
      if (resumed === Resumed.LeftToScanner) return from;
      this.inString = false;
      this.escapePending = false;
      if (resumed === Resumed.StillOpen) return this.insideDropped(scan.open!, at);
      this.elementOpen = false;
      this.skipping = false;
      this.depth = 2;
    } else {
      at = scan.scan(buf, from);
    }
    this.takeScanned(buf, scan);
    while (scan.full) {
      at = scan.scan(buf, at);
      this.takeScanned(buf, scan);
    }
    const open = scan.open;
    if (open === undefined) return at;
    this.elementIndex++;
    this.sink.dropped?.(this.section!, 1);
    this.elementOpen = true;
    this.elementStart = -1;
    this.elementParts = [];
    this.elementBytes = 0;
    this.elementKey = undefined;
    this.elementDecided = true;
    this.elementKept = false;
    this.skipping = true;
    return this.insideDropped(open, at);
  }

  /** Where the addon left a dropped element at the chunk's end (`at`): its depth and string state. */
  private insideDropped(
    open: { depth: number; inString: boolean; escaped: boolean },
    at: number,
  ): number {
    this.depth = 2 + open.depth;
    if (open.inString) this.suspendInString(this.depth, open.escaped, at);
    return at;
  }

  /** The elements of one native call: the kept ones to the sink, in order, and the count of the others. */
  private takeScanned(buf: Buffer, scan: NativeElementScan): void {
    const section = this.section!;
    const first = this.elementIndex + 1;
    const { spans } = scan;
    for (let k = 0, at = 0; k < scan.kept; k++, at += SPAN_FIELDS) {
      const start = spans[at]!;
      const key = buf.toString("latin1", spans[at + 2], spans[at + 3]);
      const index = first + spans[at + 4]!;
      this.elementIndex = index;
      if (!this.sink.wants(section, key)) continue;
      this.sink.element({
        section,
        index,
        byteOffset: this.offset + start,
        bytes: buf.subarray(start, spans[at + 1]! + 1),
        key,
      });
    }
    this.elementIndex = first - 1 + scan.elements;
    if (scan.skipped > 0) this.sink.dropped?.(section, scan.skipped);
  }

  /** The chunk ended inside a string of a dropped element: the next chunk resumes it (`finishString`). */
  private suspendInString(depth: number, escapePending: boolean, chunkLength: number): number {
    this.depth = depth;
    this.inString = true;
    this.escapePending = escapePending;
    this.capture = Capture.None;
    return chunkLength;
  }

  private rootComma(i: number): void {
    if (this.rootExpect !== Expect.CommaOrEnd) throw this.error(i, "unexpected ','");
    this.rootExpect = Expect.Key;
  }

  /** A byte outside strings that is not structural: part of a number, true/false/null. */
  private scalarByte(buf: Buffer, i: number): void {
    if (this.depth === 1) {
      if (this.rootExpect !== Expect.Value) {
        throw this.error(i, `unexpected '${String.fromCharCode(buf[i]!)}'`);
      }
      this.rootExpect = Expect.CommaOrEnd;
      this.scalarParts = [];
      this.scalarStart = i;
    } else if (this.depth === 0) {
      const c = buf[i]!;
      // A UTF-8 byte-order mark, even when split across chunks.
      if (!this.started && this.offset + i < 3 && c === [0xef, 0xbb, 0xbf][this.offset + i]) return;
      throw this.error(
        i,
        this.finished
          ? "unexpected data after the root object"
          : "the root value must be an object",
      );
    } else if (this.depth === 3 && this.elementOpen && this.elemExpect === Expect.Value) {
      this.elemExpect = Expect.CommaOrEnd;
      if (this.elemKeyMatches && !this.elementDecided) {
        this.numberParts = [];
        this.numberStart = i;
      }
    }
  }

  private endRootScalar(buf: Buffer, i: number): void {
    const last = buf.subarray(Math.max(this.scalarStart, 0), i);
    const parts = this.scalarParts ?? [];
    const raw = (parts.length === 0 ? last : Buffer.concat([...parts, last])).toString("latin1");
    this.scalarParts = undefined;
    this.scalarStart = -1;
    this.sink.header(this.rootKey, raw);
  }

  private endElementNumber(buf: Buffer, i: number): void {
    const last = buf.subarray(Math.max(this.numberStart, 0), i);
    const parts = this.numberParts ?? [];
    const raw = (parts.length === 0 ? last : Buffer.concat([...parts, last])).toString("latin1");
    this.numberParts = undefined;
    this.numberStart = -1;
    this.decide(raw);
  }
}

/** Decodes JSON string escapes in captured text (rare in keys and codes, so only then). */
function decodeEscapes(text: string): string {
  if (!text.includes("\\")) return text;
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return text;
  }
}
