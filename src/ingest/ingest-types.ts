import type { FileKind, PlanInfo, UnresolvedReference } from "../store/tic-source-files.js";

import type { DownloadOptions } from "../sources/tic/open-input.js";
import type { ProgressReporter } from "./progress-reporter.js";

export type { FileKind, PlanInfo, UnresolvedReference };

/** Options of `ingestFiles`. */
export interface IngestOptions {
  /** Keep only items with these billing codes (as written, e.g. "64490"). Unset = all. */
  readonly codes?: ReadonlySet<string>;
  /** Keep only rates whose provider group lists one of these NPIs. Unset = all. */
  readonly npis?: ReadonlySet<number>;
  /** The fetch used for URLs and remote references (tests inject one; nothing else touches the network). */
  readonly fetch?: typeof fetch;
  /** Do not fetch remote provider references (recorded as unresolved). */
  readonly offline?: boolean;
  /** Marks the loaded files as synthetic (`source_files.synthetic`). */
  readonly synthetic?: boolean;
  /** Cache folder for remote references and downloaded archives (default `.cache`). */
  readonly cacheDir?: string;
  /** Parse worker threads: 0 parses inline. Default: 2 without a filter (JSON.parse is then most of the work), 0 with one. */
  readonly workers?: number;
  /**
   * DuckDB threads of a store folder's scratch database (default 2). `--jobs N` with N ≥ 2 gives its
   * worker processes 1: the processes already share the cores, and a small file's statements cost
   * half the CPU on one thread (index of 43 files, 2 processes: 10-20 % less time).
   */
  readonly scratchThreads?: number;
  /** Path of the compiled parse worker (tests point it at `dist/`); default: next to this module. */
  readonly workerPath?: string;
  /** Remote provider-reference fetching: timeout per attempt, retries (network, 429, 5xx), first backoff. */
  readonly remote?: {
    readonly timeoutMs?: number;
    readonly retries?: number;
    readonly backoffMs?: number;
  };
  /** Downloads of files: attempts for 5xx, 429 and broken connections, first backoff, idle timeout. */
  readonly download?: DownloadOptions;
  /** Standard input, for the location `-`. */
  readonly stdin?: NodeJS.ReadableStream;
  /**
   * Called once when an input turns out to be an index (table of contents), as its walk starts:
   * `--jobs N` starts its worker processes then, so they load while the index is read.
   */
  readonly onIndex?: () => void;
}

/** Where progress goes: injected by the caller (see `progress-reporter.ts`). */
export type IngestReporter = ProgressReporter;

/** The outcome for one input (an index file yields one summary for itself and one per listed file). */
export interface IngestSummary {
  readonly location: string;
  readonly status: "ingested" | "skipped" | "failed";
  readonly fileId: number | undefined;
  readonly kind: FileKind | undefined;
  readonly sha256: string | undefined;
  readonly sizeBytes: number;
  readonly uncompressedBytes: number;
  readonly items: number;
  readonly keptItems: number;
  readonly rows: number;
  readonly providerGroups: number;
  readonly unresolvedReferences: number;
  readonly seconds: number;
  /** Why it was skipped or failed. */
  readonly note?: string;
  readonly parentFileId?: number;
  /** An index: distinct plans and distinct files it lists. */
  readonly plans?: number;
  readonly listedFiles?: number;
  /** For a summary that stands for several files (listed files not fetched offline): how many. */
  readonly files?: number;
}
