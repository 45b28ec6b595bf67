import { normalizeAllowedAmountItem } from "./allowed-amount-item.js";
import { newBatchContext, normalizeInNetworkItem, type BatchContext } from "./in-network-item.js";
import { NativeBackoff, nativeRates, type NativeReader } from "./native-rates.js";
import { applyNativeRun } from "./native-run.js";
import { jsonParseFailure, NormalizeError } from "./normalize-error.js";
import { columnBuffers, type PriceColumns, type ProviderColumns } from "./rate-columns.js";
import { InlineGroups } from "./inline-groups.js";
import { InlineGroupSpans } from "./inline-group-spans.js";
import { RateTerms } from "./rate-terms.js";
import type { FileDictionaries } from "./in-network-item.js";

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
  /**
   * For pieces of a large item (`ItemSplitter`): the index of each one's first rate in its item
   * (0 for an item that came whole), and 1 for a piece that is not its item's last. Absent: none.
   */
  readonly rateOffsets?: Int32Array;
  readonly partial?: Uint8Array;
  /** The file offset of each piece's first rate, where a normalisation error is reported. */
  readonly ratesOffsets?: Float64Array;
}

/** What a batch turns into: CSV for the small tables, typed columns for the big ones, and the references to resolve. */
export interface BatchResult {
  readonly seq: number;
  /** `rate_items` lines (in-network) or allowed-amount lines (out-of-network), UTF-8; transferred from a worker. */
  readonly rowsCsv: Uint8Array;
  /** `rate_terms` lines of the terms first seen in this batch. */
  readonly termsCsv: Uint8Array;
  /** Inline provider-group CSV lines. */
  readonly groupsCsv: Uint8Array;
  readonly prices: PriceColumns;
  readonly providers: ProviderColumns;
  /** Root reference ids by batch-local number (`ProviderColumns.target`): the whole-number id, or -1 for a string id. */
  readonly refNumbers: Int32Array;
  /** The string ids, in the order of the -1 entries of `refNumbers`. */
  readonly refStrings: string[];
  readonly rows: number;
  readonly error?: { byteOffset: number; jsonPath: string; problem: string };
}

const decoder = new TextDecoder("utf-8", { fatal: false });

/** V8's longest string (2^29 - 24 characters): a longer item cannot be decoded, let alone parsed. */
const MAX_ITEM_CHARS = 0x1fffffe8;

/**
 * Parses and normalises every item of a batch. Runs in a worker thread, or inline when workers are
 * unavailable (tests run the TypeScript sources, which a worker cannot load). `dictionaries` are
 * the calling thread's for the current file. In-network items are read by `reader` (simdjson,
 * when built; null: none) where it can, and parsed with `JSON.parse` where it cannot; the rows are the same.
 */
export function normalizeBatch(
  batch: ItemBatch,
  npis: ReadonlySet<number> | undefined,
  dictionaries: FileDictionaries,
  reader: NativeReader | null = nativeRates() ?? null,
): BatchResult {
  const context = newBatchContext(npis, dictionaries);
  const native = batch.section === "in_network" ? reader : null;
  // An item the simdjson reader leaves to TypeScript (groups in place, say) is normalised in
  // TypeScript, and the reader waits a little before it is tried again (`NativeBackoff`).
  const backoff = new NativeBackoff();
  for (let k = 0; k < batch.ends.length;) {
    let marked: Uint8Array | undefined;
    if (native !== null && backoff.tries(k)) {
      const step = readNatively(native, batch, k, context, dictionaries);
      const { stop, read } = step;
      marked = step.marked;
      if (read) {
        k = stop;
        backoff.read();
        continue;
      }
      // Refused fields or terms: TypeScript normalises the run again, to report the error.
      if (stop > k) backoff.resumeAfter(stop);
      else backoff.missed(k);
    }
    const failure = normalizeItem(batch, k, context, dictionaries, marked);
    if (failure !== undefined) return failure;
    k++;
  }
  return {
    seq: batch.seq,
    rowsCsv: context.rows.bytes(),
    termsCsv: dictionaries.terms.drainCsv(),
    groupsCsv: context.groups.bytes(),
    prices: context.columns.prices(),
    providers: context.columns.providers(),
    refNumbers: context.refNumbers.values(),
    refStrings: context.refStrings,
    rows: context.rateRows,
  };
}

/**
 * Reads items from `k` on with the simdjson reader and adds what it read to the batch (`read`),
 * up to `stop`, the first item it left to TypeScript. In a file with inline groups, item `k` alone,
 * with markers in place of its groups (`marked`, for the TypeScript path to reuse).
 */
