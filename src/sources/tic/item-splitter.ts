import { backslashesBefore } from "./json-skip.js";

/** One piece of a split item: a valid JSON object of its own (see `ItemSplitter`). */
export interface ItemPiece {
  readonly bytes: Buffer;
  /** The index, in the whole item, of the piece's first negotiated rate. */
  readonly rateOffset: number;
  /** The last piece: the only one with the fields that follow `negotiated_rates`. */
  readonly last: boolean;
  /** Offset in the decompressed file of the piece's byte 0 (exact from its first rate on). */
  readonly fileOffset: number;
  /** Offset in the file of the piece's first rate (of the item, when it comes whole). */
  readonly ratesOffset: number;
}

const QUOTE = 0x22;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;
const RATES_KEY = Buffer.from('"negotiated_rates"');
const CLOSE_PIECE = Buffer.from("]}");

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

const enum Phase {
  /** Before the `negotiated_rates` array opens: the item's opening fields. */
  Opening,
  /** Inside the array: rates, cut into pieces at rate boundaries. */
  Rates,
  /** After the array: the item's closing fields, kept for the last piece. */
  Closing,
}

/**
 * Cuts one `in_network` item, as its bytes stream in, into pieces that are items of their own: the
 * item's fields up to `"negotiated_rates": [`, some of its rates, and `]}`. The last piece has the
 * rest of the rates and the fields after the array. National payers' files hold items of hundreds
 * of megabytes (one code, every provider's rate): a whole item parsed at once takes ~7 bytes of
 * memory per byte of JSON, and fails past V8's ~512 MB string limit; pieces of a few megabytes
 * parse in bounded memory. Written by hand: it only tracks strings, depth and the item-level key,
 * and runs on the few items that need it.
 *
 * An item without a `negotiated_rates` array comes out whole at its end, as if it were not split.
 * It does not validate: a piece is checked by `JSON.parse` and the normaliser like any item. The
 * bytes pushed are copied as they come into the piece being made (after a copy of the opening
 * fields), so they may be views into chunks whose memory is reused, and each byte is copied once;
 * each piece is a buffer of its own.
 */
export class ItemSplitter {
  private phase = Phase.Opening;
  /** Item-relative depth: 1 inside the item object, 2 inside the rates array. */
  private depth = 0;
  private inString = false;
  private escapePending = false;
  /** The item-level string being read while opening (a key, or a value), as far as it goes. */
  private keyStart = -1;
  private keyHead: Buffer | undefined;
  /** The last item-level token was the key `"negotiated_rates"` (then its colon). */
  private afterRatesKey = false;
  /** Between pieces: separators (a comma, whitespace) before the next rate are dropped. */
  private betweenRates = false;
  /** The piece being made: the opening fields (`prefix` bytes, once known), then the held bytes. */
  private piece: Buffer;
  private prefix = 0;
  private heldBytes = 0;
  /** File offset of the first byte held. */
  private heldFileOffset: number;
  /** The opening fields, `{ … "negotiated_rates": [`. */
  private opening: Buffer | undefined;
  private rateOffset = 0;
  private ratesHeld = 0;
  /** File offset of the chunk being scanned. */
  private chunkOffset: number;

  constructor(
    elementOffset: number,
    private readonly pieceBytes: number,
    private readonly emit: (piece: ItemPiece) => void,
  ) {
    this.heldFileOffset = elementOffset;
    this.chunkOffset = elementOffset;
    this.piece = Buffer.allocUnsafeSlow(pieceBytes + (pieceBytes >> 2));
  }

  /** The next bytes of the item (not its last: see `end`). */
  push(bytes: Buffer): void {
    this.scan(bytes);
  }

  /** The item's last bytes, up to and including its closing brace: emits the last piece. */
  end(bytes: Buffer): void {
    this.scan(bytes);
    // Without a rates array nothing was taken: the held bytes start at the item's first byte.
    this.emit({
      bytes: this.piece.subarray(0, this.prefix + this.heldBytes),
      rateOffset: this.rateOffset,
      last: true,
      fileOffset: this.ratesFileOffset(),
      ratesOffset: this.heldFileOffset,
    });
    this.heldBytes = 0;
  }

  /** The file offset a piece's byte 0 stands for: its rates' first byte minus the opening. */
  private ratesFileOffset(): number {
    return this.heldFileOffset - (this.opening?.length ?? 0);
  }

