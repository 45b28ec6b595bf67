import { InputError } from "../../errors.js";

/**
 * X12 interchange tokenizer. We hand-parse rather than depend on npm `node-x12` or `x12-parser`:
 * tokenizing X12 is small and fully specified by the ISA header (element separator at byte 3,
 * repetition separator ISA11, component separator ISA16, segment terminator right after it),
 * neither package knows the 837 loop structure we need anyway, and neither ships types for
 * our strict build; a dependency would add risk without removing the loop logic.
 *
 * The reader is push-based over text chunks so a batch of a million claims is never held whole:
 * only the unfinished segment at the end of a chunk is carried over.
 */

/** Where a segment is: its id, its 1-based ordinal in the interchange, its line and first byte. */
export interface X12SegmentPosition {
  readonly id: string;
  /** 1-based position of the segment in the interchange. */
  readonly index: number;
  readonly line: number;
  readonly byteOffset: number;
}

/**
 * The segment being read: its position and its elements, read on demand. The reader reuses one
 * cursor for every segment and slices only the elements the parser asks for (a split per segment
 * was a third of the reading time and most of its garbage, docs/benchmarks.md); `position()`
 * copies what a caller keeps past the callback.
 */
export interface X12Segment extends X12SegmentPosition {
  /** Element `n` (0 is the id), "" when the segment has fewer. */
  element(n: number): string;
  /** How many elements, the id included. */
  readonly elementCount: number;
  position(): X12SegmentPosition;
}
/** The delimiters declared by an ISA header. */
export interface X12Delimiters {
  element: string;
  component: string;
  repetition: string;
  segment: string;
}

/** The ISA header is 106 characters; its last three are ISA16, the terminator, and (often) a newline. */
const ISA_LENGTH = 106;

/**
 * Reads the delimiters from the ISA segment at the start of `text` (after whitespace). Reads the
 * fixed-width header, and falls back to counting separators when the sender padded a field wrongly.
 * @throws InputError when there is no ISA header or its separators cannot be read: the envelope
 *   is unusable and no claim can be located.
 */
export function readDelimiters(
  text: string,
  file: string,
): { delimiters: X12Delimiters; start: number; width: number } {
  const start = text.length - text.trimStart().length;
  if (!text.startsWith("ISA", start)) {
    const where = /(^|[~\n'])\s*(GS|ST)[*|^]/.exec(text.slice(0, 4096));
    const hint = where
      ? `: X12 segments (${where[2]}) start at byte ${Buffer.byteLength(text.slice(0, where.index + where[1]!.length))} but the interchange header is missing`
      : "";
    throw new InputError(
      file,
      { byteOffset: start },
      `not a usable X12 interchange: no ISA header${hint}; the separators cannot be known without it`,
    );
  }
  const element = text[start + 3] ?? "";
  if (element === "" || /[0-9A-Za-z\s]/.test(element)) {
    throw new InputError(
      file,
      { byteOffset: start + 3 },
      `the ISA header's element separator "${element}" is not a punctuation character`,
    );
  }
  // Find the 16th element separator: ISA16 (one character) follows it, then the terminator.
  let at = start;
  for (let n = 0; n < 16; n++) {
    at = text.indexOf(element, at + 1);
    if (at < 0 || at - start > 200) {
      throw new InputError(
        file,
        { byteOffset: start },
        "the ISA header does not have 16 elements: the separators cannot be read",
      );
    }
  }
  const component = text[at + 1] ?? "";
  const segment = text[at + 2] ?? "";
  const fields = text.slice(start, at + 2).split(element);
  if (component === "" || segment === "" || /[0-9A-Za-z]/.test(segment)) {
    throw new InputError(
      file,
      { byteOffset: at + 1 },
      `the ISA header ends without a component separator and a segment terminator (ISA16 "${component}")`,
    );
  }
  return {
    delimiters: { element, repetition: fields[11] ?? "^", component, segment },
    start,
    width: at + 3 - start,
  };
}

/** The segment the reader is on: one object for all segments, its elements sliced on demand. */
class SegmentCursor implements X12Segment {
  id = "";
  index = 0;
  line = 1;
  byteOffset = 0;
  elementCount = 0;
  /** The text the segment is in (the current chunk). */
  text = "";
  /** `starts[k]`: where element k starts; `starts[elementCount]`: one past the segment's end + 1. */
  starts = new Int32Array(64);

  element(n: number): string {
    if (n < 0 || n >= this.elementCount) return "";
    return this.text.slice(this.starts[n], this.starts[n + 1]! - 1);
  }

  position(): X12SegmentPosition {
    return { id: this.id, index: this.index, line: this.line, byteOffset: this.byteOffset };
  }
}

/**
 * A number for a segment id of 2 or 3 characters (every X12 id is): the reader matches ids
 * without slicing a string for each segment.
 */
function idKey(text: string, from: number, to: number): number {
  const length = to - from;
  if (length < 2 || length > 3) return -1;
  let key = length;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) return -1;
    key = key * 128 + c;
  }
  return key;
}

