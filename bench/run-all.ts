/**
 * `npm run bench`: runs every sub-benchmark in turn, each in its own process so peak RSS and
 * timings do not leak between them. Extra arguments are passed to each.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const BENCHES = ["ingest-bench.js", "benchmark-bench.js", "check-bench.js"] as const;

let failed = 0;
for (const bench of BENCHES) {
  const script = fileURLToPath(new URL(bench, import.meta.url));
  process.stdout.write(`\n=== ${bench.replace(/\.js$/, "")} ===\n`);
  const result = spawnSync(process.execPath, [script, ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  if (result.status !== 0) {
    failed++;
    process.stderr.write(`${bench} exited with ${result.status ?? result.signal ?? "unknown"}\n`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
