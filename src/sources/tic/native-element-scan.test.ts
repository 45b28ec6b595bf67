import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TicScanner, type ScannerSink, type TicSection } from "./json-scanner.js";
import { nativeAddon } from "./native-addon.js";
import { nativeElementScan, type ElementScanAddon } from "./native-element-scan.js";

// CI builds the addon and requires it (see native-rates.test.ts); elsewhere these comparisons say
// why they do not run.
const scanner = nativeElementScan("billing_code", new Set(["1"]));
if (scanner === undefined && process.env.RATELENS_REQUIRE_NATIVE === "1") {
  throw new Error("RATELENS_REQUIRE_NATIVE=1 but native/ratelens-tic.cc was not built");
}
const describeNative = scanner === undefined ? describe.skip : describe;

/** Everything a scan tells its sink, and how it ended, as one comparable record. */
interface ScanRecord {
  events: string[];
  /** Elements counted by section: `wants` calls plus `dropped`. */
  counted: Record<string, number>;
  /** Elements the addon dropped (0 on the TypeScript path). */
  droppedNatively: number;
  error: string | undefined;
}

/**
 * Scans `text` in chunks cut at `cuts`, keeping the items whose code `kept` holds (every item
 * without it); with `native`, the sink tells the scanner so, and the addon finds the elements.
 */
