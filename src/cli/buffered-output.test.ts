import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { BufferedOutput } from "./buffered-output.js";

/** A sink that records each chunk written and can be made to apply backpressure. */
function sink(highWaterMark = 1 << 20, slow = false): { stream: Writable; chunks: Buffer[] } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      if (slow) setImmediate(done);
      else done();
    },
  });
  return { stream, chunks };
}

describe("BufferedOutput", () => {
  it("writes exactly the UTF-8 bytes of the text, multibyte characters across buffer ends included", async () => {
    const { stream, chunks } = sink(16, true);
    const out = new BufferedOutput(stream, 32);
    const pieces: string[] = [];
    for (let i = 0; i < 500; i++) {
      const piece = `${i}: é€😀 ${"x".repeat(i % 37)}\n`;
      pieces.push(piece);
      out.write(piece);
      await out.flush();
    }
    out.write("y".repeat(1000)); // longer than the buffer: written on its own
    pieces.push("y".repeat(1000));
    await out.flush(true);
    expect(Buffer.concat(chunks).toString("utf8")).toBe(pieces.join(""));
  });

  it("holds small output until it reaches the high-water mark or is forced", async () => {
    const { stream, chunks } = sink();
    const out = new BufferedOutput(stream, 64);
    out.write("short\n");
    await out.flush();
    expect(chunks).toHaveLength(0);
    out.write("z".repeat(70));
    await out.flush();
    expect(Buffer.concat(chunks).toString()).toBe(`short\n${"z".repeat(70)}`);
    out.write("tail\n");
    await out.flush(true);
    expect(Buffer.concat(chunks).toString()).toBe(`short\n${"z".repeat(70)}tail\n`);
  });
});
