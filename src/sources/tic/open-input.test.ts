import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UpstreamError } from "../../errors.js";
import { openInputs } from "./open-input.js";

/** A `fetch` whose body is `chunks`, each after `gapMs`; `stallAfter` chunks, then nothing ever. */
function serving(chunks: readonly Uint8Array[], gapMs = 0, stallAfter?: number): typeof fetch {
  return () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (stallAfter !== undefined && sent >= stallAfter) return new Promise<void>(() => {});
        if (sent === chunks.length) {
          controller.close();
          return;
        }
        if (gapMs > 0) await sleep(gapMs);
        controller.enqueue(chunks[sent++]);
      },
    });
    return Promise.resolve(new Response(body, { status: 200 }));
  };
}

/** What a reader of the download gets: its chunks' sizes and bytes. */
async function download(
  fetcher: typeof fetch,
  idleTimeoutMs: number,
  cacheDir: string,
  holdMs = 0,
): Promise<{ sizes: number[]; bytes: Buffer }> {
  const [unit] = await openInputs("https://payer.example/in-network.json", {
    fetch: fetcher,
    cacheDir,
    download: { retries: 0, idleTimeoutMs },
  });
  const sizes: number[] = [];
  const parts: Buffer[] = [];
  await unit!.read(async (chunks) => {
    for await (const chunk of chunks) {
      sizes.push(chunk.length);
      parts.push(Buffer.from(chunk));
      if (holdMs > 0) await sleep(holdMs);
    }
  });
  return { sizes, bytes: Buffer.concat(parts) };
}

describe("downloads: gathered into blocks, guarded against a server that stops sending", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ratelens-open-input-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("hands on a megabyte at a time what came in small chunks, byte for byte", async () => {
    const text = `{"in_network":[${'{"billing_code":"64490"},'.repeat(120_000)}{}]}`;
    const whole = Buffer.from(text);
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < whole.length; at += 3_000) chunks.push(whole.subarray(at, at + 3_000));
    const got = await download(serving(chunks), 5_000, dir);
    expect(got.bytes.equals(whole)).toBe(true);
    // Chunks of every size, big ones among small: the same bytes in the same order.
    const mixed: Uint8Array[] = [];
    for (let at = 0, n = 0; at < whole.length; n++) {
      const size = [3_000, 300_000, 17, 70_000, 600_000, 1][n % 6]!;
      mixed.push(whole.subarray(at, at + size));
      at += size;
    }
    expect((await download(serving(mixed), 5_000, dir)).bytes.equals(whole)).toBe(true);
    expect(got.sizes.length).toBeLessThanOrEqual(Math.ceil(whole.length / (1 << 20)) + 1);
    expect(Math.max(...got.sizes)).toBeLessThanOrEqual(1 << 20);
  });

  it("fails a download that sends nothing for the idle time, naming it", async () => {
    const chunk = Buffer.from('{"in_network":[');
    const started = performance.now();
    const failure = await download(serving([chunk, chunk], 0, 1), 1_000, dir).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(UpstreamError);
    expect((failure as Error).message).toBe(
      "https://payer.example/in-network.json: no data for 1 s",
    );
    expect(performance.now() - started).toBeLessThan(4_000);
  });

  it("lets a slow download go on while bytes keep coming, and a reader hold a block past the idle time", async () => {
    const text = `{"in_network":[${'{"billing_code":"64490"},'.repeat(40)}{}]}`;
    const whole = Buffer.from(text);
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < whole.length; at += 100) chunks.push(whole.subarray(at, at + 100));
    // A chunk every 60 ms for about 0.7 s, against an idle time of 250 ms.
    const slow = await download(serving(chunks, 60), 250, dir);
    expect(slow.bytes.equals(whole)).toBe(true);
    // Big chunks go on as they come; the reader takes 300 ms over each, and once the blocks read
    // ahead fill up the download waits for it, which is not the server stalling.
    const big = Buffer.alloc(8 * 300_000, 0x20);
    const parts = Array.from({ length: 8 }, (_, n) => big.subarray(n * 300_000, (n + 1) * 300_000));
    const held = await download(serving(parts, 20), 150, dir, 300);
    expect(held.sizes).toEqual(parts.map((part) => part.length));
    expect(held.bytes.equals(big)).toBe(true);
  });
});
