import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoDate, modifiersOf, splitOn, validPointer } from "./x12-values.js";

describe("x12 element values", () => {
  it("splitOn gives what String.prototype.split gives", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("a", "1", ":", ">", "^", "") }),
        fc.constantFrom(":", ">", "^"),
        (value, separator) => {
          expect(splitOn(value, separator)).toEqual(value.split(separator));
        },
      ),
    );
  });

  it("isoDate reads calendar dates only, and the same answer the second time", () => {
    expect(isoDate("20250325")).toBe("2025-03-25");
    expect(isoDate("20240229")).toBe("2024-02-29");
    for (const bad of ["20250229", "20251301", "2025032", "2O250325", "", "20250325 "]) {
      expect(isoDate(bad), bad).toBeUndefined();
      expect(isoDate(bad), `${bad} (memoised)`).toBeUndefined();
    }
    expect(isoDate("20250325")).toBe("2025-03-25");
  });

  it("modifiersOf keeps the non-empty SV101-3..6 upper-cased, as slice/filter/map did", () => {
    const reference = (p: string[]): string[] =>
      p
        .slice(2, 6)
        .filter((m) => m !== "")
        .map((m) => m.toUpperCase());
    for (const procedure of [
      ["HC", "64493"],
      ["HC", "64493", "LT"],
      ["HC", "64493", "rt", "", "59"],
      ["HC", "64493", "50", "KX", "XS", "GA", "QZ"],
      ["HC", "64493", "ée"],
    ]) {
      expect(modifiersOf(procedure)).toEqual(reference(procedure));
    }
  });

  it("validPointer accepts whole numbers 1 to 12", () => {
    expect([0, 1, 12, 13, 1.5, Number.NaN].map(validPointer)).toEqual([
      false,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
