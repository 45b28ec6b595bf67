import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { InputError } from "../../errors.js";
import type { Claim, ClaimItem, FileProblem } from "./claim.js";
import { readClaimItems, type ClaimInputInfo } from "./read-claim-items.js";

const bytesOf = (name: string): Buffer =>
  readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)));

/** Feeds the file in 7-byte pieces, so segments, characters and headers straddle chunks. */
async function* pieces(bytes: Buffer, size = 7): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) {
    yield await Promise.resolve(bytes.subarray(i, i + size));
  }
}

async function read(
  name: string,
  size?: number,
): Promise<{ claims: Claim[]; problems: FileProblem[]; info: ClaimInputInfo | undefined }> {
  const items: ClaimItem[] = [];
  let info: ClaimInputInfo | undefined;
  for await (const batch of readClaimItems(
    { name, bytes: pieces(bytesOf(name), size) },
    (i) => (info = i),
  )) {
    items.push(...batch);
  }
  return {
    claims: items.flatMap((item) => (item.kind === "claim" ? [item.claim] : [])),
    problems: items.flatMap((item) => (item.kind === "file-problem" ? [item.problem] : [])),
    info,
  };
}

const rules = (claim: Claim): string[] =>
  (claim.problems ?? []).map((p) => `${p.severity} ${p.ruleId}`);

