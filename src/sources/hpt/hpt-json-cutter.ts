/**
 * Cuts a hospital price-transparency JSON document into its parts without parsing it whole: the
 * root-level values (`hospital_name`, `license_information` … small) and one byte slice per element
 * of the big root arrays (`standard_charge_information`, `modifier_information`), each then parsed
 * alone by `JSON.parse`. Memory is bounded by the largest element, not the file.
 *
 * Written by hand for the same reason as the TiC scanner (`sources/tic/json-scanner.ts`): npm's
 * streaming JSON parsers build a token per value and run at tens of MB/s, and `JSON.parse` cannot
 * take a file past V8's string limit. This one tracks only strings, escapes and depth.
 */

/** Root arrays cut into elements. */
export const HPT_SECTIONS: ReadonlySet<string> = new Set([
  "standard_charge_information",
  "modifier_information",
]);

/** A part of the document, with the byte offset where it starts. */
export type JsonPart =
  | { kind: "root"; key: string; bytes: Buffer; byteOffset: number }
  | { kind: "element"; section: string; index: number; bytes: Buffer; byteOffset: number };

/** A structural problem (not an object, truncated, text after the end). */
export class JsonCutError extends Error {
  constructor(
    readonly byteOffset: number,
    readonly problem: string,
  ) {
    super(`${problem} (byte ${byteOffset})`);
  }
}

const QUOTE = 0x22;
const BOM = [0xef, 0xbb, 0xbf];
const BACKSLASH = 0x5c;

type RootState = "start" | "key" | "colon" | "value" | "in-value" | "after" | "done";

/** Push chunks in order, then `end()`; each call returns the parts completed in that chunk. */
export class HptJsonCutter {
  private offset = 0;
  private depth = 0;
  private inString = false;
  private escape = false;
  private root: RootState = "start";
  private key = "";
  private keyParts: Buffer[] | null = null;
  private keyStart = -1;
  private section: string | null = null;
  private sectionState: "value" | "in-value" = "value";
  private elementIndex = -1;
  private captureParts: Buffer[] | null = null;
  private captureStart = -1;
  private captureOffset = 0;
  /** BOM bytes seen so far at the start; -1 once past it (or when there is none). */
  private bomMatched = 0;

  push(chunk: Buffer): JsonPart[] {
    const parts: JsonPart[] = [];
    let i = 0;
    // A UTF-8 byte-order mark may be split across chunks.
    while (this.bomMatched >= 0 && i < chunk.length) {
      if (chunk[i] !== BOM[this.bomMatched]) {
        this.bomMatched = -1;
        break;
      }
      i++;
      if (++this.bomMatched === BOM.length) this.bomMatched = -1;
    }
    for (; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (b === BACKSLASH) this.escape = true;
        else if (b === QUOTE) {
          this.inString = false;
          if (this.keyParts !== null) {
            this.keyParts.push(chunk.subarray(this.keyStart, i));
            this.key = Buffer.concat(this.keyParts).toString("utf8");
            this.keyParts = null;
            this.root = "colon";
          }
        }
        continue;
      }
      if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) continue;
      const at = this.offset + i;
      if (this.root === "start") {
        if (b !== 0x7b) throw new JsonCutError(at, "the document is not a JSON object");
        this.depth = 1;
        this.root = "key";
        continue;
      }
      if (this.root === "done") {
        throw new JsonCutError(at, "text after the end of the JSON document");
      }
      if (this.depth === 1 && this.root === "value") {
        if (HPT_SECTIONS.has(this.key) && b === 0x5b) {
          this.section = this.key;
          this.sectionState = "value";
          this.elementIndex = -1;
          this.depth = 2;
          this.root = "in-value";
          continue;
        }
        this.startCapture(i, at);
        this.root = "in-value";
      } else if (
        this.depth === 2 &&
        this.section !== null &&
        this.sectionState === "value" &&
        b !== 0x5d
      ) {
        this.startCapture(i, at);
        this.sectionState = "in-value";
        this.elementIndex++;
      }
      if (b === QUOTE) {
        this.inString = true;
        if (this.depth === 1 && this.root === "key") {
          this.keyParts = [];
          this.keyStart = i + 1;
        }
      } else if (b === 0x7b || b === 0x5b) {
        this.depth++;
      } else if (b === 0x7d || b === 0x5d) {
        if (this.depth === 2 && this.section !== null && b === 0x5d) {
          if (this.sectionState === "in-value") parts.push(this.endElement(chunk, i));
          this.section = null;
          this.depth = 1;
          this.root = "after";
        } else if (this.depth === 1) {
          if (b !== 0x7d) throw new JsonCutError(at, "unbalanced brackets");
          if (this.root === "in-value") parts.push(this.endRoot(chunk, i));
          this.depth = 0;
          this.root = "done";
        } else {
          this.depth--;
        }
      } else if (b === 0x2c) {
        if (this.depth === 1) {
          if (this.root === "in-value") parts.push(this.endRoot(chunk, i));
          this.root = "key";
        } else if (this.depth === 2 && this.section !== null && this.sectionState === "in-value") {
          parts.push(this.endElement(chunk, i));
          this.sectionState = "value";
        }
      } else if (b === 0x3a && this.depth === 1 && this.root === "colon") {
        this.root = "value";
      }
    }
    if (this.keyParts !== null) {
      this.keyParts.push(chunk.subarray(this.keyStart));
      this.keyStart = 0;
    }
    if (this.captureParts !== null) {
      this.captureParts.push(chunk.subarray(this.captureStart));
      this.captureStart = 0;
    }
    this.offset += chunk.length;
    return parts;
  }

  /** Throws if the document was empty or cut short. */
  end(): void {
    if (this.root === "start") throw new JsonCutError(this.offset, "the file is empty");
    if (this.root !== "done") {
      throw new JsonCutError(
        this.offset,
        "the JSON document is truncated (unclosed object or array)",
      );
    }
  }

  private startCapture(i: number, at: number): void {
    this.captureParts = [];
    this.captureStart = i;
    this.captureOffset = at;
  }

  private takeCapture(chunk: Buffer, end: number): Buffer {
    const parts = this.captureParts ?? [];
    parts.push(chunk.subarray(this.captureStart, end));
    this.captureParts = null;
    // Copy: the chunk's memory is reused by the stream.
    return Buffer.from(Buffer.concat(parts));
  }

  private endRoot(chunk: Buffer, end: number): JsonPart {
    return {
      kind: "root",
      key: this.key,
      byteOffset: this.captureOffset,
      bytes: this.takeCapture(chunk, end),
    };
  }

  private endElement(chunk: Buffer, end: number): JsonPart {
    return {
      kind: "element",
      section: this.section ?? "",
      index: this.elementIndex,
      byteOffset: this.captureOffset,
      bytes: this.takeCapture(chunk, end),
    };
  }
}
