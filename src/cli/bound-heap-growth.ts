import { setFlagsFromString } from "node:v8";

/** Inputs from this size on get the bounded heap (tests and small batches are left alone). */
export const LARGE_CLAIM_INPUT_BYTES = 10_000_000;

/**
 * Caps how far V8 lets the old generation grow past what the last full GC kept (factor 2, V8's
 * own choice is up to 4). A streaming check holds only the reference data (~56 MB live) and one
 * batch, but allocates fast: by default the heap grows to ~200 MB of garbage between full GCs,
 * and peak RSS of a million-claim check was 335–362 MB against a 300 MB target. With factor 2 it
 * was 221 MB at about the same CPU time (100,000 claims, docs/benchmarks.md); factor 1.3–1.5
 * cost a third more CPU. The flag is read at each heap-limit computation, so setting it once the
 * process runs takes effect from the next full GC on, for this process only.
 */
export function boundHeapGrowth(): void {
  setFlagsFromString("--heap-growing-percent=100");
}
