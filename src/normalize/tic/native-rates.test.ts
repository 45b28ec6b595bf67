import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { concatenatedTexts } from "../../testing/concatenated-texts.js";
import { NativeBackoff, nativeRates, type NativeReader } from "./native-rates.js";
import { newFileDictionaries, normalizeBatch, type ItemBatch } from "./normalize-batch.js";

// CI builds the addon (`.ci/run` installs g++ and libsimdjson-dev) and requires it; elsewhere these
// tests say why they do not run.
const reader = nativeRates();
if (reader === undefined && process.env.RATELENS_REQUIRE_NATIVE === "1") {
  throw new Error("RATELENS_REQUIRE_NATIVE=1 but native/ratelens-tic.cc was not built");
}
const describeNative = reader === undefined ? describe.skip : describe;

const encoder = new TextEncoder();

/** A batch of the items' JSON texts, as `FileJob` makes them. */
function batchOf(texts: readonly string[], pieces?: readonly [number, boolean][]): ItemBatch {
  const { bytes, ends } = concatenatedTexts(texts);
  return {
    seq: 3,
    section: "in_network",
    bytes,
    ends,
    itemIndexes: Int32Array.from(texts, (_, k) => 100 + k),
    fileOffsets: Float64Array.from(texts, (_, k) => (k === 0 ? 0 : ends[k - 1]!) + 5000),
    ...(pieces === undefined
      ? {}
      : {
          rateOffsets: Int32Array.from(pieces, ([offset]) => offset),
          partial: Uint8Array.from(pieces, ([, partial]) => (partial ? 1 : 0)),
          ratesOffsets: Float64Array.from(pieces, (_, k) => 9000 + k),
        }),
  };
}

/** A reader that records how many items it read, to show the fast path ran. */
function counting(native: NativeReader): { reader: NativeReader; read: () => number } {
  let read = 0;
  return {
    reader: {
      readRates(...args) {
        const run = native.readRates(...args);
        read += run.stop - args[4];
        return run;
      },
      readReferences: (...args) => native.readReferences(...args),
    },
    read: () => read,
  };
}

/**
 * Both paths over the same batches, each with its own dictionaries (terms and inline groups carry
 * across batches). `searching`: whether inline groups are searched for in the items' bytes from
 * the start (a fresh file), or only once one is met (after 32 items without).
 */
function bothWays(batches: readonly ItemBatch[], npis?: ReadonlySet<number>, searching = true) {
  const run = (with_: NativeReader | null) => {
    const dictionaries = newFileDictionaries(1, 2);
    const none = encoder.encode("{}");
    for (let k = 0; !searching && k < 32; k++) dictionaries.spans.markedItem(none, 0, none.length);
    // A batch that fails fails its file: nothing is read after it.
    const results = [];
    for (const batch of batches) {
      results.push(normalizeBatch(batch, npis, dictionaries, with_));
      if (results.at(-1)?.error !== undefined) break;
    }
    return results;
  };
  const counted = counting(reader!);
  return { native: run(counted.reader), plain: run(null), read: counted.read() };
}

// --- arbitraries: the usual shape, and now and then what the fast path must leave to TypeScript ---

const text = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom("negotiated", "professional", "11", "9999-12-31", "") },
  { weight: 10, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 4 }) },
);
const maybe = <T>(value: fc.Arbitrary<T>, odd: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 300, arbitrary: value },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: odd },
  );
const oddValue = fc.constantFrom<unknown>(null, 12, 1.5, true, [], {}, -0);
const amount = fc.oneof(
  { weight: 30, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 15, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(0, -0, "12.50", null, 2 ** 60, -1e-300) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(0, 2 ** 60, -1e-300, 1e21) },
);
const reference = fc.oneof(
  { weight: 200, arbitrary: fc.integer({ min: 0, max: 3000 }) },
  // CareFirst's ids (690.64462), strings, and ids past 2^31: made canonical in TypeScript.
  { weight: 20, arbitrary: fc.constantFrom(690.64462, 690.6447, 12.5, 7.0) },
  { weight: 5, arbitrary: fc.constantFrom<unknown>("17", " 17", "a1", "0.50", 2 ** 31, -1, -0) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>("", "  ", null, true, [1]) },
);
const price = fc.record(
  {
    negotiated_type: maybe(
      fc.constantFrom("negotiated", "derived", "fee schedule", "percentage", "Negotiated "),
      fc.constantFrom<unknown>("bogus", 3, null),
    ),
    negotiated_rate: amount,
    billing_class: maybe(text, oddValue),
    setting: maybe(fc.constantFrom("outpatient", "both"), oddValue),
    service_code: maybe(fc.oneof(fc.array(text, { maxLength: 3 }), text), oddValue),
    billing_code_modifier: maybe(fc.array(text, { maxLength: 2 }), fc.constant([1, "a"])),
    expiration_date: maybe(fc.constant("9999-12-31"), oddValue),
    additional_information: maybe(text, oddValue),
    other: fc.anything({ maxDepth: 1 }),
  },
  {
    requiredKeys: [
      "negotiated_type",
      "negotiated_rate",
      "billing_class",
      "setting",
      "service_code",
      "billing_code_modifier",
      "expiration_date",
      "additional_information",
    ],
  },
);
/** Inline groups: one short enough to be parsed in place, others read from the bytes (≥ 64 bytes). */
const smallGroup = [{ npi: [1234567893], tin: { type: "ein", value: "1" } }];
const groups = [
  [{ npi: [1234567893, 1003000126], tin: { type: "ein", value: "12-3456789" } }],
  [{ npi: [1003000126, 1234567893], tin: { type: "ein", value: "12-3456789" } }],
  [{ tin: { value: "98-7654321", type: "ein" }, npi: [1497758544, 1003000126] }],
  [
    { npi: [1497758544], tin: { type: "npi", value: "1497758544" } },
    { npi: [1234567893], tin: { type: "ein", value: "55-5555555" } },
  ],
];
const badGroups = [
  [{ npi: ["not a number at all"], tin: { type: "ein", value: "12-3456789" } }],
  [{ npi: [1234567893, 1003000126], tinn: { type: "ein", value: "12-3456789" } }],
];

