import { Readable } from "node:stream";

/**
 * Reads at least `bytes` bytes (or all, if fewer) from `source` and returns them with a stream
 * that still yields everything from the first byte: a caller can decide what the input is (zip,
 * gzip, hospital file, TiC JSON) from its first bytes and still hand all of it on.
 */
export async function readHead(
  source: AsyncIterable<Buffer | string>,
  bytes: number,
): Promise<{ head: Buffer; stream: Readable }> {
  const iterator = source[Symbol.asyncIterator]();
  const asBuffer = (chunk: Buffer | string): Buffer =>
    typeof chunk === "string" ? Buffer.from(chunk) : chunk;
  const seen: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done === true) {
      ended = true;
      break;
    }
    const chunk = asBuffer(next.value);
    seen.push(chunk);
    length += chunk.length;
  }
  const head = Buffer.concat(seen);
  const rest = async function* (): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (ended) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield asBuffer(next.value);
    }
  };
  return { head, stream: Readable.from(rest(), { objectMode: false }) };
}
