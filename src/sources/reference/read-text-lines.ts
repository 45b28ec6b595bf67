import { pipeWithErrors } from "../pipe-with-errors.js";
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import type { Readable } from "node:stream";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { InputError } from "../../errors.js";

/** True when the file starts with the gzip magic bytes, whatever its name. */
async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** Bytes read so far: decompressed (`bytes`) and as stored (`rawBytes`); filled while reading. */
export interface ByteCount {
  bytes: number;
  rawBytes: number;
}

/**
 * Streams the lines of a text file, plain or gzip-compressed (recognised from its first bytes: CMS
 * and CDC files are often passed on as `.gz`, and the largest bundled files are stored that way).
 * The stream is closed when the caller stops early; a corrupt gzip becomes an `InputError`.
 */
export async function* readTextLines(file: string, count?: ByteCount): AsyncGenerator<string> {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  const input: Readable = (await isGzip(file))
    ? pipeWithErrors(raw, createGunzip({ chunkSize: 1 << 20 }))
    : raw;
  if (count !== undefined) {
    // Both are consumed by 'data' events (pipe, readline), so listening too changes nothing.
    raw.on("data", (chunk: string | Buffer) => {
      count.rawBytes += chunk.length;
    });
    // Decoded to text below: a chunk's UTF-8 length (once per 64 KiB chunk, cheap).
    input.on("data", (chunk: string | Buffer) => {
      count.bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
    });
  }
  input.setEncoding("utf8");
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) yield line;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === "string" && code.startsWith("Z_")) {
      throw new InputError(file, { byteOffset: raw.bytesRead }, "corrupt or truncated gzip data", {
        cause: error,
      });
    }
    throw error;
  } finally {
    lines.close();
    input.destroy();
    raw.destroy();
  }
}
