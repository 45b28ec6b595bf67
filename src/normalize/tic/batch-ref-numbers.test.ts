import { describe, expect, it } from "vitest";
import { BatchRefNumbers } from "./batch-ref-numbers.js";
import { newBatchContext, normalizeInNetworkItem } from "./in-network-item.js";
import { newFileDictionaries } from "./normalize-batch.js";

describe("BatchRefNumbers", () => {
  it("remembers the numbers of one batch, small and large ids alike, and forgets them in the next", () => {
    const first = new BatchRefNumbers();
    expect(first.get(7)).toBe(-1);
    first.set(7, 0);
    first.set(2_000_000_000, 1); // above the typed tables: the map
    expect([first.get(7), first.get(2_000_000_000), first.get(8)]).toEqual([0, 1, -1]);
    const second = new BatchRefNumbers();
    expect([second.get(7), second.get(2_000_000_000)]).toEqual([-1, -1]);
    second.set(8, 0);
    expect([second.get(8), second.get(7)]).toEqual([0, -1]);
  });
});

describe("provider rows of a batch", () => {
  it("number each distinct reference once per batch, in order of first sight, across rates and items", () => {
    const context = newBatchContext(undefined, newFileDictionaries());
    const price = {
      negotiated_type: "negotiated",
      negotiated_rate: 10,
      billing_class: "professional",
    };
    const item = (code: string, rates: unknown[]): unknown => ({
      negotiation_arrangement: "ffs",
      billing_code_type: "CPT",
      billing_code: code,
      negotiated_rates: rates,
    });
    normalizeInNetworkItem(
      item("99213", [
        { provider_references: [5, 3_000_000_000 - 1, "12"], negotiated_prices: [price, price] },
        { provider_references: [12, 5], negotiated_prices: [price] },
      ]),
      0,
      context,
    );
    normalizeInNetworkItem(
      item("99214", [{ provider_references: ["A-1", 5.0, 4_000_000], negotiated_prices: [price] }]),
      1,
      context,
    );
    const providers = context.columns.providers();
    expect([...providers.itemIndex]).toEqual([0, 0, 0, 0, 0, 1, 1, 1]);
    expect([...providers.rateIndex]).toEqual([0, 0, 0, 1, 1, 0, 0, 0]);
    expect([...providers.priceCount]).toEqual([2, 2, 2, 1, 1, 1, 1, 1]);
    expect([...providers.target]).toEqual([0, 1, 2, 2, 0, 3, 0, 4]);
    // Beyond 32 bits an id is kept as a string, as before.
    expect([...context.refNumbers.values()]).toEqual([5, -1, 12, -1, 4_000_000]);
    expect(context.refStrings).toEqual(["2999999999", "A-1"]);
    expect(context.rateRows).toBe(3 * 2 + 2 + 3);
  });
});
