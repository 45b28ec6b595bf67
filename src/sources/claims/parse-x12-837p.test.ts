import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InputError } from "../../errors.js";
import type { ClaimLine } from "./claim.js";
import { parseX12837p } from "./parse-x12-837p.js";
import { writeX12837p } from "../../testing/write-x12-837p.js";

/** A line without its `origin` (where it was read from differs between formats). */
function withoutOrigin(line: ClaimLine): ClaimLine {
  const copy = { ...line };
  delete copy.origin;
  return copy;
}

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

describe("parseX12837p(text, file)", () => {
  it("reads payer, NPIs, place of service, diagnoses, lines, pointers, dates and prior authorization", () => {
    const [medicare, aetna] = parseX12837p(
      fixture("837p-two-claims-medicare-aetna.x12"),
      "two.x12",
    );
    expect(medicare).toMatchObject({
      id: "SYN-0001",
      payer: "MEDICARE PART B",
      payerId: "12302",
      billingNpi: "1234567893",
      renderingNpi: "1999999992",
      patientId: "1EG4TE5MK72",
      placeOfService: "22",
      priorAuthorization: "UTN0000000001",
      dateOfService: "2025-03-10",
      diagnoses: ["M47.812", "M47.813"],
    });
    expect(medicare!.lines.map(withoutOrigin)).toEqual([
      { code: "64490", modifiers: ["50", "KX"], units: 1, diagnosisPointers: [1, 2] },
      { code: "64491", modifiers: ["50", "KX"], units: 1, diagnosisPointers: [1] },
    ]);
    expect(aetna).toMatchObject({
      id: "SYN-0002",
      payer: "AETNA",
      placeOfService: "11",
      renderingNpi: "1234567893",
      dateOfService: "2026-02-02",
      patientId: "W000000002",
    });
    expect(aetna!.priorAuthorization).toBeUndefined();
  });

  it("takes its delimiters from the ISA header (| and > on one line)", () => {
    const claims = parseX12837p(fixture("837p-pipe-delimiters-one-line.x12"), "pipe.x12");
    expect(claims.map((c) => c.lines.map((l) => [l.code, ...l.modifiers].join("-")))).toEqual([
      ["64490-50-KX", "64491-50-KX"],
      ["64493-RT"],
    ]);
  });

  it("refuses a truncated file; ICD-9 codes and fractional units are problems on their claim, located", () => {
    expect(() => parseX12837p(fixture("837p-truncated-no-se.x12"), "cut.x12")).toThrow(
      /cut\.x12 \(line 3, .*segment 3 \(ST\)\): the transaction has no SE trailer/,
    );
    const [icd9] = parseX12837p(fixture("837p-icd9-diagnosis.x12"), "icd9.x12");
    expect(icd9!.problems!.map((p) => p.ruleId)).toEqual([
      "claim-icd9-diagnosis",
      "claim-diagnosis-pointer",
    ]);
    expect(icd9!.problems![0]).toMatchObject({ severity: "error", line: 23, path: "diagnoses[0]" });
    expect(icd9!.problems![0]!.message).toContain("segment 23 (HI01) is ICD-9-CM");
    const [units] = parseX12837p(fixture("837p-fractional-units.x12"), "units.x12");
    expect(units!.problems![0]).toMatchObject({
      ruleId: "x12-syntax",
      severity: "error",
      line: 30,
      path: "segment 30 (SV104)",
    });
  });

  it("rejects text that is not an 837", () => {
    expect(() => parseX12837p("hello", "x.txt")).toThrow(InputError);
    expect(() =>
      parseX12837p(
        fixture("837p-two-claims-medicare-aetna.x12").replace("ST*837*", "ST*835*"),
        "era.x12",
      ),
    ).toThrow(/not an 837/);
  });

  it("round-trips claims written by writeX12837p, lines on different dates included", () => {
    const claims = parseX12837p(fixture("837p-two-claims-medicare-aetna.x12"), "two.x12");
    claims[0]!.lines[1]!.dateOfService = "2025-03-11";
    const again = parseX12837p(writeX12837p(claims), "again.x12");
    expect(again.map((c) => c.lines.map(withoutOrigin))).toEqual(
      claims.map((c) => c.lines.map(withoutOrigin)),
    );
    expect(again[0]!.priorAuthorization).toBe("UTN0000000001");
  });
});
