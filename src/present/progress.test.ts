import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { Progress } from "./progress.js";

function capture(): { out: PassThrough; text: () => string } {
  const out = new PassThrough();
  let text = "";
  out.on("data", (chunk: Buffer) => (text += chunk.toString()));
  return { out, text: () => text };
}

describe("Progress", () => {
  it("progress of a gzip input: uncompressed bytes shown, percentage and a meaningful ETA from the compressed position", async () => {
    const { out, text } = capture();
    const progress = new Progress(out, true, {
      label: "payer.json.gz",
      totalBytes: 100_000_000,
      itemsLabel: "items",
    });
    await new Promise((resolve) => setTimeout(resolve, 700));
    // A quarter of the compressed bytes read, which inflated to 1.25 GB.
    progress.update({ bytes: 1_250_000_000, rawBytes: 25_000_000, items: 10 });
    const line = text();
    expect(line).toMatch(/25\.0%/);
    expect(line).toMatch(/1\.3 GB of ~5\.0 GB/);
    const eta = Number(/ETA (\d+) s/.exec(line)?.[1]);
    // Three quarters left: about 3 × the 0.7 s so far, not "0 s" as when counted in inflated bytes.
    expect(eta).toBeGreaterThanOrEqual(2);
    expect(eta).toBeLessThan(10);
  });

  it("off a terminal: nothing until the one summary line", () => {
    const { out, text } = capture();
    const progress = new Progress(out, false, { label: "file.json", totalBytes: 10 });
    progress.update({ bytes: 5 });
    expect(text()).toBe("");
    progress.finish({ bytes: 10 }, "(done)");
    expect(text()).toMatch(/^file\.json {2}10 B .* in \d+\.\d s \(done\)\n$/);
  });
});