const rate = fc.record(
  {
    provider_references: maybe(fc.array(reference, { maxLength: 6 }), fc.constantFrom(7, null)),
    provider_groups: fc.oneof(
      { weight: 30, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constantFrom<unknown>(smallGroup, "groups", {}) },
      { weight: 10, arbitrary: fc.constantFrom(...groups) },
      { weight: 1, arbitrary: fc.constantFrom<unknown>(...badGroups) },
    ),
    negotiated_prices: maybe(fc.array(price, { maxLength: 4 }), fc.constantFrom(null, {})),
  },
  { requiredKeys: ["provider_references", "provider_groups", "negotiated_prices"] },
);
const item = fc.record(
  {
    negotiation_arrangement: maybe(fc.constantFrom("ffs", " FFS", "bundle"), oddValue),
    billing_code_type: maybe(fc.constantFrom("CPT", "HCPCS"), oddValue),
    billing_code_type_version: maybe(fc.constantFrom("2024", 2025), oddValue),
    billing_code: maybe(fc.oneof(fc.constantFrom("64490", "J1100"), text), oddValue),
    name: fc.string({ maxLength: 8 }),
    negotiated_rates: maybe(fc.array(rate, { maxLength: 5 }), fc.constantFrom(null, {}, "x")),
  },
  {
    requiredKeys: [
      "negotiation_arrangement",
      "billing_code_type",
      "billing_code_type_version",
      "billing_code",
      "negotiated_rates",
    ],
  },
);

/** JSON text with the quirks of real files: spacing, \u escapes, a key written twice, a cut. */
const itemText = fc
  .tuple(
    item,
    fc.constantFrom("", " ", "\n  "),
    fc.integer({ min: 0, max: 30 }),
    fc.integer({ min: 0, max: 40 }),
  )
  .map(([value, space, twist, cut]) => {
    let json = JSON.stringify(value, null, space === "" ? undefined : space);
    if (twist === 1) {
      json = json.replace(/"negotiated_rate":/, '"negotiated_rate":-0,"negotiated_rate":');
    }
    if (twist === 2) json = json.replace(/"ffs"/, '"\\u0066fs"');
    if (twist === 3) json = json.replace(/("negotiated_rate":\s*)(-?[\d.e+-]+)/, "$1-0");
    if (twist === 4) json = json.replace(/"CPT"/, '"\\ud800"');
    if (twist === 5) json = json.slice(0, Math.max(1, json.length - cut));
    if (twist === 6) json = json.replace(/"name":/, '"name":1e400,"x":');
    return json;
  });

describe("NativeBackoff", () => {
  it("waits 1, 2, 4, … 64 entries after each miss in a row, and not at all after a read", () => {
    const backoff = new NativeBackoff();
    const tried: number[] = [];
    for (let k = 0; k < 200; k++) {
      if (!backoff.tries(k)) continue;
      tried.push(k);
      backoff.missed(k);
    }
    expect(tried).toEqual([0, 1, 3, 7, 15, 31, 63, 127, 191]);
    backoff.read();
    backoff.missed(200);
    expect([200, 201].map((k) => backoff.tries(k))).toEqual([false, true]);
  });

  it("tries again right after a run TypeScript takes over (refused fields)", () => {
    const backoff = new NativeBackoff();
    backoff.missed(0);
    backoff.missed(1);
    backoff.resumeAfter(9);
    expect([9, 10].map((k) => backoff.tries(k))).toEqual([false, true]);
    backoff.missed(10);
    expect(backoff.tries(11)).toBe(true);
  });
});

