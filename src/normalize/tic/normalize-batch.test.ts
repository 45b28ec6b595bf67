import { describe, expect, it } from "vitest";
import { newFileDictionaries, normalizeBatch } from "./normalize-batch.js";

describe("normalizeBatch", () => {
  it("refuses, with its size and path, an element longer than JavaScript can parse", () => {
    // The length is what is checked, before any decoding: no 512 MB buffer is needed.
    const result = normalizeBatch(
      {
        seq: 0,
        section: "out_of_network",
        bytes: new Uint8Array(16),
        ends: Int32Array.of(600_000_000),
        itemIndexes: Int32Array.of(7),
        fileOffsets: Float64Array.of(1234),
      },
      undefined,
      newFileDictionaries(),
    );
    expect(result.error).toEqual({
      byteOffset: 1234,
      jsonPath: "$.out_of_network[7]",
      problem: "this element is 600 MB of JSON, more than JavaScript can parse at once (~536 MB)",
    });
  });
});