describe("readClaimItems: one bad claim never stops the others", () => {
  it("reads a valid 837P claim by claim, in any chunking", async () => {
    for (const size of [7, 64, 1 << 16]) {
      const { claims, problems, info } = await read("837p-three-claims-valid.x12", size);
      expect(info).toEqual({ format: "x12", encoding: "utf-8" });
      expect(problems).toEqual([]);
      expect(claims.map((c) => [c.id, c.dateOfService, c.lines.length, c.problems])).toEqual([
        ["SYN-0101", "2025-03-10", 2, undefined],
        ["SYN-0102", "2025-03-10", 2, undefined],
        ["SYN-0103", "2025-03-10", 2, undefined],
      ]);
    }
  });

  it("an ICD-9 claim after 2015-10-01 carries a claim error; the good claims around it are clean", async () => {
    const { claims } = await read("837p-icd9-claim-among-good.x12");
    expect(claims.map(rules)).toEqual([[], ["error claim-icd9-diagnosis"], []]);
    expect(claims[1]!.problems![0]!.message).toMatch(
      /7213 at segment \d+ \(HI01\) is ICD-9-CM.*2025-03-12.*must use ICD-10-CM/,
    );
    expect(claims[1]!.problems![0]).toMatchObject({
      path: "diagnoses[0]",
      line: expect.any(Number) as number,
      byteOffset: expect.any(Number) as number,
    });
  });

  it("a composite with the wrong separator is an error on its claim, read with the separator it used", async () => {
    const { claims } = await read("837p-wrong-composite-separator.x12");
    expect(claims.map((c) => c.id)).toEqual(["SYN-0301", "SYN-0302", "SYN-0303"]);
    expect(rules(claims[1]!)).toEqual(["error x12-syntax", "error x12-syntax", "error x12-syntax"]);
    expect(claims[1]!.problems![0]!.message).toContain(
      'separates its components with ">", but the ISA header (ISA16) declares ":"',
    );
    expect(claims[1]).toMatchObject({
      placeOfService: "11",
      diagnoses: ["M47.816"],
      lines: [{ code: "64493", modifiers: ["50"] }],
    });
    expect(claims[0]!.problems).toBeUndefined();
  });

  it("an SV101 qualifier XX is an error on that line; the claim's other line and claims are read", async () => {
    const { claims } = await read("837p-sv101-qualifier-xx.x12");
    expect(claims.map((c) => c.lines.map((l) => l.code))).toEqual([["64493", "64494"], ["64494"]]);
    expect(claims[1]!.problems).toMatchObject([
      {
        ruleId: "x12-syntax",
        severity: "error",
        path: expect.stringMatching(/^segment \d+ \(SV101\)$/) as string,
      },
    ]);
    expect(claims[1]!.problems![0]!.message).toContain("claim line 1 (segment");
  });

  it("MJ units are read as anesthesia minutes (one service), not refused", async () => {
    const { claims } = await read("837p-mj-anesthesia-minutes.x12");
    expect(claims[1]!.lines).toMatchObject([{ code: "01992", units: 1, minutes: 45 }]);
    expect(claims[1]!.problems).toBeUndefined();
  });

  it("a line pointing at a missing diagnosis is an error on that claim", async () => {
    const { claims } = await read("837p-pointer-missing-diagnosis.x12");
    expect(claims.map(rules)).toEqual([[], ["error claim-diagnosis-pointer"]]);
    expect(claims[1]!.lines[0]!.diagnosisPointers).toEqual([1]);
  });

  it("a bad SE count is a problem on the transaction, and its claims are still read", async () => {
    const { claims, problems } = await read("837p-bad-se-count.x12");
    expect(claims).toHaveLength(2);
    expect(problems).toMatchObject([
      {
        ruleId: "x12-envelope",
        severity: "error",
        scope: "transaction 0042",
        path: expect.stringMatching(/\(SE01\)$/) as string,
      },
    ]);
    expect(problems[0]!.message).toMatch(/SE01 says \d+ segments but transaction 0042 has \d+/);
  });

  it("recognises an 837I: institutional claims listed with type of bill, revenue codes and lines", async () => {
    const { claims, problems } = await read("837i-outpatient-two-claims.x12");
    expect(problems).toEqual([]);
    expect(
      claims.map((c) => [
        c.id,
        c.kind,
        c.typeOfBill,
        c.dateOfService,
        c.lines.map((l) => `${l.revenueCode}:${l.code}`),
      ]),
    ).toEqual([
      ["SYN-0801", "institutional", "131", "2025-03-10", ["0360:64493", "0255:77003"]],
      ["SYN-0802", "institutional", "131", "2025-03-11", ["0450:"]],
    ]);
  });

  it("refuses 4010 by name, and X12 without an ISA header with a located message", async () => {
    await expect(read("837p-4010-version.x12")).rejects.toThrow(
      /837p-4010-version\.x12 \(line 2, byte \d+, segment 2 \(GS08\)\): version 004010X098A1 is ANSI X12 4010/,
    );
    await expect(read("837p-no-isa-header.x12")).rejects.toThrow(
      /no ISA header: X12 segments \(GS\) start at byte 0/,
    );
  });

  it("reads UTF-16 (with BOM) and a UTF-8 BOM as X12, with byte offsets in the original file", async () => {
    const utf16 = await read("837p-utf16le-bom.x12");
    expect(utf16.info).toEqual({ format: "x12", encoding: "utf-16le" });
    expect(utf16.claims.map((c) => c.id)).toEqual(["SYN-1101"]);
    const bom = await read("837p-utf8-bom.x12");
    expect(bom.info).toEqual({ format: "x12", encoding: "utf-8-bom" });
    expect(bom.claims.map((c) => c.id)).toEqual(["SYN-1201"]);
    // The CLM segment's offset counts the BOM and, in UTF-16, two bytes per character.
    const clm8 = bytesOf("837p-utf8-bom.x12").indexOf("CLM*");
    expect(bom.claims[0]!.origin.location).toContain("(CLM)");
    expect(clm8).toBeGreaterThan(3);
  });

  it("reads UTF-16 BE and UTF-16 without a BOM (recognised by their zero bytes)", async () => {
    const text = bytesOf("837p-utf8-bom.x12").subarray(3).toString("utf8");
    const be = Buffer.from(Buffer.from(`\uFEFF${text}`, "utf16le").swap16());
    const noBom = Buffer.from(text, "utf16le");
    for (const [bytes, encoding] of [
      [be, "utf-16be"],
      [noBom, "utf-16le"],
    ] as const) {
      const items: ClaimItem[] = [];
      let info: ClaimInputInfo | undefined;
      for await (const batch of readClaimItems(
        { name: "u.x12", bytes: pieces(bytes, 5) },
        (i) => (info = i),
      )) {
        items.push(...batch);
      }
      expect(info?.encoding).toBe(encoding);
      expect(
        items.map((item) => (item.kind === "claim" ? item.claim.id : item.problem.message)),
      ).toEqual(["SYN-1201"]);
    }
  });

  it("says an empty .json file is empty JSON, not an empty CSV", async () => {
    await expect(read("claims-empty.json")).rejects.toThrow(InputError);
    await expect(read("claims-empty.json")).rejects.toThrow(
      "claims-empty.json (byte 0): the JSON file is empty",
    );
  });

  it("streams JSONL: a bad record is a file problem on its line and the next records are read", async () => {
    const items: ClaimItem[] = [];
    const text =
      '{"payer":"Medicare","dateOfService":"2025-03-10","placeOfService":"11","lines":[{"code":"64490"}]}\n{"payer":\n{"payer":"Aetna","dateOfService":"2025-03-10","placeOfService":"11","lines":[{"code":"64493"}]}\n';
    for await (const batch of readClaimItems({
      name: "b.jsonl",
      bytes: pieces(Buffer.from(text), 5),
    })) {
      items.push(...batch);
    }
    expect(
      items.map((item) =>
        item.kind === "claim" ? item.claim.payer : `${item.problem.scope}: ${item.problem.ruleId}`,
      ),
    ).toEqual(["Medicare", "line 2: claim-record", "Aetna"]);
  });
});

describe("readClaimItems: CSV", () => {
  it("a CSV claim whose rows disagree is a file problem on its line; the other claims are read", async () => {
    const text =
      "claim_id,payer,date_of_service,place_of_service,code\nA,Medicare,2025-03-10,11,64490\nA,Aetna,2025-03-10,11,64491\nB,Medicare,2025-03-10,11,64493\n";
    const items: ClaimItem[] = [];
    for await (const batch of readClaimItems({ name: "c.csv", bytes: pieces(Buffer.from(text)) })) {
      items.push(...batch);
    }
    expect(
      items.map((item) =>
        item.kind === "claim" ? item.claim.id : `${item.problem.scope} ${item.problem.path}`,
      ),
    ).toEqual(["line 3 payer", "B"]);
  });
});