describeNative("the simdjson reader of negotiated rates", () => {
  it("gives, batch after batch, exactly what JSON.parse and the TypeScript normaliser give", () => {
    let read = 0;
    let items = 0;
    fc.assert(
      fc.property(
        fc.array(fc.array(itemText, { maxLength: 8 }), { maxLength: 4 }),
        fc.boolean(),
        fc.constantFrom(undefined, new Set([1497758544])),
        (texts, searching, npis) => {
          const both = bothWays(
            texts.map((batch) => batchOf(batch)),
            npis,
            searching,
          );
          const { native, plain } = both;
          read += both.read;
          items += texts.slice(0, plain.length).flat().length;
          expect(native).toEqual(plain);
        },
      ),
      { numRuns: 4000 },
    );
    // Half the items are of the usual shape, read by simdjson; the rest is left to TypeScript.
    expect(read / items).toBeGreaterThan(0.3);
  });

  it("gives the same rows for the pieces of large items, partial and numbered from their first rate", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(itemText, fc.integer({ min: 0, max: 5000 }), fc.boolean()), {
          minLength: 1,
          maxLength: 6,
        }),
        (entries) => {
          const batch = batchOf(
            entries.map(([json]) => json),
            entries.map(([, offset, partial]) => [offset, partial]),
          );
          const { native, plain } = bothWays([batch]);
          expect(native).toEqual(plain);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("reads items of the usual shape itself, and leaves inline groups and odd values to TypeScript", () => {
    const plainItem = (code: string, extra = "") =>
      `{"negotiation_arrangement":"ffs","name":"x","billing_code_type":"CPT","billing_code":"${code}",` +
      `"negotiated_rates":[{"provider_references":[3,1,2],"negotiated_prices":[` +
      `{"negotiated_type":"negotiated","negotiated_rate":12.5,"expiration_date":"9999-12-31",` +
      `"service_code":["11","22"],"billing_class":"professional"${extra}}]}]}`;
    const inline =
      `{"negotiation_arrangement":"ffs","billing_code_type":"CPT","billing_code":"9",` +
      `"negotiated_rates":[{"provider_groups":[{"npi":[1234567893],"tin":{"type":"ein","value":"1"}}],` +
      `"negotiated_prices":[{"negotiated_type":"negotiated","negotiated_rate":1}]}]}`;
    const batch = batchOf([
      plainItem("64490"),
      plainItem("64491"),
      inline,
      plainItem("64492", ',"negotiated_rate":"7.25"'),
      plainItem("64493"),
    ]);
    const { native, plain, read } = bothWays([batch]);
    expect(native).toEqual(plain);
    expect(plain[0]!.error).toBeUndefined();
    expect(plain[0]!.prices.negotiatedRate).toEqual(Float64Array.of(12.5, 12.5, 1, 7.25, 12.5));
    // The inline item and the quoted amount's go to TypeScript, and the last item too: after two
    // items in a row that it left to TypeScript, the reader waits for two items.
    expect(read).toBe(2);
  });

  it("survives any bytes and any item ends: it stops where it cannot read, and never reads past the buffer", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          itemText.map((json) => encoder.encode(json)),
        ),
        fc.array(fc.integer({ min: -5, max: 400 }), { maxLength: 6 }),
        fc.integer({ min: -2, max: 8 }),
        (bytes, ends, from) => {
          const run = reader!.readRates(
            bytes,
            Int32Array.from(ends),
            Int32Array.from(ends, (_, k) => k),
            undefined,
            from,
          );
          expect(run.stop).toBeGreaterThanOrEqual(Math.min(Math.max(from, 0), ends.length));
          expect(run.stop).toBeLessThanOrEqual(Math.max(ends.length, from));
        },
      ),
      { numRuns: 5000 },
    );
    expect(() =>
      reader!.readRates(new Uint8Array(4), Int32Array.of(4), new Int32Array(0), undefined, 0),
    ).toThrow(/readRates: expected/);
  });

  it("reports an error found in a run at its item, as the TypeScript path does", () => {
    const good = `{"negotiation_arrangement":"ffs","billing_code_type":"CPT","billing_code":"1","negotiated_rates":[{"provider_references":[1],"negotiated_prices":[{"negotiated_type":"negotiated","negotiated_rate":1}]}]}`;
    const batch = batchOf([
      good,
      good.replace('"ffs"', '"barter"'),
      good.replace('"negotiated"', '"bogus"'),
    ]);
    const { native, plain } = bothWays([batch]);
    expect(native).toEqual(plain);
    expect(native[0]!.error).toEqual({
      byteOffset: 5000 + good.length,
      jsonPath: "$.in_network[101].negotiation_arrangement",
      problem: 'unknown negotiation_arrangement "barter" (expected ffs, bundle or capitation)',
    });
  });
});
