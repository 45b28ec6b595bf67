/**
 * Bounds expensive work (benchmarks, publications, claim checks): at most `concurrent` at once and
 * `queued` waiting; beyond that a `BusyError` (503 with Retry-After) rather than a pile-up that
 * grows memory and latency for everyone. Written by hand: a dozen lines, and the npm semaphores
 * have no bounded queue.
 */
import { BusyError } from "../errors.js";

export interface RequestLimiter {
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Running and waiting jobs (tests, diagnostics). */
  readonly load: { running: number; waiting: number };
}

export function requestLimiter(options: {
  concurrent: number;
  queued: number;
  retryAfterSeconds?: number;
}): RequestLimiter {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    running--;
    const next = waiting.shift();
    if (next !== undefined) {
      running++;
      next();
    }
  };
  return {
    get load() {
      return { running, waiting: waiting.length };
    },
    async run<T>(work: () => Promise<T>): Promise<T> {
      if (running >= options.concurrent) {
        if (waiting.length >= options.queued) throw new BusyError(options.retryAfterSeconds ?? 1);
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        running++;
      }
      try {
        return await work();
      } finally {
        release();
      }
    },
  };
}
