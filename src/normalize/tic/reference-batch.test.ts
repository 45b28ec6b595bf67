import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { concatenatedTexts } from "../../testing/concatenated-texts.js";
import { nativeRates, type NativeReader } from "./native-rates.js";
import {
  ReferenceOutcome,
  resolveReferenceBatch,
  type ReferenceBatch,
  type ReferenceResult,
} from "./reference-batch.js";

// CI builds the addon and requires it (see native-rates.test.ts); elsewhere the comparisons with
// the simdjson reader say why they do not run.
const reader = nativeRates();
if (reader === undefined && process.env.RATELENS_REQUIRE_NATIVE === "1") {
  throw new Error("RATELENS_REQUIRE_NATIVE=1 but native/ratelens-tic.cc was not built");
}
const describeNative = reader === undefined ? describe.skip : describe;

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** A batch of root references' JSON texts, as `FileJob` makes it. */
function batchOf(texts: readonly string[], written?: readonly string[]): ReferenceBatch {
  const { bytes, ends } = concatenatedTexts(texts);
  return {
    bytes,
    ends,
    indexes: Int32Array.from(texts, (_, k) => 40 + k),
    fileOffsets: Float64Array.from(texts, (_, k) => (k === 0 ? 0 : ends[k - 1]!) + 7000),
    keys: Int32Array.from(texts, (_, k) => 3 * k + 1),
    written: written ?? texts.map((_, k) => String(k + 1)),
  };
}

describe("resolveReferenceBatch", () => {
  it("writes a provider line per provider, EINs as 9 digits, and a group_refs line per reference", () => {
    const result = resolveReferenceBatch(
      batchOf(
        [
          '{"provider_group_id":1,"network_name":["PPO"],"provider_groups":[{"npi":[1234567890,1],"tin":{"type":"EIN","value":"12-345678"}},{"npi":[],"tin":{"type":"npi","value":" 1234567890 "}}]}',
          '{"provider_group_id":2,"location":"https://example.test/2.json"}',
          '{"provider_group_id":3}',
        ],
        ["1", "2", 'a,"b"'],
      ),
      undefined,
      null,
    );
    expect(text(result.groupsCsv)).toBe(
      '1,1,"[1234567890,1]",ein,012345678,"[""PPO""]"\n1,1,"[null]",npi,1234567890,"[""PPO""]"\n',
    );
    expect(result.keyLines).toBe('1,1,true\n7,"a,""b""",false\n');
    expect([...result.outcomes]).toEqual([
      ReferenceOutcome.Kept,
      ReferenceOutcome.Remote,
      ReferenceOutcome.Neither,
    ]);
    expect(result.remote).toEqual(["https://example.test/2.json"]);
  });

  it("reports invalid JSON at its byte in the file and its JSON path", () => {
    const result = resolveReferenceBatch(
      batchOf(['{"provider_groups":[]}', '{"provider_groups":[}']),
      undefined,
    );
    expect(result.error).toMatchObject({
      jsonPath: "$.provider_references[41]",
      byteOffset: 7000 + 22 + 20,
    });
  });
});

// --- the simdjson reader against JSON.parse: the same lines, outcomes and errors ---

/** A reader that records how many references it read, to show the fast path ran. */
function counting(native: NativeReader): { reader: NativeReader; read: () => number } {
  let read = 0;
  return {
    reader: {
      readRates: (...args) => native.readRates(...args),
      readReferences(...args) {
        const run = native.readReferences(...args);
        read += run.stop - args[6];
        return run;
      },
    },
    read: () => read,
  };
}

function comparable(result: ReferenceResult) {
  return { ...result, groupsCsv: text(result.groupsCsv), outcomes: [...result.outcomes] };
}

const npiPool = [0, 1, 1234567890, 1999999999, 2 ** 53 - 1];
const npi = fc.oneof(
  { weight: 40, arbitrary: fc.constantFrom(...npiPool) },
  { weight: 20, arbitrary: fc.integer({ min: 0, max: 2 ** 31 }) },
  // What the TypeScript path reads (strings, 1.0 written as 1e0 is a whole number) or refuses.
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>("1234567890", " 12 ", 1.5, -1, 2 ** 53, null, "x"),
  },
);
const ascii = fc.string({ maxLength: 12 });
const tinText = fc.oneof(
  { weight: 40, arbitrary: fc.constantFrom("12-3456789", "123456789", " 1234 ", "12 34-5", "") },
  { weight: 10, arbitrary: ascii },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom("Ｅ1", "12\u00a034", "1\t2", '1"2', "1,2\n") },
);
const tinType = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom("ein", "EIN", " Ein ", "npi", "") },
  { weight: 3, arbitrary: ascii },
  { weight: 1, arbitrary: fc.constantFrom("EİN", "eın") },
);
const odd = fc.constantFrom<unknown>(null, 12, true, "x", [], {});
const maybe = <T>(value: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 60, arbitrary: value },
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: odd },
  );
