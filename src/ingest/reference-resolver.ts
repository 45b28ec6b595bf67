import { InputError } from "../errors.js";
import { CsvBytes } from "../normalize/tic/csv-fields.js";
import { asObject } from "../normalize/tic/normalize-error.js";
import {
  canonicalGroupId,
  groupHasNpi,
  groupLinePrefix,
  groupLineTails,
  readProviderGroups,
  type ProviderEntry,
} from "../normalize/tic/provider-groups.js";
import {
  groupRefLine,
  ReferenceOutcome,
  type ReferenceBatch,
  type ReferenceResult,
} from "../normalize/tic/reference-batch.js";
import type { ScannedElement } from "../sources/tic/json-scanner.js";
import { mapLimit, type RemoteReferenceFetcher } from "../sources/tic/remote-references.js";
import type { TicLoader } from "../store/tic-loader.js";
import { KEPT, REJECTED, RESOLVING, UNKNOWN, type GroupKeys } from "./group-keys.js";
import type { UnresolvedReference } from "./ingest-types.js";
import type { ParsePool } from "./parse-pool.js";
import { parseJsonAt } from "./parse-json-at.js";

/** Root references go to the parser in batches of about this many bytes... */
const REFERENCE_BATCH_BYTES = 1 << 20;
/** ...and at most this many batches are out at once (the scan waits for the oldest beyond it). */
const MAX_REFERENCE_BATCHES = 4;

/** Root references gathered for one `ReferenceBatch`. */
interface PendingReferences {
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
  readonly batch: Pick<ReferenceBatch, "keys" | "written">;
  settled: boolean;
}

/** A reference whose groups are in another file, to fetch. */
interface RemoteReference {
  readonly key: number;
  readonly written: string;
  readonly url: string;
}

/** A provider-reference file's groups, and each provider's CSV line after the group's key and id. */
interface RemoteGroups {
  readonly entries: readonly ProviderEntry[];
  readonly tails: readonly Uint8Array[];
}

/**
 * Remote reference files read and encoded once per parsed body: the fetcher hands the same body to
 * every file a process loads (`remote-references.ts`), and the files of one index name the same few
 * hundred reference files. Reading each again for every file was ~0.1 s of a worker's 7 s on the
 * synthetic payer, and writing its lines again ~0.2 s. Kept as long as the body is (the fetcher
 * keeps at most 32 MB of reference text in memory; the lines are about as big).
 */
const remoteGroups = new WeakMap<object, RemoteGroups>();

function remoteGroupsOf(body: unknown): RemoteGroups {
  const known = typeof body === "object" && body !== null ? remoteGroups.get(body) : undefined;
  if (known !== undefined) return known;
  const object = asObject(body, "$");
  const entries = readProviderGroups(object.provider_groups, "$.provider_groups");
  const groups = { entries, tails: groupLineTails(entries, undefined) };
  remoteGroups.set(object, groups);
  return groups;
}

/** A root reference as the scan passed it (copied out of the stream's chunk). */
interface RawReference {
  readonly bytes: Buffer;
  readonly index: number;
  readonly offset: number;
  readonly written: string;
}

/**
 * The root `provider_references` of one file: kept raw as the scan passes them, resolved when a
 * kept rate first names one (or all of them at the end of an unfiltered file), in ~1 MB batches on
 * the parse pool; each batch's groups, reference-map rows and remote references are recorded in
 * order as its result comes back, while the scan goes on. Group keys and their states are the
 * file's (`GroupKeys`, shared with `FileJob`).
 */
export class ReferenceResolver {
  private readonly raw = new Map<string, RawReference>();
  private readonly groupLines = new CsvBytes(1 << 16);
  /** Reference batches out for resolution, oldest first. */
  private readonly resolutions: Resolution[] = [];

  constructor(
    private readonly location: string,
    private readonly pool: ParsePool,
    private readonly loader: TicLoader,
    private readonly fetcher: RemoteReferenceFetcher,
    private readonly keys: GroupKeys,
    private readonly npis: ReadonlySet<number> | undefined,
    /** The file's unresolved references, added to here. */
    private readonly unresolved: UnresolvedReference[],
  ) {}

