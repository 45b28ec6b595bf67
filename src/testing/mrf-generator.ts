/**
 * A seeded generator of SYNTHETIC in-network-rates files shaped like real ones (schema 2.x style
 * with root `provider_references`, or 1.x style with inline `provider_groups` on each rate), used by
 * the ingest benchmark. Every file says "SYNTHETIC" in `reporting_entity_name`; none of it is real.
 *
 * Shape (per GB of JSON, roughly): ~20k items (one per billing code), 50-250 negotiated rates per
 * item, 1-3 provider references per rate and 1-2 prices per rate, up to 50k provider groups of 1-3
 * providers with 1-8 NPIs (one per 20 kB of file, capped): about 4.6 M prices and 9.3 M rate rows per GB.
 */

/** Generator settings. */
export interface MrfOptions {
  /** Stop adding items once this many bytes of JSON are written. */
  readonly targetBytes: number;
  /** 'references': root provider_references (v2); 'inline': provider_groups on each rate (v1). */
  readonly style: "references" | "inline";
  /** Put provider_references after in_network (the awkward order). */
  readonly referencesAfter?: boolean;
  readonly seed?: number;
  /**
   * Provider references per negotiated rate: 'narrow' 1-3 (the easy case); 'lognormal' as real
   * national payers' files: log-normal with median 5 (sigma 1), at most 300.
   */
  readonly fanout?: "narrow" | "lognormal";
  /**
   * Negotiated rates per item, drawn uniformly (default 50-250). National payers' files also hold
   * items of hundreds of thousands of rates (one code, every provider): hundreds of MB each.
   */
  readonly ratesPerItem?: readonly [number, number];
}

/** What was generated: the counts a correct ingest must reproduce. */
export interface MrfCounts {
  items: number;
  prices: number;
  rows: number;
  groups: number;
  bytes: number;
  codes: string[];
}

/** mulberry32: small, fast, seeded. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICE_CODES = [
  '["11"]',
  '["11","22"]',
  '["21","22","23"]',
  '["CSTM-00"]',
  '["11","19","22","24"]',
];

/** The billing code of item `index`: 5-digit CPT-like codes, then HCPCS-like ones. */
export function generatedCode(index: number): string {
  return index < 90_000 ? String(10_000 + index) : `S${String(index).padStart(6, "0")}`;
}

/**
 * Yields the file as text chunks of about 1 MB; `counts` is filled as it goes (final at the end).
 */
