import { InputError } from "../../errors.js";
import { csvText } from "../../normalize/tic/csv-fields.js";
import type { BatchResult, ItemBatch } from "../../normalize/tic/normalize-batch.js";
import { asObject, jsonParseFailure, NormalizeError, optionalTextList } from "../../normalize/tic/normalize-error.js";
import { canonicalGroupId, groupHasNpi, readProviderGroups, writeGroupRows, type ProviderEntry } from "../../normalize/tic/provider-groups.js";
import type { TicLoader } from "../../store/tic-loader.js";
import type { FileKind, UnresolvedReference } from "./ingest-types.js";
import { ScanError, TicScanner, type ScannedElement, type ScannerSink, type TicSection } from "./json-scanner.js";
import type { ParsePool } from "./parse-pool.js";
import { mapLimit, type RemoteReferenceFetcher } from "./remote-references.js";

const PROVIDER_GROUPS_KEY = Buffer.from('"provider_groups"');

/** Items are sent to the parser in batches of about this many bytes. */
const BATCH_BYTES = 1 << 20;

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
 * and hands CSV to the loader. Memory stays bounded: at most `maxInflight` batches are in flight and
 * the scan waits (stream backpressure) until one is loaded.
 */
export class FileJob implements ScannerSink {
  readonly headers: Record<string, unknown> = {};
  readonly counters: JobCounters = { items: 0, keptItems: 0, rows: 0 };
  readonly unresolved: UnresolvedReference[] = [];
  readonly structures: unknown[] = [];
  kind: FileKind | undefined;

  private readonly scanner = new TicScanner(this);
  private readonly refsRaw = new Map<string, RawReference>();
  private readonly resolvedIds = new Set<string>();
  private readonly pendingRefIds = new Set<string>();
  private refsComplete = false;
  private allRefsResolved = false;
  private nextGroupKey = 0;
  private batchSeq = 0;
  private batch: { section: "in_network" | "out_of_network"; parts: Buffer[]; bytes: number; ends: number[]; indexes: number[]; offsets: number[] } | undefined;
  private readonly outstanding: Promise<BatchResult>[] = [];
  private readonly maxInflight: number;

  constructor(
    private readonly location: string,
    private readonly pool: ParsePool,
    private readonly loader: TicLoader,
    private readonly fetcher: RemoteReferenceFetcher,
    private readonly codes: ReadonlySet<string> | undefined,
    private readonly npis: ReadonlySet<number> | undefined,
    /** Stage reference-only in-network items for DuckDB's JSON reader (unfiltered ingests). */
    private readonly fastJson = false,
  ) {
    this.maxInflight = Math.max(2, pool.size * 2);
  }

  /** Scans one chunk, then waits while too many batches are in flight. */
  async push(chunk: Buffer): Promise<void> {
    try {
      this.scanner.push(chunk);
    } catch (error) {
      throw this.asInputError(error);
    }
    while (this.outstanding.length >= this.maxInflight) await this.handleOldest();
    if (this.fastJson && this.refsComplete && !this.allRefsResolved) await this.resolveAll();
    if (this.loader.jsonFull) await this.loader.flush();
  }

  /** Fast path: every root reference resolved up front, so staged JSON items can be loaded. */
  private async resolveAll(): Promise<void> {
    this.allRefsResolved = true;
    await this.resolve([...this.refsRaw.keys()]);
    this.loader.setJsonReady();
  }

  /** Ends the document: flushes batches, resolves what is left, loads everything. */
  async finish(): Promise<void> {
    try {
      this.scanner.end();
    } catch (error) {
      throw this.asInputError(error);
    }
    if (this.kind === undefined) {
      throw new InputError(this.location, { jsonPath: "$" }, "not a Transparency in Coverage file: no in_network, out_of_network or reporting_structure array");
    }
    this.dispatch();
    while (this.outstanding.length > 0) await this.handleOldest();
    this.refsComplete = true;
    if (this.pendingRefIds.size > 0) await this.resolve([...this.pendingRefIds]);
    // Without a filter the file's whole provider map is kept, used or not.
    if (this.codes === undefined && this.npis === undefined && this.refsRaw.size > 0) await this.resolve([...this.refsRaw.keys()]);
    await this.loader.finish();
    if (this.fastJson) {
      for (const id of await this.loader.unlistedReferences()) {
        this.unresolved.push({ provider_group_id: id, location: null, reason: "not listed in provider_references" });
      }
    }
  }

  // ScannerSink -------------------------------------------------------------------------------

  header(key: string, rawJson: string): void {
    try {
      this.headers[key] = JSON.parse(rawJson) as unknown;
    } catch {
      throw new InputError(this.location, { byteOffset: this.scanner.bytesScanned, jsonPath: `$.${key}` }, `invalid value ${JSON.stringify(rawJson.slice(0, 40))}`);
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
        this.structures.push(this.parseElement(element));
        break;
    }
  }

  // Batching ------------------------------------------------------------------------------------

  private addToBatch(section: "in_network" | "out_of_network", element: ScannedElement): void {
    // Items with inline provider_groups need keys assigned per group: those stay on the JS path.
    if (this.fastJson && section === "in_network" && !element.bytes.includes(PROVIDER_GROUPS_KEY)) {
      this.loader.addJsonItem(element.index, element.bytes);
      return;
    }
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
    const result = await this.outstanding.shift()!;
    if (result.error !== undefined) {
      throw new InputError(this.location, { byteOffset: result.error.byteOffset, jsonPath: result.error.jsonPath }, result.error.problem);
    }
    if (result.inlineGroups > 0) {
      await this.loader.add("bases", `${result.seq},${this.nextGroupKey}\n`);
      this.nextGroupKey += result.inlineGroups;
    }
    await this.loader.add("groups", result.groupsCsv);
    this.counters.rows += result.rows;
    if (this.kind === "allowed-amounts") {
      await this.loader.add("allowed", result.rowsCsv);
      return;
    }
    if (result.refIds.length > 0 && !this.refsComplete) {
      for (const id of result.refIds) this.pendingRefIds.add(id);
      await this.loader.add("pending", result.rowsCsv);
      return;
    }
    await this.resolve(result.refIds);
    await this.loader.add("rates", result.rowsCsv);
  }

