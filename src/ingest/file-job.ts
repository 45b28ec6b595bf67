import { InputError } from "../errors.js";
import type { BatchResult, ItemBatch } from "../normalize/tic/normalize-batch.js";
import type { TicLoader } from "../store/tic-loader.js";
import type { FileKind, UnresolvedReference } from "./ingest-types.js";
import {
  ScanError,
  TicScanner,
  type ScannedElement,
  type ScannerSink,
  type SplitSizes,
  type TicSection,
} from "../sources/tic/json-scanner.js";
import { INLINE_KEY_BASE } from "../normalize/tic/inline-groups.js";
import { GroupKeys, REJECTED, UNKNOWN } from "./group-keys.js";
import { IndexWalk } from "./index-walk.js";
import type { ParsePool } from "./parse-pool.js";
import { parseJsonAt } from "./parse-json-at.js";
import { PieceSpool } from "./piece-spool.js";
import { ReferenceResolver } from "./reference-resolver.js";
import type { RemoteReferenceFetcher } from "../sources/tic/remote-references.js";

/** Items are sent to the parser in batches of about this many bytes. */
const BATCH_BYTES = 1 << 20;

/** Counters of one file, read by the progress bar and the summary. */
export interface JobCounters {
  items: number;
  keptItems: number;
  rows: number;
}

/**
 * The scanning and loading of one JSON document: feeds the scanner, batches kept items to the parse
 * pool, has the provider references a kept rate names resolved (`ReferenceResolver`), turns each
 * batch's provider rows into the file's group keys, and hands everything to the loader.
 * A reference id gets its group key the first time it is seen, in a rate or at the root, so rates
 * are loaded at once even when the references come after `in_network`. Memory stays bounded: at
 * most `maxInflight` batches are in flight and the scan waits (stream backpressure) until one is loaded.
 */
export class FileJob implements ScannerSink {
  readonly headers: Record<string, unknown> = {};
  readonly counters: JobCounters = { items: 0, keptItems: 0, rows: 0 };
  readonly unresolved: UnresolvedReference[] = [];
  /** The job list of an index (table of contents), walked as its elements stream by. */
  walk: IndexWalk | undefined;
  /** Called once, when the file turns out to be an index (`IngestOptions.onIndex`). */
  onIndex: (() => void) | undefined;
  kind: FileKind | undefined;

  private readonly scanner: TicScanner;
  private readonly keys = new GroupKeys();
  private readonly references: ReferenceResolver;
  /** Reference ids seen in rates before the root references were complete, by group key. */
  private readonly pendingRefIds = new Map<number, string>();
  /** With an NPI filter, the `rates` rows per group key loaded before the key was resolved (to take back if it is rejected). */
  private readonly earlyRowsByKey = new Map<number, number>();
  private refsComplete = false;
  private batchSeq = 0;
  private batch:
    | {
        section: "in_network" | "out_of_network";
        /** The items' bytes, copied in as they come (a chunk's memory may be reused after `push`). */
        buffer: Uint8Array;
        bytes: number;
        ends: number[];
        indexes: number[];
        offsets: number[];
        /** Pieces of large items (`ItemSplitter`): first rate, and 1 for a piece not its item's last. */
        rateOffsets: number[];
        partial: number[];
        ratesOffsets: number[];
        pieces: boolean;
      }
    | undefined;
  /** Pieces of a large item cut before its code was read (`holdPiece`). */
  private heldPieces: PieceSpool | undefined;
  /**
   * Held pieces of kept items, and what the scanner handed over after them, in document order:
   * loaded in that order once the scanner is back (`loadReleasedPieces`).
   */
  private readonly released: (PieceSpool | ScannedElement)[] = [];
  private readonly outstanding: Promise<BatchResult>[] = [];
  private readonly maxInflight: number;

  constructor(
    private readonly location: string,
    private readonly pool: ParsePool,
    private readonly loader: TicLoader,
    fetcher: RemoteReferenceFetcher,
    private readonly codes: ReadonlySet<string> | undefined,
    private readonly npis: ReadonlySet<number> | undefined,
    split: SplitSizes | undefined,
    /** Where pieces waiting for their item's code are spooled (the file's staging folder). */
    private readonly spoolDirectory: string,
  ) {
    this.scanner = new TicScanner(this, split);
    this.maxInflight = Math.max(2, pool.size * 2);
    this.references = new ReferenceResolver(
      location,
      pool,
      loader,
      fetcher,
      this.keys,
      npis,
      this.unresolved,
    );
  }

