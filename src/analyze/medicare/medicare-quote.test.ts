import { beforeAll, describe, expect, it } from "vitest";
import { loadBundledReferenceData } from "../reference/load-reference-data.js";
import type { ReferenceData } from "../reference/reference-types.js";
import { medicareQuote } from "./medicare-quote.js";

let ref: ReferenceData;
beforeAll(async () => {
  ref = await loadBundledReferenceData();
});

describe("medicareQuote: one Medicare query for the CLI and the API", () => {
  it("prices a code with its inputs (defaults filled in) and notes", () => {
    const quote = medicareQuote(ref, {
      code: "64490",
      year: 2025,
      setting: "nonfacility",
      modifiers: ["50"],
    });
    expect(quote.kind).toBe("priced");
    if (quote.kind !== "priced") return;
    expect(quote.total).toBe(279.48);
    expect(quote.inputs).toEqual({
      code: "64490",
      year: 2025,
      setting: "nonfacility",
      locality: null,
      zip: null,
      modifiers: ["50"],
      units: 1,
      qp: false,
    });
  });

  it("returns typed soft misses instead of throwing: an NA setting, no GPCIs, a contractor-priced code", () => {
    expect(medicareQuote(ref, { code: "77003", year: 2025, setting: "facility" })).toMatchObject({
      kind: "not-priced",
      reason: "setting-not-priced",
    });
    expect(
      medicareQuote(ref, { code: "64490", year: 2026, setting: "facility", locality: "13202-01" }),
    ).toMatchObject({ kind: "not-priced", reason: "no-gpci" });
    expect(medicareQuote(ref, { code: "64999", year: 2025, setting: "facility" })).toMatchObject({
      kind: "not-priced",
      reason: "contractor-priced",
    });
  });

  it("prices a locality and units of a per-level add-on", () => {
    const quote = medicareQuote(ref, {
      code: "64491",
      year: 2025,
      setting: "facility",
      locality: "13202-01",
      units: 2,
    });
    expect(quote).toMatchObject({
      kind: "priced",
      total: 130.82,
      inputs: { locality: "13202-01", units: 2 },
    });
  });
});
