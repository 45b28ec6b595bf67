import { CsvBytes, csvText } from "./csv-fields.js";
import { asObject, jsonParseFailure, NormalizeError, optionalTextList } from "./normalize-error.js";
import { NativeBackoff, nativeRates, type NativeReader } from "./native-rates.js";
import { groupHasNpi, readProviderGroups, writeGroupRows } from "./provider-groups.js";

/**
 * Root `provider_references` entries to resolve, raw (concatenated UTF-8 JSON), each with the group
 * key the file gave its id. Sent to a parse thread or resolved inline.
 */
export interface ReferenceBatch {
  readonly bytes: Uint8Array;
  /** End offset (exclusive) of each reference in `bytes`; reference k starts at `ends[k-1]` (0 for the first). */
  readonly ends: Int32Array;
  /** Index in `provider_references` of each reference, for JSON paths. */
  readonly indexes: Int32Array;
  /** Each reference's byte offset in the decompressed file, for error messages. */
  readonly fileOffsets: Float64Array;
  readonly keys: Int32Array;
  /** Each reference's `provider_group_id` as written (shown, and stored in `group_refs`). */
  readonly written: readonly string[];
}

/** What became of each reference of a batch (`ReferenceResult.outcomes`). */
export const ReferenceOutcome = {
  /** Its groups are in `groupsCsv` (or there is no NPI filter to reject it). */
  Kept: 0,
  /** The NPI filter names none of its providers: no group lines. */
  Rejected: 1,
  /** Its groups are in another file (`remote`): the caller fetches them. */
  Remote: 2,
  /** Neither `provider_groups` nor `location`. */
  Neither: 3,
} as const;

export interface ReferenceResult {
  /** Provider-group CSV lines of the kept references (`GROUP_CSV_COLUMNS`). */
  readonly groupsCsv: Uint8Array;
  /** `group_refs` lines of the references resolved here (not of the remote ones). */
  readonly keyLines: string;
  readonly outcomes: Uint8Array;
  /** The `location` of each remote reference, in batch order. */
  readonly remote: string[];
  readonly error?: { byteOffset: number; jsonPath: string; problem: string };
}

const decoder = new TextDecoder("utf-8", { fatal: false });

/** A `group_refs` staging line: the group key, the id as written, whether its groups were found. */
export function groupRefLine(key: number, written: string, resolved: boolean): string {
  return `${key},${csvText(written)},${resolved}\n`;
}

/**
 * Parses and normalises a batch of root references; a bad one ends the batch with `error`. They
 * are read by `reader` (simdjson, when built; null: none) where it can, and parsed with
 * `JSON.parse` where it cannot (a remote `location`, NPIs written as strings, ...); the lines are
 * the same, in the same order.
 */
export function resolveReferenceBatch(
  batch: ReferenceBatch,
  npis: ReadonlySet<number> | undefined,
  reader: NativeReader | null = nativeRates() ?? null,
): ReferenceResult {
  const lines: BatchLines = {
    groups: new CsvBytes(Math.max(1 << 12, batch.bytes.length * 2)),
    keys: "",
    outcomes: new Uint8Array(batch.ends.length),
    remote: [],
  };
  const filter = reader === null || npis === undefined ? undefined : sortedNumbers(npis);
  // A reference the reader leaves to TypeScript is resolved in TypeScript, and the reader waits a
  // little before it is tried again (`NativeBackoff`), as for items.
  const backoff = new NativeBackoff();
  for (let k = 0; k < batch.ends.length;) {
    if (reader !== null && backoff.tries(k)) {
      const run = reader.readReferences(
        batch.bytes,
        batch.ends,
        batch.written,
        batch.keys,
        filter,
        lines.outcomes,
        k,
      );
      lines.groups.pushBytes(new Uint8Array(run.groups));
      lines.keys += run.keys;
      if (run.stop > k) {
        k = run.stop;
        backoff.read();
        continue;
      }
      backoff.missed(k);
    }
    const failure = resolveReference(batch, k, npis, lines);
    if (failure !== undefined) return failure;
    k++;
  }
  return {
    groupsCsv: lines.groups.bytes(),
    keyLines: lines.keys,
    outcomes: lines.outcomes,
    remote: lines.remote,
  };
}

/** What a batch's references add up to, as they are resolved in order. */
interface BatchLines {
  readonly groups: CsvBytes;
  keys: string;
  readonly outcomes: Uint8Array;
  readonly remote: string[];
}

/** Reference `k` of the batch, with `JSON.parse`: its lines and outcome, or the batch's failure. */
function resolveReference(
  batch: ReferenceBatch,
  k: number,
  npis: ReadonlySet<number> | undefined,
  lines: BatchLines,
): ReferenceResult | undefined {
  const end = batch.ends[k]!;
  const offset = batch.fileOffsets[k]!;
  const path = `$.provider_references[${batch.indexes[k]!}]`;
  const text = decoder.decode(batch.bytes.subarray(k === 0 ? 0 : batch.ends[k - 1]!, end));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const failure = jsonParseFailure(text, error);
    return failed(offset + failure.byteOffset, path, `invalid JSON: ${failure.message}`);
  }
  const key = batch.keys[k]!;
  const written = batch.written[k]!;
  try {
    const reference = asObject(parsed, path);
    if (reference.provider_groups !== undefined && reference.provider_groups !== null) {
      const entries = readProviderGroups(reference.provider_groups, `${path}.provider_groups`);
      const networks = optionalTextList(reference, "network_name", path);
      if (npis === undefined || groupHasNpi(entries, npis)) {
        writeGroupRows(
          lines.groups,
          entries,
          { groupKey: key, providerGroupId: written },
          networks,
        );
      } else {
        lines.outcomes[k] = ReferenceOutcome.Rejected;
      }
      lines.keys += groupRefLine(key, written, true);
    } else if (typeof reference.location === "string") {
      lines.outcomes[k] = ReferenceOutcome.Remote;
      lines.remote.push(reference.location);
    } else {
      lines.outcomes[k] = ReferenceOutcome.Neither;
      lines.keys += groupRefLine(key, written, false);
    }
  } catch (error) {
    if (error instanceof NormalizeError) return failed(offset, error.jsonPath, error.problem);
    throw error;
  }
  return undefined;
}

/** The NPI filter as the reader takes it: sorted numbers, made once per filter. */
const sortedFilters = new WeakMap<ReadonlySet<number>, Float64Array>();

function sortedNumbers(npis: ReadonlySet<number>): Float64Array {
  let sorted = sortedFilters.get(npis);
  if (sorted === undefined) {
    sorted = Float64Array.from(npis).sort();
    sortedFilters.set(npis, sorted);
  }
  return sorted;
}

function failed(byteOffset: number, jsonPath: string, problem: string): ReferenceResult {
  return {
    groupsCsv: new Uint8Array(0),
    keyLines: "",
    outcomes: new Uint8Array(0),
    remote: [],
    error: { byteOffset, jsonPath, problem },
  };
}

/** The buffers of a result that can be transferred to the thread that asked. */
export function referenceResultBuffers(result: ReferenceResult): ArrayBuffer[] {
  return [result.groupsCsv.buffer, result.outcomes.buffer].filter(
    (buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer,
  );
}
