import { describe, expect, it } from "vitest";
import { CATALOGUE, CATALOGUE_BY_CODE } from "./code-catalogue.js";
import { relatedCodesOf } from "./related-codes.js";

const related = (code: string): string[] =>
  relatedCodesOf(CATALOGUE_BY_CODE.get(code)!, CATALOGUE).map((r) => r.code);

describe("relatedCodesOf", () => {
  it("lists the whole facet family on 64491, not only 64490, 64492 and 64634", () => {
    const codes = related("64491");
    for (const code of [
      "64490",
      "64492",
      "64493",
      "64494",
      "64495",
      "64633",
      "64634",
      "64635",
      "64636",
    ]) {
      expect(codes, code).toContain(code);
    }
    expect(codes).not.toContain("64491");
  });

  it("adds the included imaging and the same-region epidural, curated relations first", () => {
    const rows = relatedCodesOf(CATALOGUE_BY_CODE.get("64491")!, CATALOGUE);
    expect(rows.slice(0, 3).map((r) => r.code)).toEqual(["64490", "64492", "64634"]);
    expect(rows.find((r) => r.code === "77003")?.relation).toMatch(
      /included in 64491, not reported/,
    );
    expect(rows.map((r) => r.code)).toContain("64479");
    expect(rows.map((r) => r.code)).not.toContain("64483");
  });

  it("never repeats a code", () => {
    for (const code of CATALOGUE) {
      const codes = related(code.code);
      expect(new Set(codes).size, code.code).toBe(codes.length);
    }
  });
});
