import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import { parseBenchmarkFilters, parseCode, parseMedicareQuery } from "./request-parameters.js";

const reader =
  (query: Record<string, string[]>) =>
  (name: string): string[] =>
    query[name] ?? [];

describe("parseBenchmarkFilters(code, read)", () => {
  it("reads repeated and comma-separated lists and normalises case", () => {
    expect(parseBenchmarkFilters("64491", reader({ payer: ["Aetna, Cigna", "UHC"], state: ["md"], setting: ["non-facility"], synthetic: ["false"], modifier: ["50"] }))).toEqual({
      codes: ["64491"],
      payers: ["Aetna", "Cigna", "UHC"],
      states: ["MD"],
      facilityClass: "nonfacility",
      modifier: "50",
      includeSynthetic: false,
    });
  });

  it("refuses bad values with a UsageError naming the parameter", () => {
    expect(() => parseBenchmarkFilters("64491", reader({ state: ["Maryland"] }))).toThrow(/state must be a two-letter code/);
    expect(() => parseBenchmarkFilters("64491", reader({ setting: ["facility", "nonfacility"] }))).toThrow(/takes one value/);
    expect(() => parseBenchmarkFilters("64491", reader({ synthetic: ["yes"] }))).toThrow(UsageError);
  });
});

describe("parseCode(raw) / parseMedicareQuery(code, read)", () => {
  it("accepts five-character codes only", () => {
    expect(parseCode(" g0260 ")).toBe("G0260");
    expect(() => parseCode("6449")).toThrow(UsageError);
    expect(() => parseCode("64491;drop")).toThrow(UsageError);
  });

  it("parses year, locality and setting", () => {
    expect(parseMedicareQuery("64491", reader({ year: ["2025"], locality: ["12102-01"], setting: ["facility"] }))).toEqual({ code: "64491", year: 2025, locality: "12102-01", setting: "facility" });
    expect(() => parseMedicareQuery("64491", reader({ year: ["25"] }))).toThrow(/four-digit year/);
  });
});
