/**
 * JSON texts as a parse batch carries them: their UTF-8 bytes one after another, and the end
 * offset of each (text k starts at `ends[k-1]`, 0 for the first). For tests and benchmarks that
 * build item or reference batches by hand.
 */
export function concatenatedTexts(texts: readonly string[]): {
  bytes: Uint8Array;
  ends: Int32Array;
} {
  const encoder = new TextEncoder();
  const parts = texts.map((text) => encoder.encode(text));
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  const ends = new Int32Array(parts.length);
  let at = 0;
  parts.forEach((part, k) => {
    bytes.set(part, at);
    at += part.length;
    ends[k] = at;
  });
  return { bytes, ends };
}
