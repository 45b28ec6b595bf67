import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TicScanner, type ScannerSink, type TicSection } from "./json-scanner.js";
import { nativeAddon } from "./native-addon.js";
import { nativeItemSkip } from "./native-item-skip.js";

// CI builds the addon and requires it (see native-rates.test.ts); elsewhere these comparisons say
// why they do not run.
const skipper = nativeItemSkip(new Set(["1"]));
if (skipper === undefined && process.env.RATELENS_REQUIRE_NATIVE === "1") {
  throw new Error("RATELENS_REQUIRE_NATIVE=1 but native/ratelens-tic.cc was not built");
}
const describeNative = skipper === undefined ? describe.skip : describe;

/** Everything a scan tells its sink, and how it ended, as one comparable record. */
interface ScanRecord {
  events: string[];
  /** Elements counted by section: `wants` calls plus `dropped`. */
  counted: Record<string, number>;
  /** Elements the addon dropped (0 on the TypeScript path). */
  droppedNatively: number;
  error: string | undefined;
}

/** Scans `text` in chunks cut at `cuts`; with `native`, the sink offers the addon its kept codes. */
function scan(
  text: string,
  cuts: readonly number[],
  kept: ReadonlySet<string>,
  native: boolean,
  split?: { splitBytes: number; pieceBytes: number },
): ScanRecord {
  const record: ScanRecord = { events: [], counted: {}, droppedNatively: 0, error: undefined };
  const count = (section: TicSection, n: number): void => {
    record.counted[section] = (record.counted[section] ?? 0) + n;
  };
  const filtered = (section: TicSection): boolean =>
    section === "in_network" || section === "out_of_network";
  const sink: ScannerSink = {
    header: (key, raw) => record.events.push(`header ${key}=${raw}`),
    section: (section, starts) => record.events.push(`section ${section} ${String(starts)}`),
    wants: (section, key) => {
      count(section, 1);
      return !filtered(section) || key === undefined || kept.has(key);
    },
    element: (element) =>
      record.events.push(JSON.stringify({ ...element, bytes: element.bytes.toString("latin1") })),
    ...(native
      ? {
          keptKeys: (section: TicSection) => (filtered(section) ? kept : undefined),
          dropped: (section: TicSection, n: number) => {
            count(section, n);
            record.droppedNatively += n;
          },
        }
      : {}),
  };
  const scanner = new TicScanner(sink, split);
  const bytes = Buffer.from(text, "latin1");
  try {
    let at = 0;
    for (const cut of [...cuts, bytes.length]) {
      const end = Math.min(Math.max(cut, at), bytes.length);
      // A copy per chunk, as a stream gives them (the scanner must not rely on the bytes before).
      scanner.push(Buffer.from(bytes.subarray(at, end)));
      at = end;
    }
    scanner.end();
  } catch (error) {
    record.error = error instanceof Error ? error.message : String(error);
  }
  return record;
}

// Pieces of items, written to reach every branch of the skipper: strings with brackets, escapes
// and runs of backslashes, nested values before the code, codes as strings, numbers, escapes,
// non-ASCII text, objects, literals; keys after negotiated_rates; whitespace anywhere.
const space = fc.constantFrom("", " ", "\n", "\r\n  ", "\t");
const stringText = fc.constantFrom(
  "plain",
  "{[}]",
  'q\\"uote',
  "back\\\\",
  "\\\\\\\\",
  'tail\\\\\\"',
  "\\u00e9t\\u00e9",
  "caf\u00e9",
  "",
  ",:",
);
// The last three are invalid: the scanner must see them as it would without the addon.
const scalar = fc.constantFrom(
  "12.5",
  "-3",
  "1e3",
  "true",
  "false",
  "null",
  "0",
  '1"2',
  "n\\l",
  "@",
);
const leaf = fc.oneof(
  stringText.map((t) => `"${t}"`),
  scalar,
);
const nested: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc
      .array(fc.tuple(space, tie("value")), { maxLength: 4 })
      .map((items) => `[${items.map(([s, v]) => `${s}${v}`).join(",")}]`),
    fc
      .array(fc.tuple(stringText, space, tie("value")), { maxLength: 4 })
      .map((fields) => `{${fields.map(([k, s, v]) => `"${k}":${s}${v}`).join(",")}}`),
  ),
})).value;
const codeValue = fc.oneof(
  fc.constantFrom("1", "2", "3", "10", "99999").map((c) => `"${c}"`),
  fc.constantFrom("1", "2", "3", "10", "99999"),
  fc.constantFrom('"1\\u0030"', '"caf\u00e9"', '{"x":1}', "[1]", "null", "true", '""', '"1\\"'),
);
const item = fc
  .record({
    before: fc.array(
      fc.tuple(fc.constantFrom("name", "negotiated_rates", "bundled_codes"), nested),
      {
        maxLength: 3,
      },
    ),
    code: fc.option(codeValue, { freq: 8 }),
    codeKey: fc.constantFrom(
      '"billing_code"',
      '"billing_code"',
      '"billing_code"',
      '"billing\\u005fcode"',
    ),
    after: fc.array(fc.tuple(fc.constantFrom("negotiated_rates", "description"), nested), {
      maxLength: 3,
    }),
    s1: space,
    s2: space,
    close: fc.constantFrom("}", "}", "}", "}", "}", "}", "}", "}", "}", "]"),
  })
  .map(({ before, code, codeKey, after, s1, s2, close }) => {
    const fields = before.map(([k, v]) => `"${k}":${s1}${v}`);
    if (code !== null) fields.push(`${codeKey}${s2}:${s1}${code}`);
    for (const [k, v] of after) fields.push(`"${k}"${s2}:${v}`);
    return `{${s1}${fields.join(`,${s2}`)}${s2}${close}`;
  });