function readNatively(
  native: NativeReader,
  batch: ItemBatch,
  k: number,
  context: BatchContext,
  dictionaries: FileDictionaries,
): { stop: number; read: boolean; marked?: Uint8Array } {
  if (!dictionaries.spans.searching) {
    const run = native.readRates(batch.bytes, batch.ends, batch.itemIndexes, batch.rateOffsets, k);
    return { stop: run.stop, read: run.stop > k && applyNativeRun(run, batch, k, context) };
  }
  const marked = dictionaries.spans.markedItem(batch.bytes, itemStart(batch, k), batch.ends[k]!);
  const one = {
    itemIndexes: batch.itemIndexes.subarray(k, k + 1),
    ...(batch.partial === undefined ? {} : { partial: batch.partial.subarray(k, k + 1) }),
  };
  const run = native.readRates(
    marked,
    Int32Array.of(marked.length),
    one.itemIndexes,
    batch.rateOffsets?.subarray(k, k + 1),
    0,
  );
  return {
    stop: k + run.stop,
    read: run.stop === 1 && applyNativeRun(run, one, 0, context),
    marked,
  };
}

/** Parses and normalises item `k` of the batch with `JSON.parse`; returns the failure, if any. */
function normalizeItem(
  batch: ItemBatch,
  k: number,
  context: BatchContext,
  dictionaries: FileDictionaries,
  /** The item with markers in place of its groups, when already made (`InlineGroupSpans`). */
  marked?: Uint8Array,
): BatchResult | undefined {
  const start = itemStart(batch, k);
  const end = batch.ends[k]!;
  const itemIndex = batch.itemIndexes[k]!;
  const fileOffset = batch.fileOffsets[k]!;
  let value: unknown;
  // In-network items are parsed with markers for the inline groups read from their bytes; an
  // item that does not parse so is parsed again as it is, for the error's true position.
  const spans = batch.section === "in_network" ? dictionaries.spans : undefined;
  if (end - start > MAX_ITEM_CHARS) {
    return failed(
      batch.seq,
      fileOffset,
      `$.${batch.section}[${itemIndex}]`,
      `this element is ${Math.round((end - start) / 1e6)} MB of JSON, more than JavaScript can parse at once (~536 MB)`,
    );
  }
  const text =
    marked !== undefined
      ? decoder.decode(marked)
      : (spans?.itemText(batch.bytes, start, end) ?? decodeItem(batch, start, end));
  try {
    value = JSON.parse(text);
  } catch (error) {
    const plain = spans === undefined ? text : decodeItem(batch, start, end);
    const failure = jsonParseFailure(plain, plain === text ? error : parseError(plain));
    return failed(
      batch.seq,
      fileOffset + failure.byteOffset,
      `$.${batch.section}[${itemIndex}]`,
      `invalid JSON: ${failure.message}`,
    );
  }
  try {
    if (batch.section === "in_network") {
      normalizeInNetworkItem(
        value,
        itemIndex,
        context,
        batch.rateOffsets?.[k] ?? 0,
        batch.partial?.[k] === 1,
      );
    } else normalizeAllowedAmountItem(value, itemIndex, context);
  } catch (error) {
    if (error instanceof NormalizeError) {
      const at = batch.ratesOffsets?.[k] ?? fileOffset;
      return failed(batch.seq, at, error.jsonPath, error.problem);
    }
    throw error;
  }
  return undefined;
}

function itemStart(batch: ItemBatch, k: number): number {
  return k === 0 ? 0 : batch.ends[k - 1]!;
}

function decodeItem(batch: ItemBatch, start: number, end: number): string {
  return decoder.decode(batch.bytes.subarray(start, end));
}

/** What `JSON.parse` throws for `text` (markers never make a valid item invalid, so it throws). */
function parseError(text: string): unknown {
  try {
    JSON.parse(text);
  } catch (error) {
    return error;
  }
  return new SyntaxError("invalid JSON");
}

/** Fresh dictionaries for one file in one thread; ids are `offset + stride × n` so threads never clash. */
export function newFileDictionaries(offset = 0, stride = 1): FileDictionaries {
  return {
    terms: new RateTerms(offset, stride),
    inline: new InlineGroups(offset, stride),
    spans: new InlineGroupSpans(),
  };
}

/** The buffers of a result, for a zero-copy transfer from a worker. */
export function resultBuffers(result: BatchResult): ArrayBuffer[] {
  return [
    result.rowsCsv.buffer,
    result.termsCsv.buffer,
    result.groupsCsv.buffer,
    result.refNumbers.buffer,
    ...columnBuffers(result.prices),
    ...columnBuffers(result.providers),
  ].filter(
    (buffer, index, all): buffer is ArrayBuffer =>
      buffer instanceof ArrayBuffer && all.indexOf(buffer) === index,
  );
}

const NO_INTS = new Int32Array(0);

function failed(seq: number, byteOffset: number, jsonPath: string, problem: string): BatchResult {
  const empty = new Uint8Array(0);
  return {
    seq,
    rowsCsv: empty,
    termsCsv: empty,
    groupsCsv: empty,
    prices: {
      itemIndex: NO_INTS,
      rateIndex: NO_INTS,
      priceIndex: NO_INTS,
      termId: NO_INTS,
      negotiatedRate: new Float64Array(0),
    },
    providers: { itemIndex: NO_INTS, rateIndex: NO_INTS, target: NO_INTS, priceCount: NO_INTS },
    refNumbers: NO_INTS,
    refStrings: [],
    rows: 0,
    error: { byteOffset, jsonPath, problem },
  };
}
