import type { Writable } from "node:stream";

import type {
  ProgressDisplay,
  ProgressOptions,
  ProgressReporter,
  ProgressUpdate,
} from "../ingest/progress-reporter.js";

export type { ProgressOptions, ProgressUpdate };

/**
 * A progress bar on a terminal (bytes, MB/s, items, rows, ETA when the size is known, redrawn at
 * most 10 times a second), and nothing but one summary line when not on a terminal.
 * Written by hand because the bar must be throttled on a hot loop and quiet off-terminal; the
 * npm bars either redraw per update or print on non-TTY streams.
 */
export class Progress implements ProgressDisplay {
  private readonly started = performance.now();
  private lastDraw = 0;
  private last: ProgressUpdate = { bytes: 0 };

  constructor(
    private readonly out: Writable,
    private readonly interactive: boolean,
    private readonly options: ProgressOptions,
  ) {}

  /** Records the latest counters; cheap enough to call per chunk. */
  update(update: ProgressUpdate): void {
    this.last = update;
    if (!this.interactive) return;
    const now = performance.now();
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.out.write(`\r${this.line(now)}\u001b[K`);
  }

  /** Ends the bar and writes the summary line (both modes). Returns the summary. */
  finish(final?: ProgressUpdate, note = ""): string {
    if (final !== undefined) this.last = final;
    const summary = `${this.line(performance.now(), true)}${note === "" ? "" : ` ${note}`}`;
    this.out.write(
      `${this.interactive ? "\r" : ""}${summary}${this.interactive ? "\u001b[K" : ""}\n`,
    );
    return summary;
  }

  /** Clears the bar line without a summary (on failure, before the error is printed). */
  abort(): void {
    if (this.interactive) this.out.write("\r\u001b[K");
  }

  /**
   * Progress and ETA come from the raw (stored) bytes, the only ones whose total is known; the
   * speed and the byte count shown are uncompressed bytes, which is what the parser works through.
   * For a compressed input the uncompressed total is estimated from the ratio so far.
   */
  private line(now: number, done = false): string {
    const seconds = Math.max((now - this.started) / 1000, 1e-6);
    const { bytes, items, rows } = this.last;
    const raw = this.last.rawBytes ?? bytes;
    const rate = bytes / 1e6 / seconds;
    const parts = [this.options.label];
    const total = this.options.totalBytes;
    const known = total !== undefined && total > 0 && !done;
    if (known) {
      const fraction = Math.min(raw / total, 1);
      const width = 24;
      const filled = Math.round(fraction * width);
      parts.push(
        `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(fraction * 100).toFixed(1)}%`,
      );
    }
    const estimate =
      known && raw > 0 && raw < total && bytes > raw
        ? ` of ~${formatBytes((bytes * total) / raw)}`
        : "";
    parts.push(`${formatBytes(bytes)}${estimate} ${rate.toFixed(1)} MB/s`);
    if (items !== undefined) {
      parts.push(`${items.toLocaleString("en-US")} ${this.options.itemsLabel ?? "items"}`);
    }
    if (rows !== undefined) {
      parts.push(`${rows.toLocaleString("en-US")} ${this.options.rowsLabel ?? "rows"}`);
    }
    if (this.last.detail !== undefined) parts.push(this.last.detail);
    if (done) {
      parts.push(`in ${seconds.toFixed(1)} s`);
    } else if (known && raw > 0) {
      parts.push(`ETA ${Math.max(0, ((total - raw) / raw) * seconds).toFixed(0)} s`);
    }
    return parts.join("  ");
  }
}

/** The reporter of the CLI: a bar per job on a terminal, one summary line per job otherwise. */
export function progressReporter(out: Writable, interactive: boolean): ProgressReporter {
  return {
    start: (options) => new Progress(out, interactive, options),
    log: (line) => {
      out.write(`${line}\n`);
    },
  };
}

/** `1234567` → `1.2 MB`. */
export function formatBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit] ?? "B"}`;
}
