import { InputError } from "../errors.js";
import { jsonParseFailure } from "../normalize/tic/normalize-error.js";

/**
 * `JSON.parse` of one element's bytes; invalid JSON is an `InputError` naming the file, the byte
 * offset of the fault in the decompressed file (`offset` is where the element starts) and `path`.
 */
export function parseJsonAt(
  location: string,
  bytes: Buffer,
  offset: number,
  path: string,
): unknown {
  const text = bytes.toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const failure = jsonParseFailure(text, error);
    throw new InputError(
      location,
      { byteOffset: offset + failure.byteOffset, jsonPath: path },
      `invalid JSON: ${failure.message}`,
    );
  }
}