  /** Ids of the root references kept and not resolved yet. */
  pendingIds(): string[] {
    return [...this.raw.keys()];
  }

  /** Keeps a root reference, raw, until a rate names it (or the file ends without a filter). */
  keep(element: ScannedElement): void {
    let written = element.key;
    if (written === undefined) {
      const path = `$.provider_references[${element.index}]`;
      const parsed = asObject(
        parseJsonAt(this.location, element.bytes, element.byteOffset, path),
        path,
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
    this.raw.set(id, {
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
  async resolve(ids: readonly string[]): Promise<void> {
    let keyLines = "";
    let batch = newReferenceBatch();
    for (const id of ids) {
      const key = this.keys.of(id);
      if (this.keys.state(key) !== UNKNOWN) continue;
      const raw = this.raw.get(id);
      if (raw === undefined) {
        this.unresolved.push({
          provider_group_id: id,
          location: null,
          reason: "not listed in provider_references",
        });
        this.markUnresolved(key);
        keyLines += groupRefLine(key, id, false);
        continue;
      }
      this.raw.delete(id);
      this.keys.setState(key, RESOLVING);
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
    if (batch.keys.length > 0) await this.dispatchReferences(batch);
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
  async applyResolutions(all: boolean): Promise<void> {
    while (this.resolutions.length > 0 && (all || this.resolutions[0]!.settled)) {
      await this.applyOldestResolution();
    }
  }

  /** Records the oldest reference batch's groups and keys, fetching its remote references. */
  private async applyOldestResolution(): Promise<void> {
    const { result: pending, batch } = this.resolutions.shift()!;
    const result = await pending;
    if (result.error !== undefined) {
      throw new InputError(
        this.location,
        { byteOffset: result.error.byteOffset, jsonPath: result.error.jsonPath },
        result.error.problem,
      );
    }
    const remote: RemoteReference[] = [];
    let remoteAt = 0;
    for (let k = 0; k < batch.keys.length; k++) {
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
          remote.push({ key, written, url: result.remote[remoteAt++]! });
          break;
        case ReferenceOutcome.Neither:
          this.unresolved.push({
            provider_group_id: written,
            location: null,
            reason: "neither provider_groups nor location",
          });
          this.markUnresolved(key);
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
  private async resolveRemote(remote: readonly RemoteReference[]): Promise<void> {
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
      let groups: RemoteGroups | undefined;
      let reason = outcome.ok ? "" : outcome.reason;
      if (outcome.ok) {
        try {
          groups = remoteGroupsOf(outcome.body);
        } catch (error) {
          reason = `invalid provider-reference file: ${error instanceof Error ? error.message : String(error)}`;
        }
      }
      if (groups === undefined) {
        this.unresolved.push({ provider_group_id: entry.written, location: entry.url, reason });
        this.markUnresolved(entry.key);
        keyLines += groupRefLine(entry.key, entry.written, false);
      } else {
        keyLines += this.addGroup(groupLines, entry.key, entry.written, groups);
      }
    }
    await this.loader.add("groups", groupLines.bytes());
    await this.loader.add("keys", keyLines);
  }

  /** Records a resolved group: its provider-group lines (when the NPI filter wants it); returns its `group_refs` line. */
  private addGroup(
    groupLines: CsvBytes,
    key: number,
    written: string,
    groups: RemoteGroups,
  ): string {
    const keep = this.npis === undefined || groupHasNpi(groups.entries, this.npis);
    this.keys.setState(key, keep ? KEPT : REJECTED);
    if (keep) {
      const prefix = groupLinePrefix({ groupKey: key, providerGroupId: written });
      for (const tail of groups.tails) groupLines.pushLine(prefix, tail);
    }
    return groupRefLine(key, written, true);
  }

  /** A reference whose groups could not be found: kept unless an NPI filter is on (it names none of them). */
  private markUnresolved(key: number): void {
    this.keys.setState(key, this.npis === undefined ? KEPT : REJECTED);
  }
}
