/**
 * How an ingest reports progress without knowing about terminals: the caller (a CLI command, the
 * demo) passes a `StartProgress`, and `present/progress.ts` supplies the one that draws a bar.
 * Without one an ingest is quiet.
 */

/** The counters a long job reports as it goes. */
export interface ProgressCounts {
  /** Bytes consumed of the input. */
  bytes: number;
  /** Items processed (rows, in_network items …). */
  items?: number;
  /** Secondary count, e.g. bad rows. */
  rows?: number;
}

/** The label, the total size if known, and the unit names of one job's progress. */
export interface ProgressLabels {
  label: string;
  totalBytes?: number;
  itemsLabel?: string;
  rowsLabel?: string;
}

/** One job's progress: updated as it goes, then finished with a summary or aborted. */
export interface ProgressMeter {
  update(counts: ProgressCounts): void;
  finish(final?: ProgressCounts, note?: string): unknown;
  abort(): void;
}

/** Starts the progress of one job. */
export type StartProgress = (labels: ProgressLabels) => ProgressMeter;

/** Reports nothing. */
export const quietProgress: StartProgress = () => ({
  update: () => undefined,
  finish: () => undefined,
  abort: () => undefined,
});