function scan(
  text: string,
  cuts: readonly number[],
  kept: ReadonlySet<string> | undefined,
  native: boolean,
  split?: { splitBytes: number; pieceBytes: number },
  borrowed = false,
): ScanRecord {
  const record: ScanRecord = {
    events: [],
    counted: {},
    droppedNatively: 0,
    error: undefined,
  };
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
      return !filtered(section) || key === undefined || kept === undefined || kept.has(key);
    },
    element: (element) =>
      record.events.push(JSON.stringify({ ...element, bytes: element.bytes.toString("latin1") })),
    ...(native
      ? {
          keptByKey: (section: TicSection) => (filtered(section) ? (kept ?? "all") : "all"),
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
    // Borrowed: every chunk in the same memory, written over with junk once pushed.
    const shared = Buffer.alloc(bytes.length);
    for (const cut of [...cuts, bytes.length]) {
      const end = Math.min(Math.max(cut, at), bytes.length);
      if (borrowed) {
        const chunk = shared.subarray(0, end - at);
        bytes.copy(chunk, 0, at, end);
        scanner.push(chunk, true);
        chunk.fill(0x7b); // `{`
      } else {
        // A copy per chunk, as a stream gives them (the scanner must not rely on the bytes before).
        scanner.push(Buffer.from(bytes.subarray(at, end)));
      }
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
const reference = fc
  .record({
    id: fc.option(
      fc.constantFrom("1", "2.5", '"a"', '"b\\u0041"', '"é"', "[1]", '{"x":1}', "null"),
      { freq: 8 },
    ),
    groups: nested,
    s: space,
  })
  .map(({ id, groups, s }) =>
    id === null
      ? `{"provider_groups":${groups}}`
      : `{${s}"provider_groups":${groups},${s}"provider_group_id":${s}${id}}`,
  );
const document = fc
  .record({
    items: fc.array(fc.tuple(item, space), { maxLength: 12 }),
    others: fc.array(item, { maxLength: 3 }),
    references: fc.array(reference, { maxLength: 4 }),
    separator: fc.constantFrom(",", ",", ",", ",", ",,", ""),
    tail: fc.constantFrom("]}", "]}", "]}", "]", "", ',"extra":1}'),
  })
  .map(
    ({ items, others, references, separator, tail }) =>
      `{"version":"1.0.0","provider_references":[${references.join(",")}],` +
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
        fc.option(fc.subarray(["1", "2", "10", "1\\u0030", "caf\u00e9", "null", ""]), {
          freq: 4,
        }),
        fc.boolean(),
        fc.boolean(),
        (text, cuts, keptCodes, small, borrowed) => {
          const kept = keptCodes === null ? undefined : new Set(keptCodes);
          const sorted = [...cuts].sort((a, b) => a - b);
          const split = small ? { splitBytes: 64, pieceBytes: 32 } : undefined;
          const plain = scan(text, sorted, kept, false, split);
          const withAddon = scan(text, sorted, kept, true, split, borrowed);
          const plainBorrowed = scan(text, sorted, kept, false, split, true);
          expect(plainBorrowed.events).toEqual(plain.events);
          expect(plainBorrowed.error).toBe(plain.error);
          expect(withAddon.events).toEqual(plain.events);
          expect(withAddon.counted).toEqual(plain.counted);
          expect(withAddon.error).toBe(plain.error);
          native += withAddon.droppedNatively;
          total += plain.counted.in_network ?? 0;
        },
      ),
      { numRuns: 3000 },
    );
    // The comparison is only worth something if the addon did a good part of the dropping.
    expect(native).toBeGreaterThan(total * 0.2);
  });

  it("skips the dropped items of a run and gives where each kept one starts and ends", () => {
    const bytes = Buffer.from(
      ' {"billing_code":"99999","x":[1,{"a":"}\\\\\\""}]} , {"negotiation_arrangement":"ffs",' +
        '"billing_code":12345,"r":[]},{"billing_code":"10000"},{"billing_code":"1","y":[2]}]',
    );
    const scan = nativeElementScan("billing_code", new Set(["10000", "1"]))!;
    const at = scan.scan(bytes, 0);
    expect(bytes.subarray(at).toString()).toBe("]");
    expect([scan.skipped, scan.kept, scan.elements]).toEqual([2, 2, 4]);
    const spans = [0, 1].map((k) => {
      const [start, end, keyStart, keyEnd, ordinal] = scan.spans.subarray(5 * k, 5 * k + 5);
      return [
        bytes.toString("latin1", start, end! + 1),
        bytes.toString("latin1", keyStart, keyEnd),
        ordinal,
      ];
    });
    expect(spans).toEqual([
      ['{"billing_code":"10000"}', "10000", 2],
      ['{"billing_code":"1","y":[2]}', "1", 3],
    ]);
    expect(scan.open).toBeUndefined();
  });

  it("keeps every element with its key when told to, numbers as written", () => {
    const bytes = Buffer.from(
      '{"provider_group_id":690.64462,"provider_groups":[]},{"provider_group_id":"a"}',
    );
    const scan = nativeElementScan("provider_group_id", "all")!;
    expect(scan.scan(bytes, 0)).toBe(bytes.length);
    expect([scan.skipped, scan.kept]).toEqual([0, 2]);
    expect(bytes.toString("latin1", scan.spans[2], scan.spans[3])).toBe("690.64462");
    expect(bytes.toString("latin1", scan.spans[7], scan.spans[8])).toBe("a");
  });

  it("leaves an item to the scanner when its code has an escape, comes as an object, or is missing", () => {
    const scan = nativeElementScan("billing_code", new Set(["10000"]))!;
    for (const item of [
      '{"billing_code":"9\\u0039"}',
      '{"billing_code":{"x":1}}',
      '{"name":"no code"}',
      '{"billing\\u005fcode":"1"}',
      '{"billing_code":"1"]',
      '{"billing_code":"10000","r":[',
    ]) {
      const bytes = Buffer.from(`${item},{"billing_code":"2"}`);
      expect(scan.scan(bytes, 0)).toBe(0);
      expect([scan.skipped, scan.kept]).toEqual([0, 0]);
    }
  });

  it("ends a chunk inside a dropped item with the string state the next chunk needs", () => {
    const scan = nativeElementScan("billing_code", new Set(["10000"]))!;
    const bytes = Buffer.from('{"billing_code":"1","r":[{"a":"x\\');
    expect(scan.scan(bytes, 0)).toBe(bytes.length);
    expect(scan.open).toEqual({ depth: 3, inString: true, escaped: true });
    const next = Buffer.from('"y"}]},{"billing_code":"10000"}');
    expect(scan.resume(next, 3, true, true)).toBe(next.length);
    expect([scan.skipped, scan.kept, scan.elements]).toEqual([0, 1, 1]);
    expect(scan.spans[0]).toBe(next.indexOf("{", 5));
  });

  it("stops when its spans are full, for the scanner to call again", () => {
    const items = Array.from({ length: 1200 }, (_, k) => `{"billing_code":"${k}"}`);
    const bytes = Buffer.from(items.join(","));
    const scan = nativeElementScan("billing_code", "all")!;
    let at = 0;
    let kept = 0;
    let calls = 0;
    do {
      at = scan.scan(bytes, at);
      kept += scan.kept;
      calls++;
    } while (scan.full);
    expect([at, kept, calls]).toEqual([bytes.length, 1200, 3]);
  });

  it("writes no span past the array it is given", () => {
    const addon = nativeAddon() as ElementScanAddon;
    const backing = new Int32Array(20).fill(-7);
    const state = new Int32Array(9);
    const bytes = Buffer.from('{"a":1},{"a":2},{"a":3},{"a":4}');
    const at = addon.scanElements(
      bytes,
      0,
      addon.elementFilter("a", null),
      state,
      backing.subarray(0, 10),
    );
    expect([at, state[6], state[8]]).toEqual([16, 2, 1]);
    expect([...backing.subarray(10)]).toEqual(new Array<number>(10).fill(-7));
  });

  it("survives any bytes, any start and any resumed state without reading past the chunk", () => {
    const addon = nativeAddon() as ElementScanAddon;
    const filters = [
      addon.elementFilter("billing_code", ["1", "a"]),
      addon.elementFilter("a", null),
    ];
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.nat({ max: 320 }),
        fc.array(fc.integer({ min: -3, max: 70 }), { minLength: 9, maxLength: 9 }),
        fc.nat({ max: 3 }),
        fc.boolean(),
        (bytes, from, state, spanCount, all) => {
          const slots = Int32Array.from(state);
          const spans = new Int32Array(5 * spanCount);
          const at = addon.scanElements(bytes, from, filters[all ? 1 : 0]!, slots, spans);
          expect(at).toBeGreaterThanOrEqual(Math.min(from, bytes.length));
          expect(at).toBeLessThanOrEqual(bytes.length);
          for (let k = 0; k < slots[6]!; k++) {
            expect(spans[5 * k + 1]).toBeLessThan(bytes.length);
            expect(spans[5 * k]).toBeGreaterThanOrEqual(Math.min(from, bytes.length));
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe("the scanner without the addon", () => {
  it("counts and keeps the same items when its sink offers no kept codes", () => {
    const text = '{"in_network":[{"billing_code":"1"},{"billing_code":"2"},{"name":"x"}]}';
    const record = scan(text, [10, 30], new Set(["1"]), false);
    expect(record.counted).toEqual({ in_network: 3 });
    expect(record.events.filter((event) => event.startsWith("{"))).toHaveLength(2);
  });
});
