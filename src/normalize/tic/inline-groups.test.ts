import { describe, expect, it } from "vitest";
import { CsvBytes } from "./csv-fields.js";
import { INLINE_KEY_BASE, InlineGroups, jsonEqual, jsonFingerprint } from "./inline-groups.js";

const group = (npis: unknown[], ein: string): unknown =>
  JSON.parse(JSON.stringify([{ npi: npis, tin: { type: "ein", value: ein } }]));

describe("InlineGroups", () => {
  it("gives a repeated group one key and writes its rows once; another group gets the next key of its thread", () => {
    const groups = new InlineGroups(1, 2); // second of two workers
    const out = new CsvBytes(64);
    const first = groups.keyOf(group([1234567893, 1245319599], "12-3456789"), undefined, out);
    const again = groups.keyOf(group([1234567893, 1245319599], "12-3456789"), undefined, out);
    const other = groups.keyOf(group([1245319599, 1234567893], "12-3456789"), undefined, out); // order matters: another list
    expect([first, again, other]).toEqual([
      INLINE_KEY_BASE + 1,
      INLINE_KEY_BASE + 1,
      INLINE_KEY_BASE + 3,
    ]);
    // Each group once, its provider's two NPIs on one line.
    expect(Buffer.from(out.bytes()).toString().trim().split("\n")).toEqual([
      `${INLINE_KEY_BASE + 1},,"[1234567893,1245319599]",ein,123456789,`,
      `${INLINE_KEY_BASE + 3},,"[1245319599,1234567893]",ein,123456789,`,
    ]);
  });

  it("drops groups without a wanted NPI, also when they come again", () => {
    const groups = new InlineGroups();
    const out = new CsvBytes(64);
    const wanted = new Set([1234567893]);
    expect(groups.keyOf(group([1245319599], "1"), wanted, out)).toBeUndefined();
    expect(groups.keyOf(group([1245319599], "1"), wanted, out)).toBeUndefined();
    expect(groups.keyOf(group([1234567893], "1"), wanted, out)).toBe(INLINE_KEY_BASE); // a dropped group takes no key
    expect(out.length).toBeGreaterThan(0);
  });
});

describe("jsonFingerprint and jsonEqual", () => {
  it("tell apart values that differ in type, array order, key or nesting (object key order does not count)", () => {
    const values: unknown[] = [
      1,
      "1",
      [1],
      [[1]],
      { a: 1 },
      { b: 1 },
      { a: 1, b: 2 },
      { b: 2, a: 1 },
      [1, 2],
      [2, 1],
      null,
      true,
      false,
      4294967297,
      1,
      1.5,
      "",
      [],
    ];
    for (const [i, a] of values.entries()) {
      for (const [j, b] of values.entries()) {
        const canonical = (value: unknown): string =>
          JSON.stringify(value, (_key, inner: unknown) =>
            inner !== null && typeof inner === "object" && !Array.isArray(inner)
              ? Object.fromEntries(Object.entries(inner).sort())
              : inner,
          );
        const same = canonical(a) === canonical(b);
        expect(jsonEqual(a, b)).toBe(same);
        if (JSON.stringify(a) === JSON.stringify(b)) {
          expect(jsonFingerprint(a, 7)).toBe(jsonFingerprint(b, 7));
        } else if (i !== j) {
          expect(jsonFingerprint(a, 7) === jsonFingerprint(b, 7) && jsonEqual(a, b)).toBe(false);
        }
      }
    }
  });
});
