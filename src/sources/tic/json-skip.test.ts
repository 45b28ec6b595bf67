import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { wasmModuleSource } from "../../../bench/wasm-module-source.js";
import { ElementSkipper, SkipStop } from "./json-skip.js";

const WAT = new URL("./json-skip.wat", import.meta.url);
const GENERATED = new URL("./json-skip-wasm.ts", import.meta.url);

interface Outcome {
  at: number;
  stop: SkipStop;
  depth: number;
  content?: number;
}

function run(skipper: ElementSkipper, bytes: Buffer, from: number, depth: number): Outcome {
  skipper.newChunk();
  const at = skipper.skip(bytes, from, depth);
  const outcome: Outcome = { at, stop: skipper.stop, depth: skipper.depth };
  if (skipper.stop === SkipStop.InString) outcome.content = skipper.content;
  return outcome;
}

const both = (text: string, from = 0, depth = 3): [Outcome, Outcome] => {
  const bytes = Buffer.from(text);
  return [
    run(new ElementSkipper(true), bytes, from, depth),
    run(new ElementSkipper(false), bytes, from, depth),
  ];
};

describe("ElementSkipper", () => {
  it("json-skip-wasm.ts holds the bytes json-skip.wat assembles to (npm run build:wasm)", async () => {
    const source = await wasmModuleSource("json-skip.wat", readFileSync(WAT, "utf8"));
    expect(readFileSync(GENERATED, "utf8")).toBe(source);
  });

  it("stops at the bracket closing depth 3, past brackets and quotes inside strings", () => {
    const text = `"a":"x}]\\"{[","b":[{"c":"]"}],"d":{"e":[1,2]}}, {"next":1}`;
    const [simd, js] = both(text);
    expect(simd).toEqual({ at: text.indexOf("}, {"), stop: SkipStop.ElementEnd, depth: 3 });
    expect(js).toEqual(simd);
  });

  it("says where a string cut by the chunk's end starts, at every length around a 16-byte block", () => {
    for (let pad = 0; pad < 40; pad++) {
      const text = `${"1,".repeat(pad)}"abc\\`;
      const [simd, js] = both(text, 0, 4);
      expect(simd).toEqual({
        at: text.length,
        stop: SkipStop.InString,
        depth: 4,
        content: text.indexOf('"') + 1,
      });
      expect(js).toEqual(simd);
    }
  });

  it("counts the depth it ends at when the chunk ends outside a string", () => {
    const [simd, js] = both(`[[{"a":"b"`, 0, 3);
    expect(simd).toEqual({ at: 10, stop: SkipStop.ChunkEnd, depth: 6 });
    expect(js).toEqual(simd);
  });

  it("agrees with the JavaScript loop on any bytes, from any start and depth", () => {
    // Quotes, backslashes and brackets dense enough that every path (strings closing inside and
    // across blocks, escapes at block ends, the chunk's last partial block) is taken.
    const alphabet = fc.constantFrom(...'"\\{}[]a1,:\u00e9 '.split(""));
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 120 }),
        fc.nat(),
        fc.integer({ min: 3, max: 8 }),
        (chars, start, depth) => {
          const text = chars.join("");
          const bytes = Buffer.from(text);
          const from = bytes.length === 0 ? 0 : start % bytes.length;
          const simd = run(new ElementSkipper(true), bytes, from, depth);
          const js = run(new ElementSkipper(false), bytes, from, depth);
          expect(simd).toEqual(js);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("re-copies its chunk when another skipper used the WebAssembly memory in between", () => {
    const first = Buffer.from(`"a":[1,2,3], "b":"}"}`);
    const second = Buffer.from(`{{{{{{{{{{{{{{{{{{{{{{{{`);
    const a = new ElementSkipper(true);
    const b = new ElementSkipper(true);
    a.newChunk();
    b.newChunk();
    expect(a.skip(first, 0, 4)).toBe(first.length); // to depth 4 at the end: the chunk ends
    expect(b.skip(second, 0, 3)).toBe(second.length);
    expect(a.skip(first, 11, 3)).toBe(first.length - 1);
    expect(a.stop).toBe(SkipStop.ElementEnd);
  });
});
