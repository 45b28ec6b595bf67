import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../errors.js";
import { readTextLines } from "./read-text-lines.js";

async function collect(file: string): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of readTextLines(file)) lines.push(line);
  return lines;
}

describe("readTextLines", () => {
  const dir = mkdtempSync(join(tmpdir(), "ratelens-lines-"));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const text = "code,title\r\nM47.812,Spondylosis\nM54.2,Cervicalgia\n";

  it("reads plain and gzip files alike, whatever the name", async () => {
    writeFileSync(join(dir, "plain.csv"), text);
    writeFileSync(join(dir, "packed.csv"), gzipSync(text));
    const expected = ["code,title", "M47.812,Spondylosis", "M54.2,Cervicalgia"];
    expect(await collect(join(dir, "plain.csv"))).toEqual(expected);
    expect(await collect(join(dir, "packed.csv"))).toEqual(expected);
  });

  it("names the file when the gzip data is truncated", async () => {
    const whole = gzipSync(text.repeat(2000));
    writeFileSync(join(dir, "truncated.csv.gz"), whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(collect(join(dir, "truncated.csv.gz"))).rejects.toBeInstanceOf(InputError);
    await expect(collect(join(dir, "truncated.csv.gz"))).rejects.toThrow(
      /truncated\.csv\.gz \(byte \d+\): corrupt or truncated gzip data/,
    );
  });
});
