import { describe, expect, it } from "vitest";
import { newBatchContext, normalizeInNetworkItem } from "./in-network-item.js";
import { sampledHash } from "./byte-key-table.js";
import { InlineGroupSpans } from "./inline-group-spans.js";
import { jsonParseFailure, NormalizeError } from "./normalize-error.js";
import { newFileDictionaries, normalizeBatch, type ItemBatch } from "./normalize-batch.js";

const GROUP_A =
  '[{"npi":[1234567893,1245319599,1356448889],"tin":{"type":"ein","value":"12-3456789"}}]';
const GROUP_B =
  '[{"npi":[1467556787],"tin":{"type":"ein","value":"98-7654321"}},{"npi":[1234567893]}]';
const price =
  '{"negotiated_type":"negotiated","negotiated_rate":101.5,"expiration_date":"9999-12-31"}';

function item(code: string, groups: readonly string[], extra = ""): string {
  const rates = groups.map((g) => `{"provider_groups" :\n ${g},"negotiated_prices":[${price}]}`);
  return `{"negotiation_arrangement":"ffs","name":"n","billing_code_type":"CPT","billing_code_type_version":"2026","billing_code":"${code}","description":"d${extra}","negotiated_rates":[${rates.join(",")}]}`;
}

function batchOf(items: readonly string[]): ItemBatch {
  const bytes = Buffer.from(items.join(""));
  const ends = new Int32Array(items.length);
  let end = 0;
  items.forEach((text, k) => {
    end += Buffer.byteLength(text);
    ends[k] = end;
  });
  return {
    seq: 0,
    section: "in_network",
    bytes,
    ends,
    itemIndexes: Int32Array.from(items, (_, k) => k),
    fileOffsets: Float64Array.from(items, (_, k) => (k === 0 ? 0 : ends[k - 1]!)),
  };
}

/** The same items normalised from `JSON.parse` of their text, no markers involved. */
function plainResult(items: readonly string[], npis?: ReadonlySet<number>): unknown {
  const context = newBatchContext(npis, newFileDictionaries());
  try {
    items.forEach((text, k) => {
      normalizeInNetworkItem(JSON.parse(text), k, context);
    });
  } catch (error) {
    if (error instanceof NormalizeError) return { problem: error.problem, path: error.jsonPath };
    throw error;
  }
  return comparable({
    rowsCsv: context.rows.bytes(),
    groupsCsv: context.groups.bytes(),
    prices: context.columns.prices(),
    providers: context.columns.providers(),
  });
}

function comparable(result: object): unknown {
  const { rowsCsv, groupsCsv, prices, providers } = result as Record<string, unknown>;
  return JSON.parse(
    JSON.stringify({ rowsCsv, groupsCsv, prices, providers }, (_key, value: unknown) =>
      ArrayBuffer.isView(value) ? Array.from(value as Uint8Array) : value,
    ),
  ) as unknown;
}

function spannedResult(items: readonly string[], npis?: ReadonlySet<number>): unknown {
  const result = normalizeBatch(batchOf(items), npis, newFileDictionaries());
  if (result.error !== undefined) {
    return { problem: result.error.problem, path: result.error.jsonPath };
  }
  return comparable(result);
}

function breakLast(text: string, find: string, replacement: string): string {
  const at = text.lastIndexOf(find);
  return text.slice(0, at) + replacement + text.slice(at + find.length);
}

