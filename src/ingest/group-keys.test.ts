import { describe, expect, it } from "vitest";
import { wholeNumber } from "../normalize/tic/provider-groups.js";
import { GroupKeys, KEPT, REJECTED, UNKNOWN } from "./group-keys.js";

describe("GroupKeys", () => {
  it("gives an id one key whether it comes as a number or as its canonical string, in order of first sight", () => {
    const keys = new GroupKeys();
    expect(keys.ofNumber(7)).toBe(0);
    expect(keys.of("690.64462")).toBe(1);
    expect(keys.of("7")).toBe(0);
    expect(keys.ofNumber(5_000_000)).toBe(2); // beyond the array table: the map
    expect(keys.of("5000000")).toBe(2);
    expect(keys.ofNumber(70_000)).toBe(3); // the array grows
    expect(keys.size).toBe(4);
  });

  it("keeps each key's resolution state", () => {
    const keys = new GroupKeys();
    const a = keys.of("1");
    const b = keys.of("2");
    expect([keys.state(a), keys.state(b)]).toEqual([UNKNOWN, UNKNOWN]);
    keys.setState(a, KEPT);
    keys.setState(b, REJECTED);
    expect([keys.state(a), keys.state(b)]).toEqual([KEPT, REJECTED]);
  });

  it("reads only plain whole numbers below 2^31 as numbers", () => {
    expect(
      ["0", "42", "2147483647", "2147483648", "007", "-1", "1.5", "", "12a"].map(wholeNumber),
    ).toEqual([
      0,
      42,
      2147483647,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
