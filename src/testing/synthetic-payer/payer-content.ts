/**
 * The bytes of the SYNTHETIC payer's files, generated from their plan: in-network-rates files with
 * provider references at the root (schema 2.0), in provider-reference files fetched by location
 * (1.x) or inline on each rate (1.x); allowed-amounts files; provider-reference files. Each rate
 * names a log-normal number of provider groups (median 5, up to 300), the shape of real national
 * payers' files. The generator counts what it writes, so tests can assert exact results.
 */
import { npiWithCheckDigit, SeededRandom } from "../../sources/synthetic/seeded-random.js";
import { generatedCode } from "../mrf-generator.js";
import { SYNTHETIC_PAYER_NAME, type PlannedFile } from "./payer-plan.js";

/** What a file holds, as a correct ingest of the whole file must store it. */
export interface FileCounts {
  items: number;
  prices: number;
  /** Rate rows: one per negotiated price × provider reference (an inline group list counts once). */
  rows: number;
  /** Rate rows per billing code. */
  rowsByCode: Record<string, number>;
  /** Provider references whose file is missing (404): recorded unresolved by the ingest. */
  unresolvedReferences: number;
  uncompressedBytes: number;
}

/** Fresh counters. */
export function emptyFileCounts(): FileCounts {
  return {
    items: 0,
    prices: 0,
    rows: 0,
    rowsByCode: {},
    unresolvedReferences: 0,
    uncompressedBytes: 0,
  };
}

/** Number of provider-reference files remote-style files point to. */
export const REFERENCE_POOL = 40;

/** Path (under the server's origin) of provider-reference file `index`; `undefined` = the missing one. */
export function referencePath(index: number | undefined): string {
  return `/refs/synthetic-provider-reference-${index === undefined ? "missing" : String(index).padStart(3, "0")}.json`;
}

/** Largest number of provider groups one rate names. */
const MAX_FAN_OUT = 300;

/** Provider groups of a rate: log-normal, median 5, at most 300 (and at most `available`). */
function fanOut(random: SeededRandom, available: number): number {
  return Math.max(1, Math.min(MAX_FAN_OUT, available, Math.round(random.logNormal(5, 1))));
}

/** `k` distinct integers in [1, n] (Floyd's algorithm). */
function distinct(random: SeededRandom, k: number, n: number): number[] {
  const chosen = new Set<number>();
  for (let j = n - k + 1; j <= n; j++) {
    const t = random.int(1, j);
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen];
}

function providerGroup(random: SeededRandom): string {
  const npis: number[] = [];
  for (let n = random.int(1, 6); n > 0; n--) {
    npis.push(npiWithCheckDigit(random.int(100_000_000, 299_999_999)));
  }
  const ein = `${random.int(10, 99)}-${random.int(1_000_000, 9_999_999)}`;
  return `{"npi":[${npis.join(",")}],"tin":{"type":"ein","value":"${ein}"}}`;
}

const SERVICE_CODES = [
  '["11"]',
  '["11","22"]',
  '["21","22","23"]',
  '["CSTM-00"]',
  '["19","22","24"]',
];

/** Buffers text into ~1 MB chunks and counts it. */
class Chunker {
  private buffer = "";
  constructor(private readonly counts: FileCounts) {}
  *add(text: string): Generator<string> {
    this.buffer += text;
    this.counts.uncompressedBytes += Buffer.byteLength(text);
    if (this.buffer.length >= 1 << 20) {
      yield this.buffer;
      this.buffer = "";
    }
  }
  *flush(): Generator<string> {
    if (this.buffer.length > 0) yield this.buffer;
    this.buffer = "";
  }
}

/**
 * Yields an in-network-rates file as text chunks; `counts` is final once the generator is done.
 * `origin` (e.g. `http://127.0.0.1:41234`) is only written by remote-style files.
 */