  /** Where the scan is: decompressed byte offset and JSON path (for failures outside the input). */
  get position(): { byteOffset: number; jsonPath: string } {
    return { byteOffset: this.scanner.bytesScanned, jsonPath: this.scanner.jsonPath };
  }

  /**
   * Scans one chunk, then waits while too many batches are in flight. What is kept of it is copied
   * before this returns: a `borrowed` chunk's memory is written over after.
   */
  async push(chunk: Buffer, borrowed = false): Promise<void> {
    try {
      this.scanner.push(chunk, borrowed);
    } catch (error) {
      throw this.asInputError(error);
    }
    await this.loadReleasedPieces();
    while (this.outstanding.length >= this.maxInflight) await this.handleOldest();
  }

  /** After a failure: deletes spooled pieces. */
  discardPieces(): void {
    this.heldPieces?.close();
    this.heldPieces = undefined;
    for (const entry of this.released.splice(0)) if (entry instanceof PieceSpool) entry.close();
  }

  /** Ends the document: flushes batches, resolves what is left, loads everything. */
  async finish(): Promise<void> {
    try {
      this.scanner.end();
    } catch (error) {
      throw this.asInputError(error);
    }
    await this.loadReleasedPieces();
    if (this.kind === undefined) {
      throw new InputError(
        this.location,
        { jsonPath: "$" },
        "not a Transparency in Coverage file: no in_network, out_of_network or reporting_structure array",
      );
    }
    this.dispatch();
    while (this.outstanding.length > 0) await this.handleOldest();
    this.refsComplete = true;
    const late = [...this.pendingRefIds.values()];
    if (late.length > 0) await this.references.resolve(late);
    // Without a filter the file's whole provider map is kept, used or not.
    if (this.codes === undefined && this.npis === undefined) {
      await this.references.resolve(this.references.pendingIds());
    }
    await this.references.applyResolutions(true);
    await this.loader.finish();
    if (this.npis !== undefined) {
      // Rates loaded before their references were known still point at groups the filter rejects.
      const rejected = [...this.pendingRefIds.keys()].filter(
        (key) => this.keys.state(key) === REJECTED,
      );
      for (const key of rejected) this.counters.rows -= this.earlyRowsByKey.get(key) ?? 0;
      await this.loader.dropUnwanted(rejected);
    }
  }

  // ScannerSink -------------------------------------------------------------------------------

  header(key: string, rawJson: string): void {
    try {
      this.headers[key] = JSON.parse(rawJson) as unknown;
    } catch {
      throw new InputError(
        this.location,
        { byteOffset: this.scanner.bytesScanned, jsonPath: `$.${key}` },
        `invalid value ${JSON.stringify(rawJson.slice(0, 40))}`,
      );
    }
  }

  section(section: TicSection, starts: boolean): void {
    if (starts) {
      if (section === "out_of_network") this.kind = "allowed-amounts";
      else if (section === "reporting_structure") this.kind = "table-of-contents";
      else this.kind ??= "in-network-rates";
    } else if (section === "provider_references") {
      this.refsComplete = true;
    }
  }

  wants(section: TicSection, key: string | undefined): boolean {
    if (section !== "in_network" && section !== "out_of_network") return true;
    this.counters.items++;
    const keep = this.codes === undefined || key === undefined || this.codes.has(key);
    if (keep) this.counters.keptItems++;
    return keep;
  }

  /** Items are kept by their code alone (or all of them), references all of them. */
  keptByKey(section: TicSection): ReadonlySet<string> | "all" | undefined {
    if (section === "in_network" || section === "out_of_network") return this.codes ?? "all";
    return section === "provider_references" ? "all" : undefined;
  }

  dropped(section: TicSection, count: number): void {
    if (section === "in_network" || section === "out_of_network") this.counters.items += count;
  }

  /** Without a code filter every item is kept: a large item's pieces need not wait for its code. */
  keepsEvery(section: TicSection): boolean {
    return section === "in_network" && this.codes === undefined;
  }

  holdPiece(piece: ScannedElement): void {
    this.heldPieces ??= new PieceSpool(this.spoolDirectory);
    this.heldPieces.add(piece);
  }