export function* generateMrf(options: MrfOptions, counts: MrfCounts): Generator<string> {
  const next = random(options.seed ?? 1);
  const int = (low: number, high: number): number => low + Math.floor(next() * (high - low + 1));
  // Capped: real provider maps do not grow with in_network, and the benchmark shows RSS flat in file size.
  const groupCount = Math.min(50_000, Math.max(100, Math.round(options.targetBytes / 20_000)));
  counts.groups = options.style === "references" ? groupCount : 0;
  let buffer = "";
  const emit = function* (text: string): Generator<string> {
    buffer += text;
    counts.bytes += text.length;
    if (buffer.length >= 1 << 20) {
      yield buffer;
      buffer = "";
    }
  };
  const provider = (): string => {
    const npis: number[] = [];
    for (let n = int(1, 8); n > 0; n--) npis.push(int(1_000_000_000, 1_999_999_999));
    return `{"npi":[${npis.join(",")}],"tin":{"type":"ein","value":"${int(10, 99)}-${int(1_000_000, 9_999_999)}","business_name":"Synthetic Group"}}`;
  };
  const providers = (): string => {
    const list: string[] = [];
    for (let p = int(1, 3); p > 0; p--) list.push(provider());
    return `[${list.join(",")}]`;
  };
  /** Box-Muller: median 5, sigma 1 on the log scale, 1 to 300. */
  const logNormalCount = (): number => {
    const z = Math.sqrt(-2 * Math.log(Math.max(next(), 1e-12))) * Math.cos(2 * Math.PI * next());
    return Math.min(300, Math.max(1, Math.round(Math.exp(Math.log(5) + z))));
  };
  let inlinePool: string[] | undefined;
  const references = function* (): Generator<string> {
    yield* emit(`"provider_references":[`);
    for (let g = 0; g < groupCount; g++) {
      yield* emit(
        `${g === 0 ? "" : ","}{"provider_group_id":${g + 1},"network_name":["Synthetic PPO"],"provider_groups":${providers()}}`,
      );
    }
    yield* emit(`]`);
  };

  yield* emit(
    `{"reporting_entity_name":"SYNTHETIC benchmark payer (generated, not real data)","reporting_entity_type":"synthetic","plan_name":"Synthetic Plan","plan_id_type":"ein","plan_id":"000000000","plan_market_type":"group","issuer_name":"Synthetic Issuer","plan_sponsor_name":"Synthetic Sponsor","last_updated_on":"2026-01-01","version":"2.0.0",`,
  );
  if (options.style === "references" && options.referencesAfter !== true) {
    yield* references();
    yield* emit(",");
  }
  yield* emit(`"in_network":[`);
  let item = 0;
  while (counts.bytes < options.targetBytes) {
    const code = generatedCode(item);
    counts.codes.push(code);
    const rates: string[] = [];
    const [fewest, most] = options.ratesPerItem ?? [50, 250];
    for (let r = int(fewest, most); r > 0; r--) {
      let targets: number;
      let who: string;
      if (options.style === "references") {
        const refs: number[] = [];
        for (let k = options.fanout === "lognormal" ? logNormalCount() : int(1, 3); k > 0; k--) {
          refs.push(int(1, groupCount));
        }
        const unique = [...new Set(refs)];
        targets = unique.length;
        who = `"provider_references":[${unique.join(",")}]`;
      } else {
        // As in real 1.x files, the same groups recur on many rates (a pool the size of the reference list).
        targets = 1;
        inlinePool ??= Array.from({ length: groupCount }, providers);
        who = `"provider_groups":${inlinePool[int(0, groupCount - 1)]!}`;
      }
      const prices: string[] = [];
      for (let p = int(1, 2); p > 0; p--) {
        const roll = next();
        const type =
          roll < 0.005
            ? "percentage"
            : roll < 0.006
              ? "per diem"
              : roll < 0.2
                ? "fee schedule"
                : "negotiated";
        const amount =
          type === "percentage" ? int(30, 90) + int(0, 9) / 10 : int(2_000, 300_000) / 100;
        const professional = next() < 0.8;
        prices.push(
          `{"negotiated_type":"${type}","negotiated_rate":${amount},"expiration_date":"${next() < 0.95 ? "9999-12-31" : "2026-12-31"}",` +
            (professional
              ? `"service_code":${SERVICE_CODES[int(0, SERVICE_CODES.length - 1)]},"billing_class":"professional"`
              : `"billing_class":"institutional"`) +
            `,"setting":"${professional ? "outpatient" : "inpatient"}"${next() < 0.1 ? `,"billing_code_modifier":["26"]` : ""}}`,
        );
        counts.prices++;
        counts.rows += targets;
      }
      rates.push(`{${who},"negotiated_prices":[${prices.join(",")}]}`);
    }
    yield* emit(
      `${item === 0 ? "" : ","}{"negotiation_arrangement":"ffs","name":"Synthetic service ${code}","billing_code_type":"CPT","billing_code_type_version":"2026","billing_code":"${code}","description":"SYNTHETIC description of service ${code}","negotiated_rates":[${rates.join(",")}]}`,
    );
    item++;
    counts.items++;
  }
  yield* emit(`]`);
  if (options.style === "references" && options.referencesAfter === true) {
    yield* emit(",");
    yield* references();
  }
  yield* emit(`}\n`);
  if (buffer.length > 0) yield buffer;
}

/** Fresh counters. */
export function emptyCounts(): MrfCounts {
  return { items: 0, prices: 0, rows: 0, groups: 0, bytes: 0, codes: [] };
}
