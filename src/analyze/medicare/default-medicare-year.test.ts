import { describe, expect, it } from "vitest";
import { DataMissingError } from "../../errors.js";
import type { ReferenceData } from "../reference/reference-types.js";
import { defaultMedicareYear } from "./default-medicare-year.js";

const withYears = (years: number[]): ReferenceData =>
  ({ feeSchedules: new Map(years.map((year) => [year, {}])) }) as unknown as ReferenceData;

describe("defaultMedicareYear", () => {
  it("takes the current year when loaded, else the latest loaded year", () => {
    expect(defaultMedicareYear(withYears([2025, 2026]), new Date("2026-11-22"))).toBe(2026);
    expect(defaultMedicareYear(withYears([2025, 2026, 2027]), new Date("2026-11-22"))).toBe(2026);
    expect(defaultMedicareYear(withYears([2025, 2026]), new Date("2028-01-02"))).toBe(2026);
    expect(defaultMedicareYear(withYears([2025]), new Date("2024-06-01"))).toBe(2025);
  });

  it("says so when no fee schedule is loaded", () => {
    expect(() => defaultMedicareYear(withYears([]))).toThrow(DataMissingError);
  });
});
