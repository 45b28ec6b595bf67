import { describe, expect, it } from "vitest";
import { parseMedicareQuery } from "./request-parameters.js";

const reader =
  (query: Record<string, string[]>) =>
  (name: string): string[] =>
    query[name] ?? [];

describe("parseMedicareQuery(code, read)", () => {
  it("parses year, locality and setting", () => {
    expect(parseMedicareQuery("64491", reader({ year: ["2025"], locality: ["12102-01"], setting: ["facility"] }))).toEqual({ code: "64491", year: 2025, locality: "12102-01", setting: "facility" });
    expect(() => parseMedicareQuery("64491", reader({ year: ["25"] }))).toThrow(/four-digit year/);
    expect(() => parseMedicareQuery("6449", reader({}))).toThrow(/not a CPT\/HCPCS code/);
    expect(() => parseMedicareQuery("64491", reader({ year: ["2025", "2026"] }))).toThrow(/takes one value/);
  });
});