const provider = fc.record(
  {
    npi: maybe(fc.oneof({ weight: 20, arbitrary: fc.array(npi, { maxLength: 4 }) }, npi)),
    NPI: fc.oneof(
      { weight: 30, arbitrary: fc.constant(undefined) },
      fc.array(npi, { maxLength: 2 }),
    ),
    tin: maybe(fc.record({ type: maybe(tinType), value: maybe(tinText) }, { requiredKeys: [] })),
    other: fc.oneof({ weight: 10, arbitrary: fc.constant(undefined) }, odd),
  },
  { requiredKeys: [] },
);
const networkName = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom("PPO", "Choice Plus", "") },
  { weight: 3, arbitrary: ascii },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 4 }) },
);
const reference = fc.record(
  {
    provider_group_id: fc.oneof(fc.integer({ min: 0, max: 1e6 }), fc.constant(690.64462), ascii),
    network_name: fc.oneof(
      { weight: 10, arbitrary: fc.constant(undefined) },
      { weight: 20, arbitrary: fc.array(networkName, { maxLength: 3 }) },
      { weight: 3, arbitrary: networkName },
      { weight: 1, arbitrary: odd },
    ),
    provider_groups: fc.oneof(
      { weight: 30, arbitrary: fc.array(provider, { maxLength: 4 }) },
      { weight: 2, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: odd },
    ),
    location: fc.oneof(
      { weight: 20, arbitrary: fc.constant(undefined) },
      { weight: 2, arbitrary: fc.constant("https://example.test/refs/1.json") },
      { weight: 1, arbitrary: odd },
    ),
  },
  { requiredKeys: [] },
);
/** A reference's JSON text, now and then with a key written twice, escapes, or cut short. */
const referenceText = fc.tuple(reference, fc.integer({ min: 0, max: 40 })).map(([value, twist]) => {
  const json = JSON.stringify(value);
  if (json === "{}") return json;
  if (twist === 0) return `{"provider_groups":[{"npi":[1]}],${json.slice(1)}`;
  if (twist === 1) return `{"network_name":"first",${json.slice(1)}`;
  if (twist === 2) {
    return json.replace('"tin":{"type":"', '"tin":{"type":"\\u0065').replace("ein", "in");
  }
  if (twist === 3) return json.slice(0, Math.max(1, json.length - 3));
  if (twist === 4) return `[${json}]`;
  if (twist === 5) return json.replace('"npi":[', '"npi":[-0,');
  return json;
});
const written = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 0, max: 1e6 }).map(String) },
  {
    weight: 2,
    arbitrary: fc.constantFrom("690.64462", "a,b", 'q"t', "line\nbreak", "cr\r", "", "é"),
  },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 4 }) },
);

describeNative("resolveReferenceBatch with the simdjson reader", () => {
  it("gives JSON.parse's lines, outcomes, remote locations and errors, in the same order", () => {
    let read = 0;
    let total = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(referenceText, written), { minLength: 1, maxLength: 10 }),
        fc.option(fc.uniqueArray(fc.constantFrom(...npiPool, 12345), { maxLength: 3 }), {
          nil: undefined,
        }),
        (references, filter) => {
          const batch = batchOf(
            references.map(([json]) => json),
            references.map(([, id]) => id),
          );
          const npis = filter === undefined ? undefined : new Set(filter);
          const counted = counting(reader!);
          const native = resolveReferenceBatch(batch, npis, counted.reader);
          const plain = resolveReferenceBatch(batch, npis, null);
          expect(comparable(native)).toEqual(comparable(plain));
          read += counted.read();
          total += references.length;
        },
      ),
      { numRuns: 3000 },
    );
    // Most references are of the usual shape: the reader must have read them.
    expect(read / total).toBeGreaterThan(0.3);
  });

  it("reads the usual shape itself, and leaves a remote location and string NPIs to TypeScript", () => {
    const counted = counting(reader!);
    const batch = batchOf(
      [
        '{"provider_group_id":1,"provider_groups":[{"npi":[1234567890],"tin":{"type":"ein","value":"12-3456789"}}]}',
        '{"provider_group_id":2,"location":"https://example.test/2.json"}',
        '{"provider_group_id":4,"network_name":"PPO","provider_groups":[{"npi":[5],"tin":null}]}',
        '{"provider_group_id":3,"provider_groups":[{"npi":["5"],"tin":{"type":"ein","value":"1"}}]}',
      ],
      ["1", "2", "4", "3"],
    );
    const result = resolveReferenceBatch(batch, new Set([5]), counted.reader);
    expect(counted.read()).toBe(2);
    expect(text(result.groupsCsv)).toBe('7,4,"[5]",,,"[""PPO""]"\n10,3,"[5]",ein,000000001,\n');
    expect([...result.outcomes]).toEqual([
      ReferenceOutcome.Rejected,
      ReferenceOutcome.Remote,
      ReferenceOutcome.Kept,
      ReferenceOutcome.Kept,
    ]);
  });

  it("never crashes nor reads past the batch, whatever the bytes", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.array(fc.integer({ min: -5, max: 260 }), { maxLength: 6 }),
        fc.integer({ min: -2, max: 8 }),
        (bytes, ends, from) => {
          const count = ends.length;
          const outcomes = new Uint8Array(count);
          const run = reader!.readReferences(
            bytes,
            Int32Array.from(ends),
            ends.map(String),
            new Int32Array(count),
            undefined,
            outcomes,
            from,
          );
          expect(run.stop).toBeGreaterThanOrEqual(0);
          expect(run.stop).toBeLessThanOrEqual(Math.max(count, from));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