  releasePieces(kept: boolean): void {
    const held = this.heldPieces;
    this.heldPieces = undefined;
    if (held === undefined) return;
    if (kept) this.released.push(held);
    else held.close();
  }

  element(element: ScannedElement): void {
    // Held back behind released pieces: copied (its bytes may be a view into the chunk).
    if (this.released.length > 0) {
      this.released.push({ ...element, bytes: Buffer.from(element.bytes) });
    } else this.addLoaded(element);
  }

  /** An element, in document order: items batched, references kept, an index walked. */
  private addLoaded(element: ScannedElement): void {
    switch (element.section) {
      case "in_network":
      case "out_of_network":
        this.addToBatch(element.section, element);
        break;
      case "provider_references":
        this.references.keep(element);
        break;
      case "reporting_structure":
        if (this.walk === undefined) {
          this.walk = new IndexWalk(this.location);
          this.onIndex?.();
        }
        this.walk.add(this.parseElement(element));
        break;
    }
  }

  // Batching ------------------------------------------------------------------------------------

  /** Loads released pieces, one at a time with the usual backpressure, and what came after them. */
  private async loadReleasedPieces(): Promise<void> {
    while (this.released.length > 0) {
      const entry = this.released[0]!;
      if (!(entry instanceof PieceSpool)) {
        this.released.shift();
        this.addLoaded(entry);
        continue;
      }
      const piece = entry.take();
      if (piece === undefined) {
        entry.close();
        this.released.shift();
        continue;
      }
      this.addToBatch("in_network", piece);
      while (this.outstanding.length >= this.maxInflight) await this.handleOldest();
    }
  }

  private addToBatch(section: "in_network" | "out_of_network", element: ScannedElement): void {
    if (this.batch !== undefined && this.batch.section !== section) this.dispatch();
    this.batch ??= {
      section,
      // Fresh and unshared, so that it can be transferred to a parse thread.
      buffer: new Uint8Array(Math.max(BATCH_BYTES + (BATCH_BYTES >> 3), element.bytes.length)),
      bytes: 0,
      ends: [],
      indexes: [],
      offsets: [],
      rateOffsets: [],
      partial: [],
      ratesOffsets: [],
      pieces: false,
    };
    const batch = this.batch;
    const end = batch.bytes + element.bytes.length;
    if (end > batch.buffer.length) {
      const grown = new Uint8Array(Math.max(end, 2 * batch.buffer.length));
      grown.set(batch.buffer.subarray(0, batch.bytes));
      batch.buffer = grown;
    }
    batch.buffer.set(element.bytes, batch.bytes);
    batch.bytes = end;
    batch.ends.push(batch.bytes);
    batch.indexes.push(element.index);
    batch.offsets.push(element.byteOffset);
    batch.rateOffsets.push(element.rateOffset ?? 0);
    batch.partial.push(element.partial === true ? 1 : 0);
    batch.ratesOffsets.push(element.ratesByteOffset ?? element.byteOffset);
    if (element.rateOffset !== undefined) batch.pieces = true;
    if (batch.bytes >= BATCH_BYTES) this.dispatch();
  }

  private dispatch(): void {
    const batch = this.batch;
    if (batch === undefined) return;
    this.batch = undefined;
    // Fresh, unshared ArrayBuffers (`buffer` is), so that they can be transferred to a worker.
    const bytes = batch.buffer.subarray(0, batch.bytes);
    const message: ItemBatch = {
      seq: this.batchSeq++,
      section: batch.section,
      bytes,
      ends: Int32Array.from(batch.ends),
      itemIndexes: Int32Array.from(batch.indexes),
      fileOffsets: Float64Array.from(batch.offsets),
      ...(batch.pieces
        ? {
            rateOffsets: Int32Array.from(batch.rateOffsets),
            partial: Uint8Array.from(batch.partial),
            ratesOffsets: Float64Array.from(batch.ratesOffsets),
          }
        : {}),
    };
    const result = this.pool.run(message);
    result.catch(() => undefined); // handled in order by handleOldest; avoid an unhandled rejection meanwhile
    this.outstanding.push(result);
  }

