import { describe, expect, it } from "vitest";
import { UsageError } from "../../errors.js";
import { fixtureReferenceData } from "../../testing/fixture-reference.js";
import { parseFeeSchedule } from "./parse-fee-schedule.js";
import { offerText, parseOffer } from "./parse-offer.js";

describe("parseOffer", () => {
  it("reads the four kinds of offer", () => {
    expect(parseOffer("140% medicare")).toEqual({ kind: "medicare", percent: 140 });
    expect(parseOffer(" 125 % of Medicare ")).toEqual({ kind: "medicare", percent: 125 });
    expect(parseOffer("p60")).toEqual({ kind: "percentile", percentile: 60 });
    expect(parseOffer("+4%")).toEqual({ kind: "change", percent: 4 });
    expect(parseOffer("-2.5%")).toEqual({ kind: "change", percent: -2.5 });
    expect(parseOffer("$1,250.50")).toEqual({ kind: "dollars", amount: 1250.5 });
    expect(offerText(parseOffer("+4%"))).toBe("+4%");
  });
  it("refuses anything else", () => {
    expect(() => parseOffer("more")).toThrow(UsageError);
    expect(() => parseOffer("p100")).toThrow(/between p1 and p99/);
    expect(() => parseOffer("4%")).toThrow(UsageError);
  });
});

describe("parseFeeSchedule", () => {
  const rows = (lines: string[][]) => lines.map((cells, i) => ({ row: i + 1, cells }));
  it("finds columns by any common name and maps a place of service to its setting", () => {
    const { lines, errors } = parseFeeSchedule(
      rows([
        ["Payer Name", "CPT", "Mod", "POS", "Allowed Amount", "Annual Volume"],
        ["Aetna", "64493", "50", "22", "$1,200.00", "12"],
        ["Aetna", "64493", "", "11", "200", ""],
      ]),
      fixtureReferenceData(),
    );
    expect(errors).toEqual([]);
    expect(lines[0]).toMatchObject({
      row: 2,
      payer: "Aetna",
      code: "64493",
      modifier: "50",
      setting: "facility",
      placeOfService: "22",
      rate: { kind: "dollars", amount: 1200 },
      volume: 12,
    });
    expect(lines[1]).toMatchObject({ setting: "nonfacility", volume: null });
  });
  it("names a missing column in the header, and a bad row by number and column", () => {
    expect(() =>
      parseFeeSchedule(rows([["payer", "code", "rate"]]), fixtureReferenceData()),
    ).toThrow(/setting or place_of_service/);
    const { lines, errors } = parseFeeSchedule(
      rows([
        ["payer", "code", "pos", "percent_of_medicare", "medicare_year", "volume"],
        ["Cigna", "64493", "99", "130", "2025", "1"],
        ["Cigna", "64493", "11", "130", "25", "1"],
        ["Cigna", "64493", "11", "130", "2025", "-4"],
      ]),
      fixtureReferenceData(),
    );
    expect(lines).toEqual([]);
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [2, "place_of_service"],
      [3, "percent_of_medicare"],
      [4, "volume"],
    ]);
  });
});
