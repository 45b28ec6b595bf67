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

/**
 * The environment of a process that streams price files: glibc's malloc arenas capped at 2 unless
 * the user chose. DuckDB's threads and Node's each get an arena of their own otherwise, and the
 * fragmentation across them was ~40–60 MB of peak RSS on the 1 GB fan-out file (610 → 545 MB,
 * measured with and without); on the giant-items file 574–621 → 557–578 MB. glibc reads it when
 * the process starts: worker processes get it, and so does the CLI when it starts itself again.
 */
export function streamingEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return env.MALLOC_ARENA_MAX === undefined ? { ...env, MALLOC_ARENA_MAX: "2" } : env;
}