  private async handleOldest(): Promise<void> {
    await this.references.applyResolutions(false);
    const result = await this.outstanding.shift()!;
    if (result.error !== undefined) {
      throw new InputError(
        this.location,
        { byteOffset: result.error.byteOffset, jsonPath: result.error.jsonPath },
        result.error.problem,
      );
    }
    await this.loader.add("groups", result.groupsCsv);
    if (this.kind === "allowed-amounts") {
      this.counters.rows += result.rows;
      await this.loader.add("allowed", result.rowsCsv);
      return;
    }
    const { keys, ids } = this.keysOf(result);
    const fresh: string[] = [];
    for (let local = 0; local < keys.length; local++) {
      const key = keys[local]!;
      if (this.keys.state(key) !== UNKNOWN || (!this.refsComplete && this.pendingRefIds.has(key))) {
        continue;
      }
      const id = ids(local);
      if (this.refsComplete) fresh.push(id);
      else this.pendingRefIds.set(key, id);
    }
    if (fresh.length > 0) {
      await this.references.resolve(fresh);
      // The NPI filter drops the rows of rejected groups as they are appended: it needs to know.
      if (this.npis !== undefined) await this.references.applyResolutions(true);
    }
    this.counters.rows += await this.appendProviders(result, keys);
    await this.loader.appendPrices(result.prices);
    await this.loader.add("items", result.rowsCsv);
    await this.loader.add("terms", result.termsCsv);
    await this.loader.batchDone();
  }

  /** The group key and the canonical id of each batch-local reference number. */
  private keysOf(result: BatchResult): { keys: Int32Array; ids: (local: number) => string } {
    const { refNumbers, refStrings } = result;
    const keys = new Int32Array(refNumbers.length);
    const stringAt = refStrings.length === 0 ? undefined : new Int32Array(refNumbers.length);
    let strings = 0;
    for (let local = 0; local < refNumbers.length; local++) {
      const number = refNumbers[local]!;
      if (number >= 0) {
        keys[local] = this.keys.ofNumber(number);
      } else {
        if (stringAt !== undefined) stringAt[local] = strings;
        keys[local] = this.keys.of(refStrings[strings++]!);
      }
    }
    const ids = (local: number): string => {
      const number = refNumbers[local]!;
      return number >= 0 ? String(number) : refStrings[stringAt?.[local] ?? 0]!;
    };
    return { keys, ids };
  }

  /**
   * Turns the batch-local targets of the provider rows into the file's group keys (in place), drops
   * the rows of groups the NPI filter rejected, appends the rest; returns the `rates` rows they make.
   */
  private async appendProviders(result: BatchResult, keys: Int32Array): Promise<number> {
    const { itemIndex, rateIndex, target, priceCount } = result.providers;
    if (this.npis === undefined) {
      // Nothing to drop: map the targets in place; the worker counted the rows.
      for (let i = 0; i < target.length; i++) {
        const local = target[i]!;
        target[i] = local >= 0 ? keys[local]! : INLINE_KEY_BASE - 1 - local;
      }
      await this.loader.appendProviders(itemIndex, rateIndex, target, target.length);
      return result.rows;
    }
    const early = !this.refsComplete;
    let kept = 0;
    let rows = 0;
    for (let i = 0; i < target.length; i++) {
      const local = target[i]!;
      const key = local >= 0 ? keys[local]! : INLINE_KEY_BASE - 1 - local;
      if (local >= 0 && this.keys.state(key) === REJECTED) continue;
      itemIndex[kept] = itemIndex[i]!;
      rateIndex[kept] = rateIndex[i]!;
      target[kept] = key;
      rows += priceCount[i]!;
      if (early && local >= 0) {
        this.earlyRowsByKey.set(key, (this.earlyRowsByKey.get(key) ?? 0) + priceCount[i]!);
      }
      kept++;
    }
    await this.loader.appendProviders(itemIndex, rateIndex, target, kept);
    return rows;
  }

  // Helpers ------------------------------------------------------------------------------------

  private parseElement(element: ScannedElement): unknown {
    const path = `$.${element.section}[${element.index}]`;
    return parseJsonAt(this.location, element.bytes, element.byteOffset, path);
  }

  private asInputError(error: unknown): unknown {
    if (error instanceof ScanError) {
      return new InputError(
        this.location,
        { byteOffset: error.byteOffset, jsonPath: error.jsonPath },
        error.problem,
      );
    }
    return error;
  }
}
