/**
 * `npm run bench:check`: the claim checker on a real-sized batch. Generates a seeded, SYNTHETIC,
 * realistic batch (facet blocks, RF ablations, epidurals; about a third with a typical billing
 * mistake) of COUNT claims (default 1,000,000) as ONE X12 837P file in a temporary directory,
 * written batch by batch; then runs `ratelens check FILE --format jsonl` on it in a child process
 * (one core: the checker is single-threaded) and reports claims per second and the child's peak
 * RSS. Targets: at least 50,000 claims per CPU-second, peak RSS under 300 MB.
 * `node build/bench/check-bench.js [COUNT]`.
 */
import { spawnSync } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { once } from "node:events";

const TARGET_RATE = 50_000;
const TARGET_RSS_MB = 300;

if (process.argv[2] === "--run") await runCheck(process.argv[3]!);
else await main(Number(process.argv[2] ?? 1_000_000));

async function main(count: number): Promise<void> {
  const { syntheticClaims } = await import("../src/testing/synthetic-claims.js");
  const { x12837pParts } = await import("../src/testing/write-x12-837p.js");
  const dir = await mkdtemp(join(tmpdir(), "ratelens-check-bench-"));
  const file = join(dir, `synthetic-${count}.837p`);
  try {
    const started = performance.now();
    const out = createWriteStream(file);
    const batchSize = 10_000;
    // Seeded batches, ids renumbered: the file is the same for the same COUNT.
    function* batches(): Generator<ReturnType<typeof syntheticClaims>> {
      for (let start = 0; start < count; start += batchSize) {
        const claims = syntheticClaims(Math.min(batchSize, count - start), 42 + start);
        claims.forEach(
          (claim, i) => (claim.id = `SYNTH-${String(start + i + 1).padStart(7, "0")}`),
        );
        yield claims;
      }
    }
    for (const part of x12837pParts(batches())) if (!out.write(part)) await once(out, "drain");
    out.end();
    await finished(out);
    const size = (await stat(file)).size;
    process.stdout.write(
      `generated ${count.toLocaleString("en-US")} SYNTHETIC claims, one 837P file of ${(size / 1e6).toFixed(0)} MB, in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--run", file], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    if (child.status !== 0) {
      throw new Error(`the check run failed (exit ${child.status}): ${child.stdout}`);
    }
    const result = JSON.parse(child.stdout) as {
      seconds: number;
      cpuSeconds: number;
      claims: number;
      rows: number;
      rssMb: number;
      exit: number;
    };
    const rate = result.claims / result.seconds;
    const cpuRate = result.claims / result.cpuSeconds;
    process.stdout.write(
      [
        `check --format jsonl: ${result.claims.toLocaleString("en-US")} claims in ${result.seconds.toFixed(1)} s = ${Math.round(rate).toLocaleString("en-US")} claims/s wall`,
        `CPU time (user + system, all threads incl. GC): ${result.cpuSeconds.toFixed(1)} s = ${Math.round(cpuRate).toLocaleString("en-US")} claims per CPU-second (the rate on a core of its own; target ${TARGET_RATE.toLocaleString("en-US")}: ${cpuRate >= TARGET_RATE ? "met" : "NOT met"})`,
        `output: ${result.rows.toLocaleString("en-US")} rows; peak RSS ${result.rssMb.toFixed(0)} MB (target < ${TARGET_RSS_MB}: ${result.rssMb < TARGET_RSS_MB ? "met" : "NOT met"})`,
        "",
      ].join("\n"),
    );
    // Judged on CPU time: on a shared machine the wall rate measures the neighbours.
    process.exitCode = cpuRate >= TARGET_RATE && result.rssMb < TARGET_RSS_MB ? 0 : 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The child: the real `check` command, output counted and dropped. */
async function runCheck(file: string): Promise<void> {
  const check = (await import("../src/cli/check-command.js")).default;
  let rows = 0;
  // The last two chunks, decoded at the end: enough to hold the summary rows, no garbage per write.
  let previous: Buffer = Buffer.alloc(0);
  let last: Buffer = Buffer.alloc(0);
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) rows++;
      previous = last;
      last = chunk;
      done();
    },
  });
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const exit = await check.run([file, "--format", "jsonl", "--db", ":memory:"], {
    stdout: sink,
    stderr: process.stderr,
    interactive: false,
    env: {},
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  // On a shared machine wall time says more about the neighbours than the checker: CPU time too.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  // The summary row says how many claims were checked.
  const tail = Buffer.concat([previous, last]).toString("utf8");
  const claims = Number(
    /"type":"summary","message":"(\d+) claim\(s\)/.exec(tail)?.[1] ?? Number.NaN,
  );
  process.stdout.write(
    JSON.stringify({
      seconds,
      cpuSeconds,
      claims,
      rows,
      rssMb: process.resourceUsage().maxRSS / 1024,
      exit,
    }),
  );
}