  private scan(bytes: Buffer): void {
    const n = bytes.length;
    let from = 0;
    let i = 0;
    if (this.inString) i = this.finishString(bytes, 0) + 1;
    for (; i < n; i++) {
      const c = bytes[i]!;
      if (this.betweenRates) {
        if (c === COMMA || isSpace(c)) {
          from = i + 1;
          continue;
        }
        this.betweenRates = false;
      }
      if (c === QUOTE) {
        this.inString = true;
        if (this.depth === 1 && this.phase === Phase.Opening) {
          this.afterRatesKey = false;
          this.keyStart = i;
        }
        i = this.finishString(bytes, i + 1);
        continue;
      }
      if (this.depth === 1 && this.phase === Phase.Opening) {
        if (c === LBRACKET && this.afterRatesKey) {
          this.hold(bytes, from, i + 1);
          from = i + 1;
          this.opening = Buffer.from(this.piece.subarray(0, this.heldBytes));
          this.prefix = this.heldBytes; // the opening stays at the start of every piece
          this.heldBytes = 0;
          this.heldFileOffset = this.chunkOffset + from;
          this.phase = Phase.Rates;
          this.depth = 2;
          continue;
        }
        if (c !== COLON && !isSpace(c)) this.afterRatesKey = false;
      }
      if (c === LBRACE || c === LBRACKET) {
        this.depth++;
      } else if (c === RBRACE || c === RBRACKET) {
        this.depth--;
        if (this.phase !== Phase.Rates) continue;
        if (this.depth === 2) {
          this.ratesHeld++;
          if (this.heldBytes + (i + 1 - from) >= this.pieceBytes) {
            this.hold(bytes, from, i + 1);
            from = i + 1;
            this.emitPiece();
          }
        } else if (this.depth === 1) {
          this.phase = Phase.Closing; // the rates array closed: the item's closing fields follow
        }
      }
    }
    this.hold(bytes, from, n);
    this.chunkOffset += n;
  }

  /** Emits the held rates (complete ones: called at a rate's closing brace) as a piece. */
  private emitPiece(): void {
    const fileOffset = this.ratesFileOffset();
    const ratesOffset = this.heldFileOffset;
    this.ensure(CLOSE_PIECE.length);
    CLOSE_PIECE.copy(this.piece, this.prefix + this.heldBytes);
    const bytes = this.piece.subarray(0, this.prefix + this.heldBytes + CLOSE_PIECE.length);
    // The next piece in memory of its own, after the opening fields.
    this.piece = Buffer.allocUnsafeSlow(this.piece.length);
    this.opening!.copy(this.piece);
    this.heldBytes = 0;
    this.emit({
      bytes,
      rateOffset: this.rateOffset,
      last: false,
      fileOffset,
      ratesOffset,
    });
    this.rateOffset += this.ratesHeld;
    this.ratesHeld = 0;
    this.betweenRates = true;
  }

  /** Finds the end of the open string from `from`; returns its index, or the last index if it goes on. */
  private finishString(bytes: Buffer, from: number): number {
    let start = from;
    if (this.escapePending) {
      this.escapePending = false;
      start++;
    }
    let p = start;
    for (;;) {
      const j = bytes.indexOf(QUOTE, p);
      if (j < 0) {
        this.escapePending = backslashesBefore(bytes, bytes.length, start) % 2 === 1;
        if (this.keyStart >= 0 || this.keyHead !== undefined) this.keepKeyHead(bytes, bytes.length);
        return bytes.length - 1;
      }
      if (backslashesBefore(bytes, j, start) % 2 === 0) {
        this.inString = false;
        if (this.keyStart >= 0 || this.keyHead !== undefined) this.keyDone(bytes, j + 1);
        return j;
      }
      p = j + 1;
    }
  }

  /** An item-level string goes on into the next chunk: keep its head (only a short one can match). */
  private keepKeyHead(bytes: Buffer, end: number): void {
    const part = bytes.subarray(Math.max(this.keyStart, 0), end);
    const head = this.keyHead === undefined ? part : Buffer.concat([this.keyHead, part]);
    this.keyHead = head.length <= RATES_KEY.length ? Buffer.from(head) : Buffer.alloc(0);
    this.keyStart = -1;
  }

  private keyDone(bytes: Buffer, end: number): void {
    const part = bytes.subarray(Math.max(this.keyStart, 0), end);
    const text = this.keyHead === undefined ? part : Buffer.concat([this.keyHead, part]);
    this.afterRatesKey = text.equals(RATES_KEY);
    this.keyStart = -1;
    this.keyHead = undefined;
  }

  private hold(bytes: Buffer, start: number, end: number): void {
    if (end <= start) return;
    if (this.heldBytes === 0) this.heldFileOffset = this.chunkOffset + start;
    this.ensure(end - start);
    bytes.copy(this.piece, this.prefix + this.heldBytes, start, end);
    this.heldBytes += end - start;
  }

  /** Room in the piece for `more` bytes after those held. */
  private ensure(more: number): void {
    const needed = this.prefix + this.heldBytes + more;
    if (needed <= this.piece.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(needed, 2 * this.piece.length));
    this.piece.copy(grown, 0, 0, this.prefix + this.heldBytes);
    this.piece = grown;
  }
}
