import { InputError } from "../errors.js";
import { CsvBytes, csvText } from "../normalize/tic/csv-fields.js";
import type { BatchResult, ItemBatch } from "../normalize/tic/normalize-batch.js";
import { asObject, jsonParseFailure } from "../normalize/tic/normalize-error.js";
import {
  canonicalGroupId,
  groupHasNpi,
  readProviderGroups,
  writeGroupRows,
  type ProviderEntry,
} from "../normalize/tic/provider-groups.js";
import {
  ReferenceOutcome,
  type ReferenceBatch,
  type ReferenceResult,
} from "../normalize/tic/reference-batch.js";
import type { TicLoader } from "../store/tic-loader.js";
import type { FileKind, UnresolvedReference } from "./ingest-types.js";
import {
  ScanError,
  TicScanner,
  type ScannedElement,
  type ScannerSink,
  type TicSection,
} from "../sources/tic/json-scanner.js";
import { INLINE_KEY_BASE } from "../normalize/tic/inline-groups.js";
import { GroupKeys, KEPT, REJECTED, RESOLVING, UNKNOWN } from "./group-keys.js";
import { IndexWalk } from "./index-walk.js";
import type { ParsePool } from "./parse-pool.js";
import { mapLimit, type RemoteReferenceFetcher } from "../sources/tic/remote-references.js";

/** Items are sent to the parser in batches of about this many bytes. */
const BATCH_BYTES = 1 << 20;
/** Root references go to the parser in batches of about this many bytes... */
const REFERENCE_BATCH_BYTES = 1 << 20;
/** ...and at most this many batches are out at once (the scan waits for the oldest beyond it). */
const MAX_REFERENCE_BATCHES = 4;

/** Root references gathered for one `ReferenceBatch`. */
interface PendingReferences {
  readonly ids: string[];
  readonly parts: Buffer[];
  bytes: number;
  readonly ends: number[];
  readonly indexes: number[];
  readonly offsets: number[];
  readonly keys: number[];
  readonly written: string[];
}

function newReferenceBatch(): PendingReferences {
  return {
    ids: [],
    parts: [],
    bytes: 0,
    ends: [],
    indexes: [],
    offsets: [],
    keys: [],
    written: [],
  };
}

/** A batch of root references out for resolution, and what the file needs to apply its result. */
interface Resolution {
  readonly result: Promise<ReferenceResult>;
  readonly ids: readonly string[];
  readonly batch: Pick<ReferenceBatch, "keys" | "written">;
  settled: boolean;
}

interface RawReference {
  readonly bytes: Buffer;
  readonly index: number;
  readonly offset: number;
  readonly written: string;
}

/** Counters of one file, read by the progress bar and the summary. */
export interface JobCounters {
  items: number;
  keptItems: number;
  rows: number;
}

