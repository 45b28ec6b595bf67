import type { ListedFile } from "./index-walk.js";
import type { FileTask } from "./ingest-folder.js";
import type { IngestOptions, IngestSummary } from "./ingest-types.js";

/** `IngestOptions` as they cross a process boundary (sets as arrays; no fetch, no stdin). */
export interface WireOptions {
  readonly codes?: string[];
  readonly npis?: number[];
  readonly offline?: boolean;
  readonly synthetic?: boolean;
  readonly cacheDir?: string;
  readonly workers?: number;
  readonly scratchThreads?: number;
  readonly remote?: IngestOptions["remote"];
  readonly download?: IngestOptions["download"];
}

/** Parent → worker process. */
export type ToWorker = {
  readonly type: "task";
  readonly id: number;
  readonly root: string;
  readonly task: FileTask;
  readonly options: WireOptions;
};

/** Worker process → parent. */
export type FromWorker =
  | {
      readonly type: "progress";
      readonly id: number;
      readonly bytes: number;
      readonly rows: number;
    }
  | {
      readonly type: "done";
      readonly id: number;
      readonly summaries: IngestSummary[];
      readonly listed: ListedFile[];
    };

export function toWire(options: IngestOptions): WireOptions {
  return {
    ...(options.codes === undefined ? {} : { codes: [...options.codes] }),
    ...(options.npis === undefined ? {} : { npis: [...options.npis] }),
    ...(options.offline === undefined ? {} : { offline: options.offline }),
    ...(options.synthetic === undefined ? {} : { synthetic: options.synthetic }),
    ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
    ...(options.workers === undefined ? {} : { workers: options.workers }),
    ...(options.scratchThreads === undefined ? {} : { scratchThreads: options.scratchThreads }),
    ...(options.remote === undefined ? {} : { remote: options.remote }),
    ...(options.download === undefined ? {} : { download: options.download }),
  };
}

export function fromWire(options: WireOptions): IngestOptions {
  const { codes, npis, ...rest } = options;
  return {
    ...rest,
    ...(codes === undefined ? {} : { codes: new Set(codes) }),
    ...(npis === undefined ? {} : { npis: new Set(npis) }),
  };
}
