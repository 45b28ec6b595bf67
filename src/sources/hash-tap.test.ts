import { createHash } from "node:crypto";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import { HashTap } from "./hash-tap.js";

describe("HashTap", () => {
  it("passes the bytes through unchanged while counting and hashing them", async () => {
    const chunks = [
      Buffer.from('{"version":'),
      Buffer.from('"2.0.0"}'),
      Buffer.alloc(70_000, 0x20),
    ];
    const seen: number[] = [];
    let digest = "";
    const tap = new HashTap({
      onBytes: (total) => seen.push(total),
      onDigest: (sha) => (digest = sha),
    });
    const out: Buffer[] = [];
    await pipeline(
      Readable.from(chunks),
      tap,
      new Writable({
        write: (chunk: Buffer, _encoding, done) => {
          out.push(chunk);
          done();
        },
      }),
    );
    const whole = Buffer.concat(chunks);
    expect(Buffer.concat(out).equals(whole)).toBe(true);
    expect(tap.bytes).toBe(whole.length);
    expect(seen.at(-1)).toBe(whole.length);
    expect(tap.sha256).toBe(createHash("sha256").update(whole).digest("hex"));
    expect(digest).toBe(tap.sha256);
  });
});