  // Provider references ------------------------------------------------------------------------

  private keepReference(element: ScannedElement): void {
    let written = element.key;
    if (written === undefined) {
      const parsed = asObject(this.parseElement(element), `$.provider_references[${element.index}]`);
      written = parsed.provider_group_id === undefined ? undefined : JSON.stringify(parsed.provider_group_id).replace(/^"|"$/g, "");
    }
    if (written === undefined) {
      throw new InputError(this.location, { byteOffset: element.byteOffset, jsonPath: `$.provider_references[${element.index}]` }, "a provider reference needs a provider_group_id");
    }
    const id = canonicalGroupId(written) ?? written;
    // Copied: the element may be a view into a stream chunk.
    this.refsRaw.set(id, { bytes: Buffer.from(element.bytes), index: element.index, offset: element.byteOffset, written });
  }

  /** Resolves references not yet resolved; adds provider groups and reference-map rows. */
  private async resolve(ids: readonly string[]): Promise<void> {
    const remote: { id: string; written: string; url: string }[] = [];
    let refs = "";
    // Group lines of the whole call go to the loader in one write (one syscall per group cost ~0.3 s per GB).
    const groupLines: string[] = [];
    for (const id of ids) {
      if (this.resolvedIds.has(id)) continue;
      this.resolvedIds.add(id);
      const raw = this.refsRaw.get(id);
      this.refsRaw.delete(id);
      if (raw === undefined) {
        this.unresolved.push({ provider_group_id: id, location: null, reason: "not listed in provider_references" });
        refs += this.refRow(id, id, undefined, this.npis === undefined);
        continue;
      }
      const path = `$.provider_references[${raw.index}]`;
      const parsed = this.parseBytes(raw.bytes, raw.offset, path);
      const reference = this.catchNormalize(() => asObject(parsed, path), raw.offset);
      if (reference.provider_groups !== undefined && reference.provider_groups !== null) {
        const entries = this.readGroups(reference.provider_groups, `${path}.provider_groups`, raw.offset);
        const networks = this.catchNormalize(() => optionalTextList(reference, "network_name", path), raw.offset);
        refs += this.addGroup(groupLines, id, raw.written, entries, networks);
      } else if (typeof reference.location === "string") {
        remote.push({ id, written: raw.written, url: reference.location });
      } else {
        this.unresolved.push({ provider_group_id: raw.written, location: null, reason: "neither provider_groups nor location" });
        refs += this.refRow(id, raw.written, undefined, this.npis === undefined);
      }
    }
    const fetched = await mapLimit(remote, 8, async (entry) => ({ entry, outcome: await this.fetcher.get(entry.url) }));
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
        refs += this.refRow(entry.id, entry.written, undefined, this.npis === undefined);
      } else {
        refs += this.addGroup(groupLines, entry.id, entry.written, entries, undefined);
      }
    }
    await this.loader.add("groups", groupLines.join(""));
    await this.loader.add("refs", refs);
  }

  /** Assigns the group its key, appends its provider-group lines (when wanted); returns its reference-map rows. */
  private addGroup(groupLines: string[], id: string, written: string, entries: readonly ProviderEntry[], networks: readonly string[] | undefined): string {
    const key = this.nextGroupKey++;
    const wanted = this.npis === undefined || groupHasNpi(entries, this.npis);
    if (wanted) writeGroupRows(groupLines, entries, { groupKey: key, providerGroupId: written }, networks);
    return this.refRow(id, written, key, wanted);
  }

  private refRow(id: string, written: string, key: number | undefined, keep: boolean): string {
    const row = `${csvText(id)},${csvText(written)},${key ?? ""},${keep}\n`;
    // DuckDB's JSON reader writes a whole-number id given as 5.0 as "5.0": map that spelling too.
    return /^-?\d+$/.test(id) ? `${row}${csvText(`${id}.0`)},${csvText(written)},${key ?? ""},${keep}\n` : row;
  }

  private readGroups(value: unknown, path: string, offset: number): ProviderEntry[] {
    return this.catchNormalize(() => readProviderGroups(value, path), offset);
  }

  private catchNormalize<T>(work: () => T, offset: number): T {
    try {
      return work();
    } catch (error) {
      if (error instanceof NormalizeError) throw new InputError(this.location, { byteOffset: offset, jsonPath: error.jsonPath }, error.problem);
      throw error;
    }
  }

  // Helpers ------------------------------------------------------------------------------------

  private parseElement(element: ScannedElement): unknown {
    return this.parseBytes(element.bytes, element.byteOffset, `$.${element.section}[${element.index}]`);
  }

  private parseBytes(bytes: Buffer, offset: number, path: string): unknown {
    const text = bytes.toString("utf8");
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      const failure = jsonParseFailure(text, error);
      throw new InputError(this.location, { byteOffset: offset + failure.byteOffset, jsonPath: path }, `invalid JSON: ${failure.message}`);
    }
  }

  private asInputError(error: unknown): unknown {
    if (error instanceof ScanError) return new InputError(this.location, { byteOffset: error.byteOffset, jsonPath: error.jsonPath }, error.problem);
    return error;
  }
}
