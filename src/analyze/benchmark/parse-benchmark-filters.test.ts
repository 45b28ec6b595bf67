import { describe, expect, it } from "vitest";
import { UsageError } from "../../errors.js";
import { parseBenchmarkFilters, parseCode } from "./parse-benchmark-filters.js";

const reader =
  (query: Record<string, string[]>) =>
  (name: string): string[] =>
    query[name] ?? [];

describe("parseBenchmarkFilters(codes, read, label)", () => {
  it("reads repeated and comma-separated lists and normalises case", () => {
    expect(
      parseBenchmarkFilters(
        "64491",
        reader({
          payer: ["Aetna, Cigna", "UHC"],
          state: ["md"],
          setting: ["non-facility"],
          synthetic: ["false"],
          modifier: ["50"],
          taxonomy: ["208vp0014x"],
          billingClass: ["Professional"],
        }),
      ),
    ).toEqual({
      codes: ["64491"],
      payers: ["Aetna", "Cigna", "UHC"],
      states: ["MD"],
      facilityClass: "nonfacility",
      billingClass: "professional",
      modifier: "50",
      taxonomies: ["208VP0014X"],
      includeSynthetic: false,
    });
    expect(parseBenchmarkFilters(["64490", "g0260"], reader({})).codes).toEqual(["64490", "G0260"]);
  });

  it("refuses bad values with a UsageError naming the parameter as it was given", () => {
    expect(() => parseBenchmarkFilters("64491", reader({ state: ["Maryland"] }))).toThrow(
      /state must be a two-letter code/,
    );
    expect(() =>
      parseBenchmarkFilters("64491", reader({ setting: ["facility", "nonfacility"] })),
    ).toThrow(/setting takes one value/);
    expect(() => parseBenchmarkFilters("64491", reader({ synthetic: ["yes"] }))).toThrow(
      UsageError,
    );
    expect(() =>
      parseBenchmarkFilters("64491", reader({ billingClass: ["pro"] }), (name) =>
        name === "billingClass" ? "--billing-class" : `--${name}`,
      ),
    ).toThrow(/--billing-class must be/);
    expect(() => parseBenchmarkFilters([], reader({}))).toThrow(/at least one billing code/);
  });

  it("reads asOf as a release month and names a bad value", () => {
    expect(parseBenchmarkFilters("64491", reader({ asOf: ["2026-05"] })).asOf).toBe("2026-05");
    expect(parseBenchmarkFilters("64491", reader({})).asOf).toBeUndefined();
    for (const bad of ["2026-13", "May 2026", "2026-5", "2026-05-01"]) {
      expect(() =>
        parseBenchmarkFilters("64491", reader({ asOf: [bad] }), (name) =>
          name === "asOf" ? "--as-of" : `--${name}`,
        ),
      ).toThrow(
        new UsageError(`--as-of must be a release month YYYY-MM (e.g. 2026-05), got "${bad}"`),
      );
    }
  });
});

describe("parseCode(raw)", () => {
  it("accepts five-character codes only", () => {
    expect(parseCode(" g0260 ")).toBe("G0260");
    expect(() => parseCode("6449")).toThrow(UsageError);
    expect(() => parseCode("64491;drop")).toThrow(UsageError);
  });
});
