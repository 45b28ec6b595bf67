import { describe, expect, it } from "vitest";
import { AscendingRows } from "./ascending-rows.js";

const ints = (...values: number[]): Int32Array => Int32Array.from(values);

describe("AscendingRows", () => {
  it("keeps rows in (item, rate, price) order across calls", () => {
    const order = new AscendingRows();
    order.note(ints(0, 0, 0, 1), ints(0, 0, 1, 0), ints(0, 1, 0, 0), 4);
    order.note(ints(1, 2), ints(0, 0), ints(1, 0), 2);
    expect(order.inOrder).toBe(true);
  });

  it("notices a price, a rate or an item before the one ahead of it", () => {
    for (const [items, rates, prices] of [
      [ints(0, 0), ints(0, 0), ints(1, 0)],
      [ints(0, 0), ints(1, 0), ints(0, 5)],
      [ints(3, 2), ints(0, 9), ints(0, 9)],
    ] as const) {
      const order = new AscendingRows();
      order.note(items, rates, prices, 2);
      expect(order.inOrder).toBe(false);
    }
    const across = new AscendingRows();
    across.note(ints(4), ints(0), ints(0), 1);
    across.note(ints(3), ints(0), ints(0), 1);
    expect(across.inOrder).toBe(false);
  });

  it("takes a rate's rows in any order without prices, and only the first `length` rows", () => {
    const order = new AscendingRows();
    order.note(ints(0, 0, 1), ints(2, 2, 0), undefined, 3);
    order.note(ints(1, 0), ints(0, 0), undefined, 1);
    expect(order.inOrder).toBe(true);
    order.unknown();
    expect(order.inOrder).toBe(false);
  });
});
