/**
 * `npm run bench:units [-- --files 500] [--median-kb 64] [--seed 12]`
 *
 * Reading a store of many small units, before and after `compactUnits` merges them. Serves the
 * SYNTHETIC payer (src/testing/synthetic-payer/, every file served whole), loads its index with
 * `--jobs 2` into a fresh store folder (no compaction), then times, on a fresh reader each time
 * (what a new `ratelens serve` or command pays) and again on the same reader: one `rates` query for
 * a code, `source_files`, and the benchmark engine for a code; then compacts the units and times the
 * same. Rows are compared before and after: a compaction must change no answer.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { benchmarkCode } from "../src/analyze/benchmark/benchmark-code.js";
import { loadBundledReferenceData } from "../src/analyze/reference/load-reference-data.js";
import { ingestIntoFolder } from "../src/ingest/ingest-folder.js";
import { processPoolRunner } from "../src/ingest/process-pool.js";
import { compactUnits } from "../src/store/compact-units.js";
import { Store } from "../src/store/store.js";
import { startSyntheticPayer } from "../src/testing/synthetic-payer/payer-server.js";

const DATA = fileURLToPath(new URL("../../bench/.data/", import.meta.url));
const CODES = ["10000", "10001", "10500"];

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/** Milliseconds of each read, and what it answered (to compare before and after). */
async function reads(root: string): Promise<{ cells: string[]; answers: string }> {
  const ref = await loadBundledReferenceData();
  const cells: string[] = [];
  const answers: string[] = [];
  for (const fresh of [true, false]) {
    const store = await Store.open(root);
    try {
      if (!fresh) await store.withConnection((c) => c.run("SELECT 1")); // warm: views made
      for (const code of CODES) {
        const rates = await timed(() =>
          store.withConnection(async (connection) =>
            JSON.stringify(
              (
                await connection.runAndReadAll(
                  `SELECT count(*) AS n, round(sum(negotiated_rate), 2) AS amount FROM rates WHERE billing_code = '${code}'`,
                )
              ).getRowObjectsJson(),
            ),
          ),
        );
        cells.push(rates.ms.toFixed(0));
        answers.push(rates.value);
      }
      const files = await timed(() =>
        store.withConnection(async (connection) =>
          JSON.stringify(
            (
              await connection.runAndReadAll("SELECT count(*) AS n FROM source_files")
            ).getRowObjectsJson(),
          ),
        ),
      );
      cells.push(files.ms.toFixed(0));
      answers.push(files.value);
      const engine = await timed(() =>
        benchmarkCode(store, ref, { codes: [CODES[0] ?? "10000"] }, { now: new Date(0) }),
      );
      cells.push(engine.ms.toFixed(0));
      answers.push(String(engine.value.payers.length));
    } finally {
      store.close();
    }
  }
  return { cells, answers: answers.join("\n") };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      files: { type: "string", default: "500" },
      "median-kb": { type: "string", default: "64" },
      seed: { type: "string", default: "12" },
    },
  });
  const files = Number(values.files);
  const seed = Number(values.seed);
  const dir = join(DATA, `synthetic-payer-s${seed}-f${files}-m${values["median-kb"]}-none`);
  const payer = await startSyntheticPayer({
    seed,
    files,
    medianBytes: Number(values["median-kb"]) * 1_000,
    dir,
    faults: false,
  });
  const work = await mkdtemp(join(tmpdir(), "ratelens-bench-units-"));
  const root = join(work, "bench.store");
  try {
    const options = { synthetic: true, cacheDir: join(work, "cache"), remote: { retries: 0 } };
    const loading = await timed(() =>
      ingestIntoFolder(
        root,
        [payer.indexUrl],
        options,
        undefined,
        processPoolRunner(root, 2, options),
      ),
    );
    const units = (await readdir(join(root, "units"))).length - 1;
    process.stdout.write(
      `units benchmark: ${new Date().toISOString()}, Node ${process.version}, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}\n` +
        `synthetic payer: ${payer.manifest.files.length} files listed, loaded with --jobs 2 in ${(loading.ms / 1000).toFixed(1)} s: ${units} units\n\n`,
    );
    const header = [
      ...["fresh", "warm"].flatMap((when) => [
        ...CODES.map((code) => `${when} rates ${code}`),
        `${when} source_files`,
        `${when} benchmarkCode`,
      ]),
    ];
    process.stdout.write(
      `| store (ms) | ${header.join(" | ")} |\n|---|${header.map(() => "---:").join("|")}|\n`,
    );
    const before = await reads(root);
    process.stdout.write(`| ${units} units | ${before.cells.join(" | ")} |\n`);
    const compaction = await timed(() => compactUnits(root, { graceMs: 0 }));
    const after = await reads(root);
    const merged = (await readdir(join(root, "merged"))).length;
    process.stdout.write(
      `| ${merged} merged unit${merged === 1 ? "" : "s"} | ${after.cells.join(" | ")} |\n\n`,
    );
    const result = compaction.value;
    process.stdout.write(
      `compaction: ${result.replacedUnits} units into ${result.mergedUnits}, ${(result.bytesBefore / 1e6).toFixed(1)} → ${(result.bytesAfter / 1e6).toFixed(1)} MB of Parquet, ${(compaction.ms / 1000).toFixed(2)} s\n`,
    );
    if (after.answers !== before.answers) {
      process.stderr.write(
        `answers differ after compaction:\n${before.answers}\n---\n${after.answers}\n`,
      );
      process.exitCode = 1;
    } else {
      process.stdout.write("every answer the same before and after\n");
    }
  } finally {
    await payer.close();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
