/**
 * `node build/bench/generate-mrf.js --size GB [--style references|inline] [--after] [--seed N] --out FILE.json.gz`
 * Writes a SYNTHETIC in-network-rates file (gzip) with the seeded generator, and FILE.meta.json with
 * the counts a correct ingest must reproduce.
 */
import { createWriteStream } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { createGzip } from "node:zlib";
import {
  emptyCounts,
  generateMrf,
  type MrfCounts,
  type MrfOptions,
} from "../src/testing/mrf-generator.js";

/** Generates `out` (gzip) and `out.meta.json`; returns the counts. */
export async function generateMrfFile(out: string, options: MrfOptions): Promise<MrfCounts> {
  await mkdir(dirname(out), { recursive: true });
  const counts = emptyCounts();
  await pipeline(
    Readable.from(generateMrf(options, counts)),
    createGzip({ level: 6 }),
    createWriteStream(`${out}.partial`),
  );
  await rename(`${out}.partial`, out);
  await writeFile(
    `${out.replace(/\.json\.gz$/, "")}.meta.json`,
    JSON.stringify(
      { ...options, ...counts, codes: undefined, codeCount: counts.codes.length },
      null,
      2,
    ),
  );
  return counts;
}

if (import.meta.url === `file://${process.argv[1] ?? ""}`) {
  const { values } = parseArgs({
    options: {
      size: { type: "string", default: "1" },
      style: { type: "string", default: "references" },
      after: { type: "boolean" },
      seed: { type: "string", default: "1" },
      out: { type: "string" },
    },
  });
  const out = values.out ?? `bench/.data/mrf-${values.size}gb-${values.style}.json.gz`;
  const started = performance.now();
  const counts = await generateMrfFile(out, {
    targetBytes: Number(values.size) * 1e9,
    style: values.style === "inline" ? "inline" : "references",
    referencesAfter: values.after === true,
    seed: Number(values.seed),
  });
  process.stdout.write(
    `${out}: ${counts.bytes} bytes, ${counts.items} items, ${counts.rows} rate rows, in ${((performance.now() - started) / 1000).toFixed(1)} s (SYNTHETIC)\n`,
  );
}