describe("InlineGroupSpans: inline groups", () => {
  it("gives the same rows as parsing every copy: repeats, spacing, escaped look-alikes, a group too short to replace", () => {
    const items = [
      item("10000", [GROUP_A, GROUP_B, GROUP_A]),
      item("10001", [GROUP_B, GROUP_A], ' \\"provider_groups\\": [1] '),
      item("10002", [GROUP_A.replace(",", ", "), "[]", GROUP_A]), // same value, other bytes
      item("10003", [GROUP_A]),
    ];
    expect(spannedResult(items)).toEqual(plainResult(items));
    // Each group of 64 bytes or more is a marker in the text parsed; shorter ones stay.
    const spans = new InlineGroupSpans();
    const text = spans.itemText(Buffer.from(items[0]!), 0, Buffer.byteLength(items[0]!));
    const markers = text.match(/"\\u0000[0-9a-f]{16}g\d+"/g) ?? [];
    expect(markers).toHaveLength(3);
    const group = (marker: string): unknown => spans.groupOf(JSON.parse(marker));
    expect(group(markers[2]!)).toBe(group(markers[0]!));
    expect(group(markers[1]!)).not.toBe(group(markers[0]!));
    const wanted = new Set([1467556787]);
    expect(spannedResult(items, wanted)).toEqual(plainResult(items, wanted));
  });

  it("keeps its own copy of a group's bytes: a batch buffer reused for the next batch changes nothing", () => {
    const long = `[{"npi":[${Array.from({ length: 40 }, (_, k) => 1234567000 + k).join(",")}]}]`;
    // Another group of the same length and sampled hash: one digit changed between sampled bytes.
    const bytes = Buffer.from(long);
    const hash = sampledHash(bytes, 0, bytes.length);
    const digit = [...bytes.keys()].find((k) => {
      const changed = Buffer.from(bytes);
      changed[k] = bytes[k] === 0x37 ? 0x38 : 0x37;
      return /\d/.test(long[k]!) && sampledHash(changed, 0, changed.length) === hash;
    })!;
    const other = long.slice(0, digit) + (long[digit] === "7" ? "8" : "7") + long.slice(digit + 1);
    const dictionaries = newFileDictionaries();
    const first = batchOf([item("10000", [long])]);
    normalizeBatch(first, undefined, dictionaries);
    const view = Buffer.from(first.bytes.buffer, first.bytes.byteOffset, first.bytes.byteLength);
    view.write(other, view.indexOf(long)); // the batch's buffer reused in place
    const second = normalizeBatch(batchOf([item("10001", [other])]), undefined, dictionaries);
    const npi = /\d{10}/.exec(other.slice(digit - 9, digit + 10))![0];
    expect(Buffer.from(second.groupsCsv).toString()).toContain(npi);
  });

  it("stops searching a file of provider references, and searches again once a group is met", () => {
    const references = (code: string): string =>
      item(code, []).replace(
        '"negotiated_rates":[]',
        '"negotiated_rates":[{"provider_references":[1],"negotiated_prices":[' + price + "]}]",
      );
    const items = [
      ...Array.from({ length: 40 }, (_, k) => references(String(20000 + k))),
      item("10000", [GROUP_A]),
      item("10001", [GROUP_A]),
    ];
    const dictionaries = newFileDictionaries();
    normalizeBatch(batchOf(items), undefined, dictionaries);
    const last = Buffer.from(items[items.length - 1]!);
    expect(dictionaries.spans.itemText(last, 0, last.length)).toMatch(/"\\u0000[0-9a-f]{16}g0"/);
    expect(spannedResult(items)).toEqual(plainResult(items));
  });

  it("never takes a string of the file for a marker (markers carry a random nonce)", () => {
    // Were markers "\u0000<n>", this string would read as the first group of the item and the error be lost.
    const forged = item("10000", [GROUP_A, '"\\u00000"']);
    const result = spannedResult([forged]);
    expect(result).toEqual(plainResult([forged]));
    expect(result).toMatchObject({ problem: expect.stringMatching(/array/) as unknown });
  });

  it("reports invalid JSON at its true byte offset, outside or inside a repeated group", () => {
    const good = item("10000", [GROUP_A, GROUP_A]);
    for (const bad of [
      breakLast(item("10001", [GROUP_A, GROUP_A]), "101.5,", "101.5 "), // after both copies
      item("10001", [GROUP_A, GROUP_A.replace("1356448889", "1356448889 1")]),
    ]) {
      const result = normalizeBatch(batchOf([good, bad]), undefined, newFileDictionaries());
      let expected = -1;
      try {
        JSON.parse(bad);
      } catch (error) {
        expected = jsonParseFailure(bad, error).byteOffset;
      }
      expect(expected).toBeGreaterThan(GROUP_A.length); // after the first copy of the group
      expect(result.error?.byteOffset).toBe(Buffer.byteLength(good) + expected);
      expect(result.error?.problem).toMatch(/^invalid JSON/);
    }
  });
});
