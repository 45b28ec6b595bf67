import { describe, expect, it } from "vitest";
import { DataMissingError } from "../../errors.js";
import { loadBundledReferenceData } from "../reference/load-reference-data.js";
import type { FeeScheduleYear, ReferenceData } from "../reference/reference-types.js";
import { chooseMedicareYear } from "../benchmark/medicare-lookup.js";
import { defaultMedicareYear } from "./default-medicare-year.js";

/** Years with or without GPCIs; every year has one RVU row. */
const withYears = (years: Record<number, "rvus" | "rvus+gpcis">): ReferenceData =>
  ({
    feeSchedules: new Map(
      Object.entries(years).map(([year, parts]) => [
        Number(year),
        {
          year: Number(year),
          rows: new Map([["64491", {}]]),
          gpcis: parts === "rvus+gpcis" ? [{}] : null,
        } as unknown as FeeScheduleYear,
      ]),
    ),
  }) as unknown as ReferenceData;

describe("defaultMedicareYear(ref): one default Medicare year everywhere", () => {
  it("takes the latest year with both RVUs and GPCIs, not a newer year without GPCIs", () => {
    expect(defaultMedicareYear(withYears({ 2025: "rvus+gpcis", 2026: "rvus" }))).toBe(2025);
    expect(defaultMedicareYear(withYears({ 2025: "rvus+gpcis", 2026: "rvus+gpcis" }))).toBe(2026);
  });

  it("falls back to the latest loaded year when no year is complete", () => {
    expect(defaultMedicareYear(withYears({ 2024: "rvus", 2025: "rvus" }))).toBe(2025);
  });

  it("says so when no fee schedule is loaded", () => {
    expect(() => defaultMedicareYear(withYears({}))).toThrow(DataMissingError);
  });

  it("is the year benchmarks and publications use (chooseMedicareYear) on the bundled data", async () => {
    const ref = await loadBundledReferenceData();
    // Bundled: 2025 RVUs and GPCIs, 2026 RVUs without GPCIs (no 2026 locality spread).
    expect(ref.feeSchedules.get(2026)?.gpcis ?? null).toBeNull();
    expect(defaultMedicareYear(ref)).toBe(2025);
    expect(chooseMedicareYear(ref)).toBe(defaultMedicareYear(ref));
  });
});
