/**
 * V8 settings of a process that streams price files. The scanning isolate holds little (~10–20 MB
 * live) but promotes steadily, and V8 sizes the old generation's first limits from that small
 * heap: the 1 % filter of the 1 GB fan-out file ran 23–35 full GCs, each marking on the core the
 * decompression needs. Starting the old generation at 64 MB cut them to 6–9 and the run by ~5 %
 * (6 interleaved pairs, docs/benchmarks.md), the unfiltered one too, peak RSS within its usual
 * spread; 128 MB raised the unfiltered peak RSS by ~40 MB for no further gain. The flag is read
 * when an isolate is made, so it is given to `node` itself: worker processes get it in their
 * arguments, the CLI starts itself again with it (`ratelens ingest`, `ratelens worker`).
 *
 * The interrupt budget (V8's count of bytecode run before a function is weighed for optimizing; 66
 * KB by default in Node 20) is 8 times the default: a worker process loads file after file of an
 * index, and with the default it optimised ~250 functions that run for a moment per file (HTTP
 * set-up, a unit's statements, the index's plumbing), several of them again and again after a
 * deoptimisation. Over the 100-file synthetic payer with a 1 % filter, TurboFan's compile threads
 * took 2.4 s (535 compilations, `--trace-opt`) and ~10 % of the run's CPU; with this budget 0.8 s
 * (224), and the run 13.9 / 13.1 / 14.2 CPU-s against 17.8 / 14.4 / 16.2 for the default
 * (interleaved). 4 times the default saved ~40 % of the compiling; 16 times little more. The hot loops
 * (scanning, CSV lines) are still optimised, a little later: every item kept and the 1 GB single
 * file ran as fast as with the default, within the machine's spread (`docs/benchmarks.md`).
 */
export const STREAMING_V8_FLAGS: readonly string[] = [
  "--initial-old-space-size=64",
  "--interrupt-budget=540672",
];

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
