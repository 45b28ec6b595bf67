import { InputError } from "../../errors.js";

/**
 * X12 interchange tokenizer. We hand-parse rather than depend on npm `node-x12` or `x12-parser`:
 * tokenizing X12 is small and fully specified by the ISA header (element separator at byte 3,
 * repetition separator ISA11, component separator ISA16, segment terminator right after it),
 * neither package knows the 837P loop structure we need anyway, and neither ships types for
 * our strict build; a dependency would add risk without removing the loop logic below.
 */

/** One segment: its id, its elements (index 0 is the id), its ordinal and where it starts. */
export interface X12Segment {
  readonly id: string;
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

/** Reads the delimiters from the fixed-width ISA segment. */
export function readDelimiters(text: string, file: string): X12Delimiters {
  const start = text.indexOf("ISA");
  if (start < 0 || text.length < start + 106) throw new InputError(file, { byteOffset: 0 }, "not an X12 interchange: no complete ISA segment");
  const isa = text.slice(start, start + 106);
  const element = isa[3]!;
  const fields = isa.split(element);
  // ISA has 16 elements after the id; ISA16 is one character: the component separator.
  if (fields.length < 17 || fields[16]!.length < 1) throw new InputError(file, { byteOffset: start }, "the ISA segment is not 106 characters with 16 elements");
  return { element, repetition: fields[11]!, component: fields[16]![0]!, segment: isa[105]! };
}

/** Splits an interchange into segments, tracking line and byte offset for messages. */
export function splitSegments(text: string, file: string): { delimiters: X12Delimiters; segments: X12Segment[] } {
  const delimiters = readDelimiters(text, file);
  const segments: X12Segment[] = [];
  let offset = 0;
  let line = 1;
  let index = 0;
  // Byte offsets are kept incrementally: measuring the whole prefix per segment is quadratic.
  let bytes = 0;
  while (offset < text.length) {
    const end = text.indexOf(delimiters.segment, offset);
    const raw = text.slice(offset, end < 0 ? text.length : end);
    const leading = raw.length - raw.trimStart().length;
    const body = raw.trim();
    const startLine = line + countNewlines(raw.slice(0, leading));
    if (body.length > 0) {
      index++;
      const elements = body.split(delimiters.element);
      segments.push({ id: elements[0]!, elements, index, line: startLine, byteOffset: bytes + Buffer.byteLength(raw.slice(0, leading)) });
    }
    line += countNewlines(raw) + (delimiters.segment === "\n" ? 1 : 0);
    bytes += Buffer.byteLength(raw) + (end < 0 ? 0 : Buffer.byteLength(delimiters.segment));
    if (end < 0) break;
    offset = end + 1;
  }
  return { delimiters, segments };
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

/** An `InputError` pointing at one segment (and element, when given). */
export function segmentError(file: string, segment: X12Segment, problem: string, element?: number): InputError {
  const where = element === undefined ? `segment ${segment.index} (${segment.id})` : `segment ${segment.index} (${segment.id}${String(element).padStart(2, "0")})`;
  return new InputError(file, { line: segment.line, byteOffset: segment.byteOffset, jsonPath: where }, problem);
}
