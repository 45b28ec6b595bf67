/**
 * `npm run bench:references [-- --references 500000] [--seed 7]`
 *
 * SYNTHETIC root `provider_references` of the shape the payer generator writes (1–3 providers of
 * 1–9 NPIs with an EIN, one network name; a few with their NPIs as strings, which the simdjson
 * reader leaves to `JSON.parse`) resolved in ~1 MB batches on one thread, as a parse thread or a
 * filtered ingest resolves them: with `JSON.parse` and with the simdjson reader, three times each,
 * interleaved. The group lines must be the same bytes.
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { nativeRates } from "../src/normalize/tic/native-rates.js";
import {
  resolveReferenceBatch,
  type ReferenceBatch,
} from "../src/normalize/tic/reference-batch.js";
import { concatenatedTexts } from "../src/testing/concatenated-texts.js";

/** Park–Miller: the same references for the same seed. */
function random(seed: number): (low: number, high: number) => number {
  let state = seed % 2147483647 || 1;
  return (low, high) => {
    state = (state * 48271) % 2147483647;
    return low + (state % (high - low + 1));
  };
}

function referenceTexts(count: number, seed: number): string[] {
  const int = random(seed);
  const texts: string[] = [];
  for (let g = 0; g < count; g++) {
    const providers: string[] = [];
    for (let p = int(1, 3); p > 0; p--) {
      const npis = Array.from({ length: int(1, 9) }, () => int(1_000_000_000, 1_999_999_999));
      // One reference in 200 writes its NPIs as strings, a common quirk.
      const list = g % 200 === 0 ? npis.map((npi) => `"${npi}"`) : npis;
      const ein = `${int(10, 99)}-${int(1_000_000, 9_999_999)}`;
      providers.push(`{"npi":[${list.join(",")}],"tin":{"type":"ein","value":"${ein}"}}`);
    }
    texts.push(
      `{"provider_group_id":${g + 1},"network_name":["Synthetic PPO"],"provider_groups":[${providers.join(",")}]}`,
    );
  }
  return texts;
}

/** Batches of ~1 MB, as `ReferenceResolver` cuts them. */
function batches(texts: readonly string[]): ReferenceBatch[] {
  const out: ReferenceBatch[] = [];
  for (let first = 0; first < texts.length;) {
    let last = first;
    for (let size = 0; last < texts.length && size < 1 << 20; last++) size += texts[last]!.length;
    const { bytes, ends } = concatenatedTexts(texts.slice(first, last));
    out.push({
      bytes,
      ends,
      indexes: Int32Array.from(ends, (_, k) => first + k),
      fileOffsets: new Float64Array(ends.length),
      keys: Int32Array.from(ends, (_, k) => first + k + 1),
      written: Array.from(ends, (_, k) => String(first + k + 1)),
    });
    first = last;
  }
  return out;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      references: { type: "string", default: "500000" },
      seed: { type: "string", default: "7" },
    },
  });
  const reader = nativeRates();
  if (reader === undefined) {
    process.stderr.write(
      "the simdjson reader was not built (npm run build:bench with g++ and libsimdjson-dev)\n",
    );
    process.exitCode = 1;
    return;
  }
  const texts = referenceTexts(Number(values.references), Number(values.seed));
  const all = batches(texts);
  const megabytes = all.reduce((sum, batch) => sum + batch.bytes.length, 0) / 1e6;
  process.stdout.write(
    `references benchmark: ${new Date().toISOString()}, Node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        " ",
      )}\n${texts.length.toLocaleString("en-US")} SYNTHETIC references, ${megabytes.toFixed(1)} MB, ${all.length} batches\n`,
  );
  process.stdout.write("| path | ms | MB/s | group lines |\n|---|---:|---:|---:|\n");
  const lineBytes = new Set<number>();
  for (let round = 0; round < 3; round++) {
    for (const [label, with_] of [
      ["JSON.parse", null],
      ["simdjson reader", reader],
    ] as const) {
      const started = performance.now();
      let lines = 0;
      for (const batch of all) {
        lines += resolveReferenceBatch(batch, undefined, with_).groupsCsv.length;
      }
      const ms = performance.now() - started;
      lineBytes.add(lines);
      process.stdout.write(
        `| ${label} | ${ms.toFixed(0)} | ${(megabytes / (ms / 1000)).toFixed(0)} | ${(lines / 1e6).toFixed(1)} MB |\n`,
      );
    }
  }
  if (lineBytes.size !== 1) {
    process.stderr.write("the two paths wrote different group lines\n");
    process.exitCode = 1;
  }
}

main();