/**
 * A pushed chunk-by-chunk segment splitter; calls `onSegment` for each complete segment whose id
 * is one of `wanted` (2–3 characters), and counts the others (ordinals, lines and bytes) without
 * reading them. The segment passed is reused for the next one: keep `segment.position()`.
 */
export class X12SegmentReader {
  delimiters: X12Delimiters | undefined;
  /** The ISA header's width when it is not the standard 106 characters (a warning for the caller). */
  isaWidth = ISA_LENGTH;
  private carry = "";
  private line = 1;
  /** Bytes of the input before the current text. */
  private bytes = 0;
  private index = 0;
  private ascii = true;
  private readonly cursor = new SegmentCursor();
  /** `idKey` of each wanted id → the id. */
  private readonly wantedIds = new Map<number, string>();

  constructor(
    private readonly file: string,
    wanted: ReadonlySet<string>,
    private readonly onSegment: (segment: X12Segment) => void,
    /** Bytes per UTF-16 code unit of the source (2 for UTF-16 files); 0 = measure as UTF-8. */
    private readonly unitBytes = 0,
    /** Bytes before the text (a byte-order mark). */
    leadingBytes = 0,
    /** Whether all text pushed so far is ASCII, when the caller knows (saves a scan per chunk). */
    private readonly asciiSoFar?: () => boolean,
  ) {
    this.bytes = leadingBytes;
    for (const id of wanted) this.wantedIds.set(idKey(id, 0, id.length), id);
  }

  push(chunk: string): void {
    if (this.ascii && this.unitBytes === 0) {
      this.ascii = this.asciiSoFar ? this.asciiSoFar() : isAscii(chunk);
    }
    if (!this.delimiters) {
      const text = this.carry + chunk;
      // Enough text to hold the header (or clearly not an interchange).
      if (text.trimStart().length < ISA_LENGTH + 2 && chunk !== "") {
        this.carry = text;
        return;
      }
      const { delimiters, start, width } = readDelimiters(text, this.file);
      this.delimiters = delimiters;
      this.isaWidth = width;
      for (let i = 0; i < start; i++) if (text.charCodeAt(i) === 10) this.line++;
      this.bytes += this.bytesOf(text, 0, start);
      this.carry = "";
      chunk = text.slice(start);
    }
    const terminator = this.delimiters.segment;
    const first = chunk.indexOf(terminator);
    if (first < 0) {
      this.carry += chunk;
      return;
    }
    // The segment cut by the chunk boundary is read from a small string of its own, the rest from
    // the chunk itself: a flat string, not a concatenation of carry and chunk.
    let from = 0;
    if (this.carry !== "") {
      const head = this.carry + chunk.slice(0, first + 1);
      this.carry = "";
      this.scan(head, 0, head.length);
      from = first + 1;
    }
    const last = chunk.lastIndexOf(terminator);
    if (last >= from) this.scan(chunk, from, last + 1);
    this.carry = chunk.slice(last + 1);
  }

  /** Flushes the last segment when the file does not end with a terminator. */
  end(): void {
    if (!this.delimiters) {
      if (this.carry.trim() === "") {
        throw new InputError(
          this.file,
          { byteOffset: 0 },
          "not a usable X12 interchange: the file is empty",
        );
      }
      // A short file: read its header now (or refuse it, located).
      this.push("");
    }
    if (this.carry.trim() !== "") this.scan(this.carry, 0, this.carry.length);
    this.carry = "";
  }

