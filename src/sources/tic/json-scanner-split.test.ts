import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TicScanner, type ScannedElement } from "./json-scanner.js";

type Item = Record<string, unknown> & { negotiated_rates?: unknown[] };

/** The kept in_network items, pieces put back together (rates in order, the last piece's fields). */
function keptItems(
  document: string,
  chunk: number,
  wanted: ReadonlySet<string> | undefined,
  split: { splitBytes: number; pieceBytes: number },
): Map<number, Item> {
  const pieces = new Map<number, ScannedElement[]>();
  const scanner = new TicScanner(
    {
      header: () => undefined,
      section: () => undefined,
      wants: (section, key) =>
        section !== "in_network" || wanted === undefined || (key !== undefined && wanted.has(key)),
      keepsEvery: (section) => section === "in_network" && wanted === undefined,
      element: (element) => {
        if (element.section !== "in_network") return;
        pieces.set(element.index, [...(pieces.get(element.index) ?? []), element]);
      },
    },
    split,
  );
  const bytes = Buffer.from(document);
  for (let at = 0; at < bytes.length; at += chunk) scanner.push(bytes.subarray(at, at + chunk));
  scanner.end();
  const items = new Map<number, Item>();
  for (const [index, list] of pieces) {
    const parsed = list.map((piece) => JSON.parse(piece.bytes.toString()) as Item);
    expect(list.map((piece) => piece.partial === true)).toEqual(
      list.map((_, k) => k < list.length - 1),
    );
    let next = 0;
    for (const [k, piece] of list.entries()) {
      expect(piece.rateOffset ?? 0).toBe(next);
      next += parsed[k]!.negotiated_rates?.length ?? 0;
    }
    const last = parsed.at(-1)!;
    items.set(
      index,
      list.length > 1
        ? { ...last, negotiated_rates: parsed.flatMap((item) => item.negotiated_rates ?? []) }
        : last,
    );
  }
  return items;
}

describe("TicScanner: large items cut into pieces", () => {
  it("gives back every kept item as the document has it, code before or after the rates", () => {
    const text = fc.string({ unit: fc.constantFrom("a", '"', "\\", "[", "]", "{", "}", ",", "é") });
    const rate = fc.record({
      provider_references: fc.array(fc.nat(99), { maxLength: 3 }),
      negotiated_prices: fc.array(fc.record({ negotiated_rate: fc.nat(), note: text }), {
        maxLength: 2,
      }),
    });
    const item = fc.record({
      code: fc.constantFrom("1", "2", "3"),
      late: fc.boolean(),
      rates: fc.array(rate, { maxLength: 30 }),
      extra: fc.dictionary(
        fc.constantFrom("x", "billing_code "),
        fc.oneof(text, fc.constant("negotiated_rates")),
        { maxKeys: 2 },
      ),
    });
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 5 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 1, max: 200 }),
        fc.option(fc.subarray(["1", "2", "3"])),
        (items, chunk, splitBytes, pieceBytes, codes) => {
          const written = items.map(({ code, late, rates, extra }) =>
            late
              ? { negotiated_rates: rates, ...extra, billing_code: code }
              : { billing_code: code, ...extra, negotiated_rates: rates },
          );
          const document = JSON.stringify({ version: "1.0.0", in_network: written });
          const wanted = codes === null ? undefined : new Set(codes);
          const got = keptItems(document, chunk, wanted, { splitBytes, pieceBytes });
          const expected = new Map(
            written
              .map((value, index) => [index, value] as const)
              .filter(([, value]) => wanted === undefined || wanted.has(value.billing_code)),
          );
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