export function* inNetworkContent(
  file: PlannedFile,
  codeUniverse: number,
  origin: string,
  counts: FileCounts,
): Generator<string> {
  const random = new SeededRandom(file.seed);
  const out = new Chunker(counts);
  const version = file.references === "root" ? "2.0.0" : "1.3.1";
  const groups = Math.min(20_000, Math.max(50, Math.round(file.targetBytes / 4_000)));
  yield* out.add(
    `{"reporting_entity_name":${JSON.stringify(SYNTHETIC_PAYER_NAME)},"reporting_entity_type":"health insurance issuer",` +
      `"last_updated_on":"2026-11-01","version":"${version}",`,
  );
  const missingId = groups + 1;
  if (file.references === "root") {
    yield* out.add(`"provider_references":[`);
    for (let g = 1; g <= groups; g++) {
      yield* out.add(
        `${g === 1 ? "" : ","}{"provider_group_id":${g},"network_name":["Synthetic PPO Network"],"provider_groups":[${providerGroup(random)}]}`,
      );
    }
    yield* out.add(`],`);
  } else if (file.references === "remote") {
    // Ids point into a shared pool of reference files; one more id points at a file that is missing.
    yield* out.add(`"provider_references":[`);
    for (let g = 1; g <= missingId; g++) {
      const path = referencePath(g === missingId ? undefined : (file.seed + g) % REFERENCE_POOL);
      yield* out.add(
        `${g === 1 ? "" : ","}{"provider_group_id":${g},"location":"${origin}${path}"}`,
      );
    }
    yield* out.add(`],`);
  }
  // Inline files repeat the same group lists on many rates, as real 1.x files repeat a contract's
  // provider list on every code it covers (docs/domain/tic.md: 366,928 NPI-TIN rows written from
  // one such file, 219 of them distinct): a pool of lists (a quarter as many as groups), each
  // naming a log-normal number of groups of the file's pool.
  const pool =
    file.references === "inline" ? Array.from({ length: groups }, () => providerGroup(random)) : [];
  const lists =
    file.references === "inline"
      ? Array.from({ length: Math.max(20, Math.round(groups / 4)) }, () =>
          distinct(random, fanOut(random, groups), groups)
            .map((g) => pool[g - 1] ?? "")
            .join(","),
        )
      : [];
  yield* out.add(`"in_network":[`);
  for (let item = 0; counts.uncompressedBytes < file.targetBytes || item === 0; item++) {
    const code = generatedCode((file.firstCode + item) % codeUniverse);
    const rates: string[] = [];
    let itemRows = 0;
    for (let r = random.int(2, 12); r > 0; r--) {
      const k = fanOut(random, groups); // drawn for inline rates too: root and remote files stay as they were
      let who: string;
      let targets: number;
      if (file.references === "inline") {
        who = `"provider_groups":[${random.pick(lists)}]`;
        targets = 1;
      } else {
        const ids = distinct(random, k, groups);
        // The unresolvable reference is named once, by the file's first rate.
        if (file.references === "remote" && item === 0 && rates.length === 0) {
          ids.push(missingId);
          counts.unresolvedReferences++;
        }
        who = `"provider_references":[${ids.join(",")}]`;
        targets = ids.length;
      }
      const prices: string[] = [];
      for (let p = random.int(1, 2); p > 0; p--) {
        const institutional = random.next() < 0.2;
        const amount = random.int(2_000, 300_000) / 100;
        prices.push(
          `{"negotiated_type":"${random.next() < 0.85 ? "negotiated" : "fee schedule"}","negotiated_rate":${amount},` +
            `"expiration_date":"9999-12-31",` +
            (institutional
              ? `"billing_class":"institutional"`
              : `"service_code":${random.pick(SERVICE_CODES)},"billing_class":"professional"`) +
            (version === "2.0.0"
              ? `,"setting":"${institutional ? "inpatient" : "outpatient"}"`
              : "") +
            "}",
        );
        counts.prices++;
        itemRows += targets;
      }
      rates.push(`{${who},"negotiated_prices":[${prices.join(",")}]}`);
    }
    counts.items++;
    counts.rows += itemRows;
    counts.rowsByCode[code] = (counts.rowsByCode[code] ?? 0) + itemRows;
    yield* out.add(
      `${item === 0 ? "" : ","}{"negotiation_arrangement":"ffs","name":"Synthetic service ${code}","billing_code_type":"CPT",` +
        `"billing_code_type_version":"2026","billing_code":"${code}","description":"SYNTHETIC service ${code}","negotiated_rates":[${rates.join(",")}]}`,
    );
  }
  yield* out.add(`]}\n`);
  yield* out.flush();
}

/** Yields an allowed-amounts file; rows are one per payment provider × NPI. */
export function* allowedAmountsContent(
  file: PlannedFile,
  codeUniverse: number,
  counts: FileCounts,
): Generator<string> {
  const random = new SeededRandom(file.seed);
  const out = new Chunker(counts);
  yield* out.add(
    `{"reporting_entity_name":${JSON.stringify(SYNTHETIC_PAYER_NAME)},"reporting_entity_type":"health insurance issuer",` +
      `"last_updated_on":"2026-11-01","version":"1.0.0","out_of_network":[`,
  );
  for (let item = 0; counts.uncompressedBytes < file.targetBytes || item === 0; item++) {
    const code = generatedCode((file.firstCode + item) % codeUniverse);
    let itemRows = 0;
    const payments: string[] = [];
    for (let p = random.int(1, 3); p > 0; p--) {
      const providers: string[] = [];
      for (let q = random.int(1, 2); q > 0; q--) {
        const npis = Array.from({ length: random.int(1, 3) }, () =>
          npiWithCheckDigit(random.int(100_000_000, 299_999_999)),
        );
        itemRows += npis.length;
        providers.push(
          `{"billed_charge":${random.int(10_000, 90_000) / 100},"npi":[${npis.join(",")}]}`,
        );
      }
      payments.push(
        `{"allowed_amount":${random.int(5_000, 50_000) / 100},"providers":[${providers.join(",")}]}`,
      );
    }
    counts.items++;
    counts.rows += itemRows;
    counts.rowsByCode[code] = (counts.rowsByCode[code] ?? 0) + itemRows;
    yield* out.add(
      `${item === 0 ? "" : ","}{"name":"Synthetic service ${code}","billing_code_type":"CPT","billing_code_type_version":"2026",` +
        `"billing_code":"${code}","description":"SYNTHETIC service ${code}","allowed_amounts":[{"tin":{"type":"ein","value":"${random.int(10, 99)}-${random.int(1_000_000, 9_999_999)}"},` +
        `"service_code":["11"],"billing_class":"professional","payments":[${payments.join(",")}]}]}`,
    );
  }
  yield* out.add(`]}\n`);
  yield* out.flush();
}

/** One provider-reference file of the pool (CMS provider-reference schema: `provider_groups`). */
export function referenceContent(index: number, seed: number): string {
  const random = new SeededRandom(seed * 1_000 + index);
  const groups = Array.from({ length: random.int(1, 4) }, () => providerGroup(random));
  return `{"provider_groups":[${groups.join(",")}]}\n`;
}
