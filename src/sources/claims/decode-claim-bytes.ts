/** The text encodings claim files arrive in: UTF-8 (with or without a BOM) and UTF-16. */
export type ClaimEncoding = "utf-8" | "utf-8-bom" | "utf-16le" | "utf-16be";

/** Decoded text chunks plus what the reader needs to report byte offsets in the original file. */
export interface DecodedText {
  encoding: ClaimEncoding;
  /** Bytes of the byte-order mark skipped before the text. */
  leadingBytes: number;
  /** Bytes per UTF-16 code unit for UTF-16 files (2); 0 for UTF-8 (measure each character). */
  unitBytes: number;
  chunks: AsyncIterable<string>;
  /**
   * True while every byte decoded so far was ASCII (one character per byte), known from the
   * lengths, so the X12 reader can count bytes as characters without scanning each chunk.
   */
  readonly asciiSoFar: () => boolean;
}

/**
 * Recognises the encoding from the first bytes (byte-order mark, or the zero bytes of UTF-16
 * ASCII text, which Windows tools write without a BOM) and decodes chunk by chunk; a character
 * split across chunks is held over by `TextDecoder`'s stream mode.
 */
export async function decodeClaimBytes(source: AsyncIterable<Uint8Array>): Promise<DecodedText> {
  const iterator = source[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  // Four bytes decide; read until there are that many or the input ends.
  while (head.length < 4) {
    const next = await iterator.next();
    if (next.done === true) break;
    head = Buffer.concat([head, next.value]);
  }
  let encoding: ClaimEncoding = "utf-8";
  let leadingBytes = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    [encoding, leadingBytes] = ["utf-8-bom", 3];
  } else if (head[0] === 0xff && head[1] === 0xfe) [encoding, leadingBytes] = ["utf-16le", 2];
  else if (head[0] === 0xfe && head[1] === 0xff) [encoding, leadingBytes] = ["utf-16be", 2];
  else if (head.length >= 2 && head[0] !== 0 && head[1] === 0) encoding = "utf-16le";
  else if (head.length >= 2 && head[0] === 0 && head[1] !== 0) encoding = "utf-16be";
  const decoder = new TextDecoder(encoding === "utf-8-bom" ? "utf-8" : encoding, {
    ignoreBOM: true,
  });
  const first = head.subarray(leadingBytes);
  let ascii = encoding === "utf-8" || encoding === "utf-8-bom";
  const decode = (bytes: Uint8Array): string => {
    const text = decoder.decode(bytes, { stream: true });
    // UTF-8 gives one character per byte exactly when every byte is ASCII.
    if (text.length !== bytes.length) ascii = false;
    return text;
  };
  async function* chunks(): AsyncGenerator<string> {
    if (first.length > 0) yield decode(first);
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) break;
      yield decode(next.value);
    }
    const rest = decoder.decode();
    if (rest !== "") yield rest;
  }
  return {
    encoding,
    leadingBytes,
    unitBytes: encoding.startsWith("utf-16") ? 2 : 0,
    chunks: chunks(),
    asciiSoFar: () => ascii,
  };
}
