import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { InputError, NotFoundError, RatelensError } from "../../errors.js";
import type { ClaimItem } from "./claim.js";
import { decodeClaimBytes, type ClaimEncoding } from "./decode-claim-bytes.js";
import { parseClaimsCsvItems } from "./parse-claims-csv.js";
import { claimItemFromJson, parseJson, parseJsonDocument } from "./parse-json-claims.js";
import { X12ClaimParser } from "./x12-claim-parser.js";

/** The claim formats we read, recognised from the content, never from the file name. */
export type ClaimFormat = "x12" | "json" | "jsonl" | "csv";

/** A claim input: its name for messages and its bytes. */
export interface ClaimInput {
  name: string;
  bytes: AsyncIterable<Uint8Array>;
}

/** Opens a claim file, or standard input for "-". */
export async function openClaimInput(
  path: string,
  stdin: AsyncIterable<Uint8Array> = process.stdin,
): Promise<ClaimInput> {
  if (path === "-") return { name: "standard input", bytes: stdin };
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new InputError(path, {}, "is a directory, not a claim file");
  } catch (error) {
    if (error instanceof RatelensError) throw error;
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new NotFoundError(`claim file ${path} does not exist`, { cause: error });
    }
    throw error;
  }
  // 64 KiB chunks: the text of a chunk lives until its last claim is read (the checker takes X12
  // claims one by one, so the chunk, not a batch of claims, is what a young-generation GC finds
  // alive; docs/benchmarks.md).
  return { name: path, bytes: createReadStream(path, { highWaterMark: 1 << 16 }) };
}

/** Recognises the format from the first characters of the text (after a BOM and whitespace). */
export function detectClaimFormat(prefix: string): ClaimFormat {
  const body = prefix.replace(/^\uFEFF/, "").trimStart();
  if (body.startsWith("ISA")) return "x12";
  // X12 without its ISA header: still X12 (the reader refuses it with a located message).
  if (/^(GS|ST|BHT|HL|CLM)[*|^~:]/.test(body)) return "x12";
  if (body.startsWith("[")) return "json";
  if (body.startsWith("{")) {
    const newline = body.indexOf("\n");
    if (newline < 0) return "json";
    const rest = body.slice(newline + 1).trimStart();
    return rest.startsWith("{") && isJson(body.slice(0, newline)) ? "jsonl" : "json";
  }
  return "csv";
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** What `readClaimItems` found out about the input before the claims. */
export interface ClaimInputInfo {
  format: ClaimFormat;
  encoding: ClaimEncoding;
}

/**
 * Reads claims claim by claim, in batches (one per chunk of input), never the whole file for X12
 * and JSONL: a problem inside a claim rides on that claim, a bad JSONL record or a bad X12
 * transaction count is a file problem, and only an unusable file throws an `InputError`.
 * A JSON document and a CSV are read whole (claims of one CSV claim id may be far apart).
 *
 * With `onItem`, X12 claims are handed to it one by one as the parser completes them (the
 * batches yielded are then empty, one per chunk): a checker that checks and writes each claim
 * there lets it die young instead of living through a batch (GC, docs/benchmarks.md).
 */
export async function* readClaimItems(
  input: ClaimInput,
  onInfo?: (info: ClaimInputInfo) => void,
  onItem?: (item: ClaimItem) => void,
): AsyncGenerator<ClaimItem[]> {
  const decoded = await decodeClaimBytes(input.bytes);
  const iterator = decoded.chunks[Symbol.asyncIterator]();
  let prefix = "";
  // Read until the format can be told (or the input ends).
  while (
    prefix.trim().length < 8 ||
    (prefix.trimStart().startsWith("{") && !prefix.includes("\n"))
  ) {
    const next = await iterator.next();
    if (next.done === true) break;
    prefix += next.value;
    if (prefix.length > 1 << 20) break;
  }
  if (prefix.trim() === "") {
    throw new InputError(input.name, { byteOffset: 0 }, emptyMessage(input.name));
  }
  const format = detectClaimFormat(prefix);
  onInfo?.({ format, encoding: decoded.encoding });
  async function* rest(): AsyncGenerator<string> {
    yield prefix;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield next.value;
    }
  }
  if (format === "x12") {
    const parser = new X12ClaimParser(input.name, {
      unitBytes: decoded.unitBytes,
      leadingBytes: decoded.leadingBytes,
      asciiSoFar: decoded.asciiSoFar,
      ...(onItem === undefined ? {} : { onItem }),
    });
    for await (const chunk of rest()) {
      const items = parser.push(chunk);
      if (items.length > 0 || onItem !== undefined) yield items;
    }
    yield parser.end();
    return;
  }
  if (format === "jsonl") {
    yield* readJsonLines(rest(), input.name);
    return;
  }
  let text = "";
  for await (const chunk of rest()) text += chunk;
  if (format === "csv") yield parseClaimsCsvItems(text, input.name);
  else yield parseJsonDocument(text, input.name);
}

function emptyMessage(name: string): string {
  if (/\.jsonl?$/i.test(name)) {
    return 'the JSON file is empty: expected a claim object, an array of claims or {"claims": [...]}';
  }
  if (/\.csv$/i.test(name)) {
    return "the CSV file is empty: expected a header row (claim_id, payer, date_of_service, place_of_service, code, ...)";
  }
  if (/\.(x12|837|edi|txt)$/i.test(name)) {
    return "the X12 file is empty: expected an interchange starting with ISA";
  }
  return "the file is empty: no claims";
}

/** JSON Lines, one claim per line; a bad line is a file problem and the next lines are read. */
async function* readJsonLines(
  chunks: AsyncIterable<string>,
  file: string,
): AsyncGenerator<ClaimItem[]> {
  let carry = "";
  let lineNumber = 0;
  const read = (text: string, batch: ClaimItem[]): void => {
    lineNumber++;
    const trimmed = text.trim();
    if (trimmed === "") return;
    let value: unknown;
    try {
      value = parseJson(trimmed, file, lineNumber);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const message = `${error.message}: this record is not checked`;
      batch.push({
        kind: "file-problem",
        problem: {
          ruleId: "claim-record",
          severity: "error",
          message,
          path: "$",
          line: lineNumber,
          file,
          scope: `line ${lineNumber}`,
          source: { key: "RFC-8259", title: "JSON (RFC 8259), one value per line (JSON Lines)" },
        },
      });
      return;
    }
    batch.push(claimItemFromJson(value, file, { line: lineNumber, path: "$" }));
  };
  for await (const chunk of chunks) {
    const batch: ClaimItem[] = [];
    let text = carry + chunk;
    let newline = text.indexOf("\n");
    let start = 0;
    while (newline >= 0) {
      read(text.slice(start, newline), batch);
      start = newline + 1;
      newline = text.indexOf("\n", start);
    }
    text = text.slice(start);
    carry = text;
    if (batch.length > 0) yield batch;
  }
  const batch: ClaimItem[] = [];
  if (carry.trim() !== "") read(carry, batch);
  if (batch.length > 0) yield batch;
}
