import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HptJsonCutter, JsonCutError, type JsonPart } from "./hpt-json-cutter.js";

const EXAMPLE = join(import.meta.dirname, "fixtures/examples/v3.0.json");

function cut(bytes: Buffer, chunkSize: number): JsonPart[] {
  const cutter = new HptJsonCutter();
  const parts: JsonPart[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) {
    parts.push(...cutter.push(bytes.subarray(i, i + chunkSize)));
  }
  cutter.end();
  return parts;
}

/** Rebuilds the document from its parts, for comparison with JSON.parse of the whole. */
function rebuild(parts: readonly JsonPart[]): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  for (const part of parts) {
    const value = JSON.parse(part.bytes.toString("utf8")) as unknown;
    if (part.kind === "root") doc[part.key] = value;
    else ((doc[part.section] ??= []) as unknown[])[part.index] = value;
  }
  return doc;
}

describe("HptJsonCutter", () => {
  it("gives the same document whatever the chunk boundaries (1 byte to whole file)", () => {
    const bytes = readFileSync(EXAMPLE);
    const whole = JSON.parse(bytes.toString("utf8")) as Record<string, unknown>;
    for (const size of [1, 2, 3, 7, 64, 1000, bytes.length]) {
      const parts = cut(bytes, size);
      expect(rebuild(parts)).toEqual(whole);
      expect(
        parts.filter((p) => p.kind === "element" && p.section === "standard_charge_information"),
      ).toHaveLength((whole.standard_charge_information as unknown[]).length);
    }
  });

  it("handles escaped quotes, brackets inside strings, a BOM and byte offsets", () => {
    const text =
      '\uFEFF{"hospital_name":"A \\"quoted\\" [name] {x}","standard_charge_information":[{"description":"b]}\\\\"},{"n":[1,{"m":2}]}],"version":"3.0.0"}';
    const bytes = Buffer.from(text, "utf8");
    for (const size of [1, 5, bytes.length]) {
      const parts = cut(bytes, size);
      expect(rebuild(parts)).toEqual(JSON.parse(text.slice(1)));
      const second = parts.find((p) => p.kind === "element" && p.index === 1)!;
      expect(bytes.subarray(second.byteOffset, second.byteOffset + 3).toString()).toBe('{"n');
    }
  });

  it("reports what is not a JSON object, a truncated document and text after the end", () => {
    expect(() => cut(Buffer.from("[1,2]"), 10)).toThrow(JsonCutError);
    expect(() => cut(Buffer.from('{"standard_charge_information":[{"a":1}'), 4)).toThrow(
      /truncated/,
    );
    expect(() => cut(Buffer.from('{"a":1} x'), 4)).toThrow(/after the end/);
    expect(() => cut(Buffer.from("  "), 4)).toThrow(/empty/);
  });
});
