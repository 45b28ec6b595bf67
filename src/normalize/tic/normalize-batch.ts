import { normalizeAllowedAmountItem } from "./allowed-amount-item.js";
import { newBatchContext, normalizeInNetworkItem } from "./in-network-item.js";
import { jsonParseFailure, NormalizeError } from "./normalize-error.js";

/** A batch of raw items (concatenated UTF-8 JSON) sent to a parse worker or parsed inline. */
export interface ItemBatch {
  readonly seq: number;
  readonly section: "in_network" | "out_of_network";
  readonly bytes: Uint8Array;
  /** End offset (exclusive) of each item in `bytes`; item k starts at `ends[k-1]` (0 for the first). */
  readonly ends: Int32Array;
  readonly itemIndexes: Int32Array;
  /** Each item's byte offset in the decompressed file, for error messages. */
  readonly fileOffsets: Float64Array;
}

/** What a batch turns into: CSV text for the loader, and the references it needs resolved. */
export interface BatchResult {
  readonly seq: number;
  /** Rate or allowed-amount CSV lines, UTF-8 (a standalone buffer: transferred from a worker). */
  readonly rowsCsv: Uint8Array;
  /** Inline provider-group CSV lines, UTF-8 (transferred like `rowsCsv`). */
  readonly groupsCsv: Uint8Array;
  readonly refIds: string[];
  readonly inlineGroups: number;
  readonly rows: number;
  readonly error?: { byteOffset: number; jsonPath: string; problem: string };
}

const decoder = new TextDecoder("utf-8", { fatal: false });

/**
 * Parses and normalises every item of a batch. Runs in a worker thread, or inline when workers are
 * unavailable (tests run the TypeScript sources, which a worker cannot load).
 */
export function normalizeBatch(batch: ItemBatch, npis: ReadonlySet<number> | undefined): BatchResult {
  const context = newBatchContext(batch.seq, npis);
  let start = 0;
  for (let k = 0; k < batch.ends.length; k++) {
    const end = batch.ends[k]!;
    const itemIndex = batch.itemIndexes[k]!;
    const fileOffset = batch.fileOffsets[k]!;
    const path = `$.${batch.section}[${itemIndex}]`;
    let value: unknown;
    const text = decoder.decode(batch.bytes.subarray(start, end));
    try {
      value = JSON.parse(text);
    } catch (error) {
      const failure = jsonParseFailure(text, error);
      return failed(batch.seq, fileOffset + failure.byteOffset, path, `invalid JSON: ${failure.message}`);
    }
    try {
      if (batch.section === "in_network") normalizeInNetworkItem(value, itemIndex, context);
      else normalizeAllowedAmountItem(value, itemIndex, context);
    } catch (error) {
      if (error instanceof NormalizeError) return failed(batch.seq, fileOffset, error.jsonPath, error.problem);
      throw error;
    }
    start = end;
  }
  return {
    seq: batch.seq,
    rowsCsv: context.rates.bytes(),
    groupsCsv: context.groups.bytes(),
    refIds: [...context.refIds],
    inlineGroups: context.inline.size,
    rows: context.rateRows,
  };
}

function failed(seq: number, byteOffset: number, jsonPath: string, problem: string): BatchResult {
  return { seq, rowsCsv: new Uint8Array(0), groupsCsv: new Uint8Array(0), refIds: [], inlineGroups: 0, rows: 0, error: { byteOffset, jsonPath, problem } };
}
