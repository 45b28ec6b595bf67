import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { InputError, NotFoundError } from "../../errors.js";
import { detectClaimFormat, parseClaims, readClaims } from "./parse-claims.js";

const path = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const fixture = (name: string): string => readFileSync(path(name), "utf8");

describe("detectClaimFormat(text)", () => {
  it("recognises the format from the content", () => {
    expect(detectClaimFormat(fixture("837p-two-claims-medicare-aetna.x12"))).toBe("x12");
    expect(detectClaimFormat(fixture("claims-batch.jsonl"))).toBe("jsonl");
    expect(detectClaimFormat(fixture("claims-batch.csv"))).toBe("csv");
    expect(detectClaimFormat('[{"id":1}]')).toBe("json");
    expect(detectClaimFormat('{\n "id": 1\n}\n')).toBe("json");
  });
});

describe("parseClaims(text, sourceName)", () => {
  it("reads JSONL with snake_case keys and dotless ICD codes", () => {
    const claims = parseClaims(fixture("claims-batch.jsonl"), "batch.jsonl");
    expect(claims.map((c) => [c.id, c.dateOfService, c.diagnoses[0], c.origin.location])).toEqual([
      ["SYN-L1", "2025-03-10", "M47.812", "line 1"],
      ["SYN-L2", "2026-02-02", "M47.816", "line 3"],
    ]);
    expect(claims[1]!.lines[0]).toEqual({
      code: "64493",
      modifiers: ["RT"],
      units: 1,
      diagnosisPointers: [],
    });
  });

  it("makes a JSONL pointer at a missing diagnosis a finding on that claim (line 2), not a refusal", () => {
    const claims = parseClaims(fixture("claims-jsonl-bad-pointer-line-2.jsonl"), "bad.jsonl");
    expect(claims.map((c) => c.id)).toEqual(["SYN-L1", "SYN-L2"]);
    expect(claims[0]!.problems).toBeUndefined();
    expect(claims[1]!.problems).toMatchObject([
      {
        ruleId: "claim-diagnosis-pointer",
        severity: "error",
        line: 2,
        path: "lines[0].diagnosisPointers",
      },
    ]);
    expect(claims[1]!.problems![0]!.message).toContain(
      "points at diagnosis 3 but the claim lists 1",
    );
  });

  it('keeps an unknown JSON diagnosis ("XYZ") on its claim for the diagnosis rule, instead of exit 3', () => {
    const one = {
      payer: "Medicare",
      dateOfService: "2025-03-10",
      placeOfService: 11,
      lines: [{ code: "64490" }],
    };
    const claims = parseClaims(
      JSON.stringify([
        { ...one, diagnoses: ["XYZ"] },
        { ...one, diagnoses: ["M47.812"] },
      ]),
      "xyz.json",
    );
    expect(claims.map((c) => c.diagnoses)).toEqual([["XYZ"], ["M47.812"]]);
  });

  it("gives the line and column of a JSON syntax error", () => {
    const error = (() => {
      try {
        parseClaims(fixture("claim-json-trailing-comma.json"), "comma.json");
      } catch (caught) {
        return caught as InputError;
      }
      throw new Error("expected a failure");
    })();
    expect(error).toBeInstanceOf(InputError);
    expect(error.location.line).toBe(4);
  });

  it("reads a JSON array and a { claims } wrapper, and rejects bad fields with their path", () => {
    const one = {
      payer: "Medicare",
      dateOfService: "2025-03-10",
      placeOfService: 11,
      lines: [{ code: "64490", modifiers: ["50"] }],
    };
    expect(parseClaims(JSON.stringify([one, one]), "a.json")).toHaveLength(2);
    expect(parseClaims(JSON.stringify({ claims: [one] }), "w.json")[0]!.placeOfService).toBe("11");
    expect(() =>
      parseClaims(JSON.stringify({ ...one, dateOfService: "2025-02-30" }), "d.json"),
    ).toThrow("d.json ($.dateOfService)");
    expect(() =>
      parseClaims(JSON.stringify({ ...one, lines: [{ code: "6449" }] }), "c.json"),
    ).toThrow("$.lines[0].code");
    expect(() =>
      parseClaims(
        JSON.stringify({ ...one, lines: [{ code: "64490", modifiers: ["5O0"] }] }),
        "m.json",
      ),
    ).toThrow("$.lines[0].modifiers[0]");
    expect(() =>
      parseClaims(
        JSON.stringify({ ...one, facts: { levels: [{ level: "C4-C6", side: "left" }] } }),
        "l.json",
      ),
    ).toThrow("not two adjacent vertebrae");
    expect(() => parseClaims(JSON.stringify({ ...one, renderingNpi: "12345" }), "n.json")).toThrow(
      "10 digits",
    );
  });

  it("reads a CSV batch: rows grouped by claim_id, lists split on ';', facts columns", () => {
    const claims = parseClaims(fixture("claims-batch.csv"), "batch.csv");
    expect(claims).toHaveLength(2);
    expect(claims[0]!.lines.map((l) => [l.code, ...l.modifiers].join("-"))).toEqual([
      "64490-50-KX",
      "64491-50-KX",
    ]);
    expect(claims[0]!.facts).toEqual({
      purpose: "diagnostic",
      levels: [
        { level: "C4-C5", side: "bilateral" },
        { level: "C5-C6", side: "bilateral" },
      ],
    });
    expect(claims[1]).toMatchObject({
      payer: "Anthem Blue Cross, Inc.",
      placeOfService: "24",
      facts: {
        priorBlocks: [
          { date: "2025-01-06", kind: "diagnostic", reliefPercent: 90 },
          { date: "2025-02-03", kind: "diagnostic", reliefPercent: 85 },
        ],
      },
    });
  });

  it("rejects CSV rows of one claim that disagree, naming line and column", () => {
    expect(() => parseClaims(fixture("claims-disagreeing-payer.csv"), "d.csv")).toThrow(
      /d\.csv \(line 3, column payer\)/,
    );
    // Each value quoted once (it was printed as ""Aetna"").
    expect(() => parseClaims(fixture("claims-disagreeing-payer.csv"), "d.csv")).toThrow(
      'payer "Aetna" disagrees with an earlier row of the same claim ("Medicare")',
    );
    expect(() => parseClaims("claim_id,payer\nA,B\n", "h.csv")).toThrow(
      'no "date_of_service" column',
    );
  });
});

describe("readClaims(path)", () => {
  it("reads any format from disk, and reports a missing file as NotFoundError", async () => {
    expect(await readClaims(path("837p-two-claims-medicare-aetna.x12"))).toHaveLength(2);
    await expect(readClaims(path("no-such-file.json"))).rejects.toBeInstanceOf(NotFoundError);
  });
});
