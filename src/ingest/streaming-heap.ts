/**
 * V8 settings of a process that streams price files. The scanning isolate holds little (~10–20 MB
 * live) but promotes steadily, and V8 sizes the old generation's first limits from that small
 * heap: the 1 % filter of the 1 GB fan-out file ran 23–35 full GCs, each marking on the core the
 * decompression needs. Starting the old generation at 64 MB cut them to 6–9 and the run by ~5 %
 * (6 interleaved pairs, docs/benchmarks.md), the unfiltered one too, peak RSS within its usual
 * spread; 128 MB raised the unfiltered peak RSS by ~40 MB for no further gain. The flag is read
 * when an isolate is made, so it is given to `node` itself: worker processes get it in their
 * arguments, the CLI starts itself again with it (`ratelens ingest`, `ratelens worker`).
 */
export const STREAMING_V8_FLAGS: readonly string[] = ["--initial-old-space-size=64"];

/** `execArgv` with the streaming flags added where missing. */
export function withStreamingHeap(execArgv: readonly string[]): string[] {
  const missing = STREAMING_V8_FLAGS.filter(
    (flag) => !execArgv.some((given) => given.split("=")[0] === flag.split("=")[0]),
  );
  return [...execArgv, ...missing];
}