  /**
   * Reads the segments of `text[from, stop)` (`this.bytes` and `this.line` are where `from` is) in one pass over its characters: terminators, element
   * separators and line breaks; whitespace around a segment (line breaks) is not part of it.
   */
  private scan(text: string, from: number, stop: number): void {
    const terminatorChar = this.delimiters!.segment;
    const separatorChar = this.delimiters!.element;
    const terminator = terminatorChar.charCodeAt(0);
    const cursor = this.cursor;
    const unit = this.unitBytes > 0 ? this.unitBytes : this.ascii ? 1 : 0;
    // Without a fixed width per character (UTF-8 beyond ASCII), bytes are measured up to here.
    let measuredTo = from;
    let measuredBytes = this.bytes;
    // Lines are counted by position: `newline` is the next line break not yet counted.
    let line = this.line;
    let newline = text.indexOf("\n", from);
    if (newline < 0 || newline >= stop) newline = stop;
    let i = from;
    // indexOf for terminators and separators (vectorised in V8) rather than a loop per character.
    while (i < stop) {
      const c = text.charCodeAt(i);
      if (c <= 32 || c === terminator) {
        // Between segments (an empty segment, when the terminator is itself whitespace).
        i++;
        continue;
      }
      const lead = i;
      while (newline < lead) {
        line++;
        newline = text.indexOf("\n", newline + 1);
        if (newline < 0 || newline >= stop) newline = stop;
      }
      let next = text.indexOf(terminatorChar, lead);
      if (next < 0 || next > stop) next = stop;
      i = next + 1;
      let end = next;
      while (end > lead && text.charCodeAt(end - 1) <= 32) end--;
      this.index++;
      let at = text.indexOf(separatorChar, lead);
      const idEnd = at >= 0 && at < end ? at : end;
      const id = this.wantedIds.get(idKey(text, lead, idEnd));
      if (id === undefined) continue;
      let starts = cursor.starts;
      let count = 1;
      while (at >= 0 && at < end) {
        if (count + 1 >= starts.length) {
          const grown = new Int32Array(starts.length * 2);
          grown.set(starts);
          starts = cursor.starts = grown;
        }
        starts[count++] = at + 1;
        at = text.indexOf(separatorChar, at + 1);
      }
      starts[0] = lead;
      starts[count] = end + 1;
      cursor.id = id;
      cursor.index = this.index;
      cursor.line = line;
      if (unit > 0) cursor.byteOffset = this.bytes + (lead - from) * unit;
      else {
        measuredBytes += Buffer.byteLength(text.slice(measuredTo, lead));
        measuredTo = lead;
        cursor.byteOffset = measuredBytes;
      }
      cursor.elementCount = count;
      cursor.text = text;
      this.onSegment(cursor);
    }
    while (newline < stop) {
      line++;
      newline = text.indexOf("\n", newline + 1);
      if (newline < 0 || newline >= stop) newline = stop;
    }
    this.line = line;
    this.bytes =
      unit > 0
        ? this.bytes + (stop - from) * unit
        : measuredBytes + Buffer.byteLength(text.slice(measuredTo, stop));
  }

  /** Bytes of `text[from, to)` in the source's encoding. */
  private bytesOf(text: string, from: number, to: number): number {
    if (this.unitBytes > 0) return (to - from) * this.unitBytes;
    return this.ascii ? to - from : Buffer.byteLength(text.slice(from, to));
  }
}

function isAscii(text: string): boolean {
  // A regular-expression test is far faster than a character loop in V8 for long chunks.
  // eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL by definition
  return !/[^\u0000-\u007f]/u.test(text);
}

/** "segment 23 (SV104)": how messages name a segment and, when given, one of its elements. */
export function segmentPath(segment: X12SegmentPosition, element?: number): string {
  return element === undefined
    ? `segment ${segment.index} (${segment.id})`
    : `segment ${segment.index} (${segment.id}${String(element).padStart(2, "0")})`;
}

/** An `InputError` pointing at one segment (and element, when given): for envelope failures. */
export function segmentError(
  file: string,
  segment: X12SegmentPosition,
  problem: string,
  element?: number,
): InputError {
  return new InputError(
    file,
    { line: segment.line, byteOffset: segment.byteOffset, jsonPath: segmentPath(segment, element) },
    problem,
  );
}
