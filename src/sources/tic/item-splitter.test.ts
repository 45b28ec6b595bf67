import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ItemSplitter, type ItemPiece } from "./item-splitter.js";

/** Splits `text` (one item) fed in chunks cut at `cuts`, into pieces of about `pieceBytes`. */
function split(text: string, pieceBytes: number, cuts: number[] = [], offset = 0): ItemPiece[] {
  const bytes = Buffer.from(text);
  const pieces: ItemPiece[] = [];
  const splitter = new ItemSplitter(offset, pieceBytes, (piece) => pieces.push(piece));
  const at = [...new Set(cuts.map((cut) => cut % bytes.length))].sort((a, b) => a - b);
  let from = 0;
  for (const cut of at) {
    if (cut <= from) continue;
    splitter.push(bytes.subarray(from, cut));
    from = cut;
  }
  splitter.end(bytes.subarray(from));
  return pieces;
}

type Item = Record<string, unknown> & { negotiated_rates?: unknown[] };

/** The item the pieces make together: each piece's rates in order, the last piece's other fields. */
function rejoin(pieces: ItemPiece[]): { item: Item; offsets: number[] } {
  const parsed = pieces.map((piece) => JSON.parse(piece.bytes.toString()) as Item);
  const last = parsed.at(-1)!;
  const rates = parsed.flatMap((piece) => piece.negotiated_rates ?? []);
  return {
    item: parsed.length > 1 ? { ...last, negotiated_rates: rates } : last,
    offsets: pieces.map((piece) => piece.rateOffset),
  };
}

const rate = (k: number): Record<string, unknown> => ({
  provider_references: [k, k + 1],
  negotiated_prices: [
    { negotiated_type: "negotiated", negotiated_rate: 10 + k, service_code: ["11", ']}{"\\'] },
  ],
});

describe("ItemSplitter: a large item cut into items of its own", () => {
  it("cuts at rate boundaries, numbers each piece's first rate, keeps the closing fields for the last", () => {
    const item = {
      negotiation_arrangement: "ffs",
      billing_code: "99213",
      negotiated_rates: Array.from({ length: 50 }, (_, k) => rate(k)),
      covered_services: [{ billing_code: "1" }],
    };
    const pieces = split(JSON.stringify(item), 600, [7, 300, 301, 2000, 2001, 2002]);
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.slice(0, -1).every((piece) => !piece.last)).toBe(true);
    expect(pieces.at(-1)!.last).toBe(true);
    const { item: joined, offsets } = rejoin(pieces);
    expect(joined).toEqual(item);
    let next = 0;
    for (const [k, piece] of pieces.entries()) {
      expect(offsets[k]).toBe(next);
      const own = JSON.parse(piece.bytes.toString()) as Item;
      expect(own.billing_code).toBe("99213");
      expect("covered_services" in own).toBe(piece.last);
      next += own.negotiated_rates!.length;
    }
  });

  it("finds the rates key wherever the chunks cut it", () => {
    const text = JSON.stringify({
      billing_code: "1",
      negotiated_rates: Array.from({ length: 8 }, (_, k) => rate(k)),
    });
    const key = text.indexOf('"negotiated_rates"');
    for (let cut = key - 1; cut <= key + 20; cut++) {
      const pieces = split(text, 100, [cut, cut + 1]);
      expect(pieces.length).toBeGreaterThan(2);
      expect(rejoin(pieces).item).toEqual(JSON.parse(text));
    }
  });

  it("maps each piece's rate bytes to their offsets in the file", () => {
    const text = ` {"billing_code" : "1", "negotiated_rates" : [ ${Array.from({ length: 20 }, (_, k) => JSON.stringify(rate(k))).join(" ,\n ")} ] , "x": [] }`;
    const whole = Buffer.from(text);
    const start = whole.indexOf("{");
    const pieces = split(whole.subarray(start).toString(), 300, [50, 51, 400], 1000 + start);
    const opening = whole.subarray(start, whole.indexOf("[") + 1).length;
    for (const piece of pieces) {
      const at = piece.fileOffset - 1000;
      const rates = piece.bytes.subarray(opening, piece.bytes.length - (piece.last ? 0 : 2));
      expect(rates.toString()).toBe(
        whole.subarray(at + opening, at + opening + rates.length).toString(),
      );
    }
    expect(pieces[0]!.fileOffset).toBe(1000 + start);
  });

  it("leaves whole an item without a rates array, or with `negotiated_rates` only as a value", () => {
    for (const item of [
      { billing_code: "1", note: "negotiated_rates", list: [1, 2, [3]] },
      { billing_code: "1", negotiated_rates: { not: "an array" }, other: [[1], [2]] },
    ]) {
      const text = JSON.stringify(item);
      const pieces = split(text, 4, [3, 9, 17]);
      expect(pieces).toHaveLength(1);
      expect(pieces[0]!.bytes.toString()).toBe(text);
      expect(pieces[0]!).toMatchObject({ rateOffset: 0, last: true, fileOffset: 0 });
    }
  });

  it("gives back the same item whatever the chunks and the piece size (random items)", () => {
    const text = fc.string({
      unit: fc.constantFrom("a", '"', "\\", "[", "]", "{", "}", ",", "é", " "),
    });
    const value = fc.letrec((tie) => ({
      json: fc.oneof(
        { depthSize: "small" },
        text,
        fc.integer(),
        fc.constant(null),
        fc.array(tie("json"), { maxLength: 3 }),
        fc.dictionary(text, tie("json"), { maxKeys: 3 }),
      ),
    })).json;
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom("a", "negotiated_rates ", "b\\"), value, { maxKeys: 3 }),
        fc.array(fc.dictionary(text, value, { maxKeys: 3 }), { maxLength: 12 }),
        fc.dictionary(fc.constantFrom("c", "negotiated_rates"), value, { maxKeys: 2 }),
        fc.integer({ min: 1, max: 200 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        (before, rates, after, pieceBytes, cuts, spaced) => {
          const item = { ...before, negotiated_rates: rates, ...after };
          const json = spaced ? JSON.stringify(item, null, 2) : JSON.stringify(item);
          const pieces = split(json, pieceBytes, cuts);
          const { item: joined } = rejoin(pieces);
          expect(joined).toEqual(JSON.parse(json));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
