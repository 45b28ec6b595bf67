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

/** One segment: its id, its elements (index 0 is the id), its ordinal and where it starts. */
export interface X12Segment {
  readonly id: string;
  /** Split only for the segment ids the reader was asked for; `[id]` for the others. */
  readonly elements: readonly string[];
  /** 1-based position of the segment in the interchange. */
  readonly index: number;
  readonly line: number;
  readonly byteOffset: number;
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

/** A pushed chunk-by-chunk segment splitter; calls `onSegment` for each complete segment. */
export class X12SegmentReader {
  delimiters: X12Delimiters | undefined;
  /** The ISA header's width when it is not the standard 106 characters (a warning for the caller). */
  isaWidth = ISA_LENGTH;
  private carry = "";
  private line = 1;
  private bytes = 0;
  private index = 0;
  private ascii = true;

  constructor(
    private readonly file: string,
    private readonly wanted: ReadonlySet<string>,
    private readonly onSegment: (segment: X12Segment) => void,
    /** Bytes per UTF-16 code unit of the source (2 for UTF-16 files); 0 = measure as UTF-8. */
    private readonly unitBytes = 0,
    /** Bytes before the text (a byte-order mark). */
    leadingBytes = 0,
  ) {
    this.bytes = leadingBytes;
  }

  push(chunk: string): void {
    if (this.ascii && this.unitBytes === 0 && !isAscii(chunk)) this.ascii = false;
    let text = this.carry + chunk;
    if (!this.delimiters) {
      // Enough text to hold the header (or clearly not an interchange).
      if (text.trimStart().length < ISA_LENGTH + 2 && chunk !== "") {
        this.carry = text;
        return;
      }
      const { delimiters, start, width } = readDelimiters(text, this.file);
      this.delimiters = delimiters;
      this.isaWidth = width;
      this.advance(text.slice(0, start));
      text = text.slice(start);
    }
    const terminator = this.delimiters.segment;
    let offset = 0;
    for (
      let end = text.indexOf(terminator, offset);
      end >= 0;
      end = text.indexOf(terminator, offset)
    ) {
      // Positions, not a slice per segment: this runs ~18 times per claim (docs/benchmarks.md).
      this.emitRange(text, offset, end);
      this.advance(text, end, end + terminator.length);
      offset = end + terminator.length;
    }
    this.carry = text.slice(offset);
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
    if (this.carry.trim() !== "") this.emitRange(this.carry, 0, this.carry.length);
    this.carry = "";
  }

  /** Emits the segment in `text[from, to)`, surrounding whitespace (line breaks) not included. */
  private emitRange(text: string, from: number, to: number): void {
    let lead = from;
    while (lead < to && text.charCodeAt(lead) <= 32) lead++;
    if (lead === to) {
      this.advance(text, from, to);
      return;
    }
    this.advance(text, from, lead);
    const line = this.line;
    const byteOffset = this.bytes;
    let end = to;
    while (end > lead && text.charCodeAt(end - 1) <= 32) end--;
    this.advance(text, lead, to);
    const separator = this.delimiters!.element;
    const cut = text.indexOf(separator, lead);
    const id = cut < 0 || cut >= end ? text.slice(lead, end) : text.slice(lead, cut);
    this.index++;
    this.onSegment({
      id,
      elements: this.wanted.has(id) ? text.slice(lead, end).split(separator) : [id],
      index: this.index,
      line,
      byteOffset,
    });
  }

  /** Counts the lines and bytes of `text[from, to)` without copying it (this runs per segment). */
  private advance(text: string, from = 0, to = text.length): void {
    if (to <= from) return;
    // Short ranges (a segment's trailing line break) are scanned directly; indexOf for long ones.
    if (to - from <= 4) {
      for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) this.line++;
    } else {
      for (let i = text.indexOf("\n", from); i >= 0 && i < to; i = text.indexOf("\n", i + 1)) {
        this.line++;
      }
    }
    const units = to - from;
    this.bytes +=
      this.unitBytes > 0
        ? units * this.unitBytes
        : this.ascii
          ? units
          : Buffer.byteLength(from === 0 && to === text.length ? text : text.slice(from, to));
  }
}

function isAscii(text: string): boolean {
  // A regular-expression test is far faster than a character loop in V8 for long chunks.
  // eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL by definition
  return !/[^\u0000-\u007f]/u.test(text);
}

/** "segment 23 (SV104)": how messages name a segment and, when given, one of its elements. */
export function segmentPath(segment: X12Segment, element?: number): string {
  return element === undefined
    ? `segment ${segment.index} (${segment.id})`
    : `segment ${segment.index} (${segment.id}${String(element).padStart(2, "0")})`;
}

/** An `InputError` pointing at one segment (and element, when given): for envelope failures. */
export function segmentError(
  file: string,
  segment: X12Segment,
  problem: string,
  element?: number,
): InputError {
  return new InputError(
    file,
    { line: segment.line, byteOffset: segment.byteOffset, jsonPath: segmentPath(segment, element) },
    problem,
  );
}
