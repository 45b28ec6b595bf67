import fc from "fast-check";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { nativeGunzip } from "./native-gunzip.js";

// CI builds the addon with ISA-L and requires it (`.ci/run` installs libisal-dev); elsewhere these
// comparisons say why they do not run.
const gunzip = nativeGunzip();
if (gunzip === undefined && process.env.RATELENS_REQUIRE_NATIVE === "1") {
  throw new Error("RATELENS_REQUIRE_NATIVE=1 but the addon was built without ISA-L");
}
const describeNative = gunzip === undefined ? describe.skip : describe;

interface Outcome {
  bytes: Buffer;
  code: string | undefined;
  message: string | undefined;
}

/** Runs `bytes`, cut at `cuts`, through a gunzip transform: what came out, and how it failed. */
async function inflate(
  transform: NodeJS.ReadWriteStream | ((source: AsyncIterable<Buffer>) => AsyncGenerator<Buffer>),
  bytes: Buffer,
  cuts: readonly number[],
): Promise<Outcome> {
  const chunks: Buffer[] = [];
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut > at && cut < bytes.length) {
      chunks.push(bytes.subarray(at, cut));
      at = cut;
    }
  }
  chunks.push(bytes.subarray(at));
  const out: Buffer[] = [];
  try {
    await pipeline(Readable.from(chunks), transform, async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) out.push(Buffer.from(chunk));
    });
    return { bytes: Buffer.concat(out), code: undefined, message: undefined };
  } catch (error) {
    const failure = error as { code?: string; message?: string };
    return { bytes: Buffer.concat(out), code: failure.code, message: failure.message };
  }
}

const member = (text: string, level = 6): Buffer => gzipSync(Buffer.from(text), { level });

describeNative("the native gunzip", () => {
  it("reads gzip as Node's gunzip does: members, padding, garbage, truncation, checksums", async () => {
    const corruptCrc = member("abcdef");
    corruptCrc[corruptCrc.length - 6]! ^= 1;
    const cases: Record<string, Buffer> = {
      "one member": member("ab"),
      "two members": Buffer.concat([member("ab"), member("cd")]),
      "zero bytes after": Buffer.concat([member("ab"), Buffer.alloc(10)]),
      "zeros then garbage": Buffer.concat([member("ab"), Buffer.from([0, 0, 7, 7])]),
      "garbage after": Buffer.concat([member("ab"), Buffer.from("xyz")]),
      "a truncated second member": Buffer.concat([member("ab"), member("cd").subarray(0, 8)]),
      "a truncated trailer": member("abc").subarray(0, member("abc").length - 3),
      "a header only": member("ab").subarray(0, 10),
      "a corrupt checksum": corruptCrc,
      "an unknown method": Buffer.from([0x1f, 0x8b, 9, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]),
    };
    for (const [name, bytes] of Object.entries(cases)) {
      for (const cuts of [[], [1], [3, 11, 12]]) {
        const node = await inflate(createGunzip(), bytes, cuts);
        const native = await inflate(gunzip!, bytes, cuts);
        expect({ name, code: native.code, message: native.message }).toEqual({
          name,
          code: node.code,
          message: node.message,
        });
        if (node.code === undefined) expect(native.bytes.equals(node.bytes)).toBe(true);
      }
    }
  });

  it("inflates any document the same as Node, wherever chunks end, and fails where Node fails", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.oneof(fc.string({ maxLength: 3000 }), fc.constant('{"a":[1,2,3]},'.repeat(2000))),
            fc.integer({ min: 1, max: 9 }),
          ),
          { minLength: 1, maxLength: 3 },
        ),
        fc.array(fc.nat({ max: 40_000 }), { maxLength: 8 }),
        fc.constantFrom("whole", "truncated", "corrupt", "padded"),
        fc.nat(),
        async (members, cuts, damage, where) => {
          let bytes = Buffer.concat(members.map(([text, level]) => member(text, level)));
          if (damage === "truncated") bytes = bytes.subarray(0, where % bytes.length);
          if (damage === "padded") bytes = Buffer.concat([bytes, Buffer.alloc((where % 5) + 1)]);
          if (damage === "corrupt") {
            bytes = Buffer.from(bytes);
            // Past the first header: flags and reserved bits are read differently by each library.
            bytes[10 + (where % (bytes.length - 10))]! ^= 0x5a;
          }
          const node = await inflate(createGunzip(), bytes, cuts);
          const native = await inflate(gunzip!, bytes, cuts);
          if (damage === "corrupt") {
            expect(native.code === undefined).toBe(node.code === undefined);
          } else {
            expect(native.code).toBe(node.code);
          }
          if (node.code === undefined) expect(native.bytes.equals(node.bytes)).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });
});
