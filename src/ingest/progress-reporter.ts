/**
 * How the ingest stage reports progress without knowing how it is shown: the caller (the CLI, the
 * demo, a queue worker) injects a `ProgressReporter`; `present/progress.ts` provides the terminal
 * one (a bar on a terminal, quiet lines otherwise), `silentReporter` shows nothing.
 */

/** What a long job reports as it goes. */
export interface ProgressUpdate {
  /** Bytes handed to the parser so far (uncompressed). */
  bytes: number;
  /** Raw (stored, possibly compressed) bytes read so far, when they differ from `bytes`. */
  rawBytes?: number;
  /** Items processed (in_network items, CSV rows …). */
  items?: number;
  /** Secondary count, e.g. rates written. */
  rows?: number;
  /** Anything else worth showing (e.g. "2 failed, 87 left of 120, ETA ~40 s"). */
  detail?: string;
}

/** The label, the raw size if known (for percentage and ETA), and the unit names. */
export interface ProgressOptions {
  label: string;
  /** Raw (stored) size: progress and ETA are computed on raw bytes, speed on uncompressed ones. */
  totalBytes?: number;
  itemsLabel?: string;
  rowsLabel?: string;
}

/** The display of one job. */
export interface ProgressDisplay {
  /** Records the latest counters; cheap enough to call per chunk. */
  update(update: ProgressUpdate): void;
  /** Ends the display with a summary line (`note` appended). */
  finish(final?: ProgressUpdate, note?: string): void;
  /** Clears the display without a summary (on failure, before the error is printed). */
  abort(): void;
}

/** Where progress and notes go. */
export interface ProgressReporter {
  /** Starts the display of one job. */
  start(options: ProgressOptions): ProgressDisplay;
  /** Writes one line of notes (a warning, a sample of bad rows). */
  log(line: string): void;
}

/** Shows nothing (tests, library callers that only want the summaries). */
export const silentReporter: ProgressReporter = {
  start: () => ({ update: () => undefined, finish: () => undefined, abort: () => undefined }),
  log: () => undefined,
};