/**
 * The scanning and loading of one JSON document: feeds the scanner, batches kept items to the parse
 * pool, resolves provider references (root raw references parsed only when used; remote ones fetched),
 * turns each batch's provider rows into the file's group keys, and hands everything to the loader.
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
  kind: FileKind | undefined;

  private readonly scanner = new TicScanner(this);
  private readonly refsRaw = new Map<string, RawReference>();
  private readonly groupLines = new CsvBytes(1 << 16);
  /** Reference batches out for resolution, oldest first (their results are applied in order). */
  private readonly resolutions: Resolution[] = [];
  private readonly keys = new GroupKeys();
  /** Reference ids seen in rates before the root references were complete, by group key. */
  private readonly pendingRefIds = new Map<number, string>();
  /** With an NPI filter, the `rates` rows per group key loaded before the key was resolved (to take back if it is rejected). */
  private readonly earlyRowsByKey = new Map<number, number>();
  private refsComplete = false;
  private batchSeq = 0;
  private batch:
    | {
        section: "in_network" | "out_of_network";
        parts: Buffer[];
        bytes: number;
        ends: number[];
        indexes: number[];
        offsets: number[];
      }
    | undefined;
  private readonly outstanding: Promise<BatchResult>[] = [];
  private readonly maxInflight: number;

  constructor(
    private readonly location: string,
    private readonly pool: ParsePool,
    private readonly loader: TicLoader,
    private readonly fetcher: RemoteReferenceFetcher,
    private readonly codes: ReadonlySet<string> | undefined,
    private readonly npis: ReadonlySet<number> | undefined,
  ) {
    this.maxInflight = Math.max(2, pool.size * 2);
  }

  /** Where the scan is: decompressed byte offset and JSON path (for failures outside the input). */
  get position(): { byteOffset: number; jsonPath: string } {
    return { byteOffset: this.scanner.bytesScanned, jsonPath: this.scanner.jsonPath };
  }

  /** Scans one chunk, then waits while too many batches are in flight. */
  async push(chunk: Buffer): Promise<void> {
    try {
      this.scanner.push(chunk);
    } catch (error) {
      throw this.asInputError(error);
    }
    while (this.outstanding.length >= this.maxInflight) await this.handleOldest();
  }

  /** Ends the document: flushes batches, resolves what is left, loads everything. */
  async finish(): Promise<void> {
    try {
      this.scanner.end();
    } catch (error) {
      throw this.asInputError(error);
    }
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
    if (late.length > 0) await this.resolve(late);
    // Without a filter the file's whole provider map is kept, used or not.
    if (this.codes === undefined && this.npis === undefined && this.refsRaw.size > 0) {
      await this.resolve([...this.refsRaw.keys()]);
    }
    await this.applyResolutions(true);
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

  element(element: ScannedElement): void {
    switch (element.section) {
      case "in_network":
      case "out_of_network":
        this.addToBatch(element.section, element);
        break;
      case "provider_references":
        this.keepReference(element);
        break;
      case "reporting_structure":
        this.walk ??= new IndexWalk(this.location);
        this.walk.add(this.parseElement(element));
        break;
    }
  }

  // Batching ------------------------------------------------------------------------------------

  private addToBatch(section: "in_network" | "out_of_network", element: ScannedElement): void {
    if (this.batch !== undefined && this.batch.section !== section) this.dispatch();
    this.batch ??= { section, parts: [], bytes: 0, ends: [], indexes: [], offsets: [] };
    const batch = this.batch;
    batch.parts.push(element.bytes);
    batch.bytes += element.bytes.length;
    batch.ends.push(batch.bytes);
    batch.indexes.push(element.index);
    batch.offsets.push(element.byteOffset);
    if (batch.bytes >= BATCH_BYTES) this.dispatch();
  }

  private dispatch(): void {
    const batch = this.batch;
    if (batch === undefined) return;
    this.batch = undefined;
    // Fresh, unshared ArrayBuffers so they can be transferred to a worker.
    const bytes = new Uint8Array(batch.bytes);
    let at = 0;
    for (const part of batch.parts) {
      bytes.set(part, at);
      at += part.length;
    }
    const message: ItemBatch = {
      seq: this.batchSeq++,
      section: batch.section,
      bytes,
      ends: Int32Array.from(batch.ends),
      itemIndexes: Int32Array.from(batch.indexes),
      fileOffsets: Float64Array.from(batch.offsets),
    };
    const result = this.pool.run(message);
    result.catch(() => undefined); // handled in order by handleOldest; avoid an unhandled rejection meanwhile
    this.outstanding.push(result);
  }

  private async handleOldest(): Promise<void> {
    await this.applyResolutions(false);
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
      await this.resolve(fresh);
      // The NPI filter drops the rows of rejected groups as they are appended: it needs to know.
      if (this.npis !== undefined) await this.applyResolutions(true);
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

  // Provider references ------------------------------------------------------------------------

  private keepReference(element: ScannedElement): void {
    let written = element.key;
    if (written === undefined) {
      const parsed = asObject(
        this.parseElement(element),
        `$.provider_references[${element.index}]`,
      );
      written =
        parsed.provider_group_id === undefined
          ? undefined
          : JSON.stringify(parsed.provider_group_id).replace(/^"|"$/g, "");
    }
    if (written === undefined) {
      throw new InputError(
        this.location,
        { byteOffset: element.byteOffset, jsonPath: `$.provider_references[${element.index}]` },
        "a provider reference needs a provider_group_id",
      );
    }
    const id = canonicalGroupId(written) ?? written;
    // Copied: the element may be a view into a stream chunk.
    this.refsRaw.set(id, {
      bytes: Buffer.from(element.bytes),
      index: element.index,
      offset: element.byteOffset,
      written,
    });
  }

  /**
   * Starts resolving the references not resolved yet: the root ones go to the parse pool in batches
   * (a parse thread when the pool has one, so the scan goes on meanwhile), their results applied in
   * order by `applyResolutions`; ids not listed at the root are recorded as unresolved at once.
   */
  private async resolve(ids: readonly string[]): Promise<void> {
    let keyLines = "";
    let batch = newReferenceBatch();
    for (const id of ids) {
      const key = this.keys.of(id);
      if (this.keys.state(key) !== UNKNOWN) continue;
      const raw = this.refsRaw.get(id);
      if (raw === undefined) {
        this.unresolved.push({
          provider_group_id: id,
          location: null,
          reason: "not listed in provider_references",
        });
        keyLines += this.unresolvedKey(id, id);
        continue;
      }
      this.refsRaw.delete(id);
      this.keys.setState(key, RESOLVING);
      batch.ids.push(id);
      batch.parts.push(raw.bytes);
      batch.bytes += raw.bytes.length;
      batch.ends.push(batch.bytes);
      batch.indexes.push(raw.index);
      batch.offsets.push(raw.offset);
      batch.keys.push(key);
      batch.written.push(raw.written);
      if (batch.bytes >= REFERENCE_BATCH_BYTES) {
        await this.dispatchReferences(batch);
        batch = newReferenceBatch();
      }
    }
    if (batch.ids.length > 0) await this.dispatchReferences(batch);
    await this.loader.add("keys", keyLines);
  }

  private async dispatchReferences(batch: PendingReferences): Promise<void> {
    while (this.resolutions.length >= MAX_REFERENCE_BATCHES) await this.applyOldestResolution();
    // Fresh, unshared ArrayBuffers so they can be transferred to a worker.
    const bytes = new Uint8Array(batch.bytes);
    let at = 0;
    for (const part of batch.parts) {
      bytes.set(part, at);
      at += part.length;
    }
    const keys = Int32Array.from(batch.keys);
    const message: ReferenceBatch = {
      bytes,
      ends: Int32Array.from(batch.ends),
      indexes: Int32Array.from(batch.indexes),
      fileOffsets: Float64Array.from(batch.offsets),
      keys, // copied to a worker, not transferred: read again by applyOldestResolution
      written: batch.written,
    };
    const resolution: Resolution = {
      result: this.pool.resolveReferences(message),
      ids: batch.ids,
      batch: { keys, written: batch.written },
      settled: false,
    };
    // Applied in order by applyResolutions; avoid an unhandled rejection meanwhile.
    const settle = (): void => {
      resolution.settled = true;
    };
    resolution.result.then(settle, settle);
    this.resolutions.push(resolution);
  }

  /** Applies the results of the reference batches that are back (`all`: waits for every one). */
  private async applyResolutions(all: boolean): Promise<void> {
    while (this.resolutions.length > 0 && (all || this.resolutions[0]!.settled)) {
      await this.applyOldestResolution();
    }
  }

  /** Records the oldest reference batch's groups and keys, fetching its remote references. */
  private async applyOldestResolution(): Promise<void> {
    const { result: pending, ids, batch } = this.resolutions.shift()!;
    const result = await pending;
    if (result.error !== undefined) {
      throw new InputError(
        this.location,
        { byteOffset: result.error.byteOffset, jsonPath: result.error.jsonPath },
        result.error.problem,
      );
    }
    const remote: { id: string; written: string; url: string }[] = [];
    let remoteAt = 0;
    for (let k = 0; k < ids.length; k++) {
      const key = batch.keys[k]!;
      const written = batch.written[k]!;
      switch (result.outcomes[k]) {
        case ReferenceOutcome.Kept:
          this.keys.setState(key, KEPT);
          break;
        case ReferenceOutcome.Rejected:
          this.keys.setState(key, REJECTED);
          break;
        case ReferenceOutcome.Remote:
          remote.push({ id: ids[k]!, written, url: result.remote[remoteAt++]! });
          break;
        case ReferenceOutcome.Neither:
          this.unresolved.push({
            provider_group_id: written,
            location: null,
            reason: "neither provider_groups nor location",
          });
          this.keys.setState(key, this.npis === undefined ? KEPT : REJECTED);
          break;
        default:
          throw new Error(`reference outcome ${String(result.outcomes[k])} unknown`);
      }
    }
    await this.loader.add("groups", result.groupsCsv);
    await this.loader.add("keys", result.keyLines);
    if (remote.length > 0) await this.resolveRemote(remote);
  }

  /** Fetches references whose groups are in other files; adds their groups and reference-map rows. */
  private async resolveRemote(
    remote: readonly { id: string; written: string; url: string }[],
  ): Promise<void> {
    let keyLines = "";
    // Group lines of the whole call go to the loader in one write, encoded as they come into one
    // buffer kept for the file. (Calls never overlap: every caller awaits the previous one.)
    const groupLines = this.groupLines;
    groupLines.clear();
    const fetched = await mapLimit(remote, 8, async (entry) => ({
      entry,
      outcome: await this.fetcher.get(entry.url),
    }));
    for (const { entry, outcome } of fetched) {
      let entries: ProviderEntry[] | undefined;
      let reason = outcome.ok ? "" : outcome.reason;
      if (outcome.ok) {
        try {
          const body = asObject(outcome.body, "$");
          entries = readProviderGroups(body.provider_groups, "$.provider_groups");
        } catch (error) {
          reason = `invalid provider-reference file: ${error instanceof Error ? error.message : String(error)}`;
        }
      }
      if (entries === undefined) {
        this.unresolved.push({ provider_group_id: entry.written, location: entry.url, reason });
        keyLines += this.unresolvedKey(entry.id, entry.written);
      } else {
        keyLines += this.addGroup(groupLines, entry.id, entry.written, entries);
      }
    }
    await this.loader.add("groups", groupLines.bytes());
    await this.loader.add("keys", keyLines);
  }

  /** Records a resolved group: its provider-group lines (when the NPI filter wants it); returns its `group_refs` line. */
  private addGroup(
    groupLines: CsvBytes,
    id: string,
    written: string,
    entries: readonly ProviderEntry[],
  ): string {
    const key = this.keys.of(id);
    const keep = this.npis === undefined || groupHasNpi(entries, this.npis);
    this.keys.setState(key, keep ? KEPT : REJECTED);
    if (keep) {
      writeGroupRows(groupLines, entries, { groupKey: key, providerGroupId: written }, undefined);
    }
    return `${key},${csvText(written)},true\n`;
  }

  /** Records a reference that could not be resolved (kept unless an NPI filter is on); returns its `group_refs` line. */
  private unresolvedKey(id: string, written: string): string {
    const key = this.keys.of(id);
    this.keys.setState(key, this.npis === undefined ? KEPT : REJECTED);
    return `${key},${csvText(written)},false\n`;
  }

  // Helpers ------------------------------------------------------------------------------------

  private parseElement(element: ScannedElement): unknown {
    return this.parseBytes(
      element.bytes,
      element.byteOffset,
      `$.${element.section}[${element.index}]`,
    );
  }

  private parseBytes(bytes: Buffer, offset: number, path: string): unknown {
    const text = bytes.toString("utf8");
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      const failure = jsonParseFailure(text, error);
      throw new InputError(
        this.location,
        { byteOffset: offset + failure.byteOffset, jsonPath: path },
        `invalid JSON: ${failure.message}`,
      );
    }
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