const document = fc
  .record({
    items: fc.array(fc.tuple(item, space), { maxLength: 12 }),
    others: fc.array(item, { maxLength: 3 }),
    references: fc.boolean(),
    separator: fc.constantFrom(",", ",", ",", ",", ",,", ""),
    tail: fc.constantFrom("]}", "]}", "]}", "]", "", ',"extra":1}'),
  })
  .map(
    ({ items, others, references, separator, tail }) =>
      `{"version":"1.0.0",${references ? '"provider_references":[{"provider_group_id":1,"provider_groups":[]}],' : ""}` +
      `"out_of_network":[${others.join(",")}],"in_network":[${items.map(([i, s]) => `${s}${i}`).join(separator)}${tail}`,
  );

describeNative("the native item skip", () => {
  it("gives the scanner's sink exactly what the TypeScript path gives it, wherever chunks end", () => {
    let native = 0;
    let total = 0;
    fc.assert(
      fc.property(
        document,
        fc.array(fc.nat({ max: 4000 }), { maxLength: 12 }),
        fc.subarray(["1", "2", "10", "1\\u0030", "caf\u00e9", "null", ""]),
        fc.boolean(),
        (text, cuts, keptCodes, small) => {
          const kept = new Set(keptCodes);
          const sorted = [...cuts].sort((a, b) => a - b);
          const split = small ? { splitBytes: 64, pieceBytes: 32 } : undefined;
          const plain = scan(text, sorted, kept, false, split);
          const withAddon = scan(text, sorted, kept, true, split);
          expect(withAddon.events).toEqual(plain.events);
          expect(withAddon.counted).toEqual(plain.counted);
          expect(withAddon.error).toBe(plain.error);
          native += withAddon.droppedNatively;
          total += plain.counted.in_network ?? 0;
        },
      ),
      { numRuns: 3000 },
    );
    // The comparison is only worth something if the addon did most of the dropping.
    expect(native).toBeGreaterThan(total * 0.2);
  });

  it("skips a run of dropped items in one call and stops at the first kept one", () => {
    const bytes = Buffer.from(
      ' {"billing_code":"99999","x":[1,{"a":"}\\\\\\""}]} , {"negotiation_arrangement":"ffs",' +
        '"billing_code":12345,"r":[]},{"billing_code":"10000"}]',
    );
    const skip = nativeItemSkip(new Set(["10000"]))!;
    const at = skip.skip(bytes, 0);
    expect(bytes.subarray(at).toString()).toBe('{"billing_code":"10000"}]');
    expect(skip.skipped).toBe(2);
    expect(skip.open).toBeUndefined();
  });

  it("leaves an item to the scanner when its code has an escape, comes as an object, or is missing", () => {
    const skip = nativeItemSkip(new Set(["10000"]))!;
    for (const item of [
      '{"billing_code":"9\\u0039"}',
      '{"billing_code":{"x":1}}',
      '{"name":"no code"}',
      '{"billing\\u005fcode":"1"}',
      '{"billing_code":"1"]',
    ]) {
      const bytes = Buffer.from(`${item},{"billing_code":"2"}`);
      expect(skip.skip(bytes, 0)).toBe(0);
      expect(skip.skipped).toBe(0);
    }
  });

  it("ends a chunk inside a dropped item with the string state the next chunk needs", () => {
    const skip = nativeItemSkip(new Set(["10000"]))!;
    const bytes = Buffer.from('{"billing_code":"1","r":[{"a":"x\\');
    expect(skip.skip(bytes, 0)).toBe(bytes.length);
    expect(skip.open).toEqual({ depth: 3, inString: true, escaped: true });
    const next = Buffer.from('"y"}]},{"billing_code":"10000"}');
    expect(skip.resume(next, 3, true, true)).toBe(next.indexOf("{", 5));
    expect(skip.skipped).toBe(0);
  });

  it("survives any bytes, any start and any resumed state without reading past the chunk", () => {
    const addon = nativeAddon() as {
      skipItems(bytes: Uint8Array, from: number, keys: object, state: Int32Array): number;
      itemKeys(codes: string[]): object;
    };
    const keys = addon.itemKeys(["1", "a"]);
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.nat({ max: 320 }),
        fc.array(fc.integer({ min: -3, max: 70 }), { minLength: 6, maxLength: 6 }),
        (bytes, from, state) => {
          const slots = Int32Array.from(state);
          const at = addon.skipItems(bytes, from, keys, slots);
          expect(at).toBeGreaterThanOrEqual(Math.min(from, bytes.length));
          expect(at).toBeLessThanOrEqual(bytes.length);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe("the scanner without the addon's item skip", () => {
  it("counts and keeps the same items when its sink offers no kept codes", () => {
    const text = '{"in_network":[{"billing_code":"1"},{"billing_code":"2"},{"name":"x"}]}';
    const record = scan(text, [10, 30], new Set(["1"]), false);
    expect(record.counted).toEqual({ in_network: 3 });
    expect(record.events.filter((event) => event.startsWith("{"))).toHaveLength(2);
  });
});
