import { describe, expect, it } from "vitest";
import { X12SegmentReader, type X12Segment } from "./x12-segments.js";

const ISA =
  "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260101*1200*^*00501*000000001*0*T*:~";

interface Seen {
  id: string;
  index: number;
  line: number;
  byteOffset: number;
  elements: string[];
}

/** What a reader reports for `text` pushed in pieces of `size` characters. */
function read(
  text: string,
  size: number,
  wanted: readonly string[],
  options: { unitBytes?: number; leadingBytes?: number; ascii?: boolean } = {},
): Seen[] {
  const seen: Seen[] = [];
  const reader = new X12SegmentReader(
    "test.x12",
    new Set(wanted),
    (segment: X12Segment) => {
      const elements: string[] = [];
      for (let n = 0; n < segment.elementCount; n++) elements.push(segment.element(n));
      seen.push({ ...segment.position(), elements });
    },
    options.unitBytes ?? 0,
    options.leadingBytes ?? 0,
    options.ascii === undefined ? undefined : () => options.ascii!,
  );
  for (let at = 0; at < text.length; at += size) reader.push(text.slice(at, at + size));
  reader.end();
  return seen;
}

/**
 * The oracle: split the whole text by the terminator, trim each piece, count every non-empty one,
 * and locate it by counting line breaks and UTF-8 bytes before it (the simple, slow way).
 */
function oracle(text: string, terminator: string, wanted: readonly string[]): Seen[] {
  const seen: Seen[] = [];
  let offset = 0;
  let index = 0;
  for (const piece of text.split(terminator)) {
    const lead = piece.length - piece.trimStart().length;
    const body = piece.trim();
    if (body !== "") {
      index++;
      const before = text.slice(0, offset + lead);
      const elements = body.split("*");
      if (wanted.includes(elements[0]!)) {
        seen.push({
          id: elements[0]!,
          index,
          line: before.split("\n").length,
          byteOffset: Buffer.byteLength(before),
          elements,
        });
      }
    }
    offset += piece.length + terminator.length;
  }
  return seen;
}

const WANTED = ["ISA", "GS", "ST", "NM1", "CLM", "SV1", "DTP", "SE"];

describe("X12SegmentReader", () => {
  const body = [
    "GS*HC*S*R*20260101*1200*1*X*005010X222A1",
    "ST*837*0001*005010X222A1",
    "BHT*0019*00*1*20260101*1200*CH",
    "NM1*IL*1*PATIÉNT*ANNA****MI*A€1",
    "CLM*C1*100***11:B:1*Y",
    "SV1*HC:64493:LT*100*UN*1***1",
    "DTP*472*D8*20250325",
    "NM1*82*1*DOE*JANE****XX*1234567893*",
    "SE*8*0001",
  ];

  it.each([
    ["line breaks after each terminator", `${ISA}\n${body.join("~\n")}~\n`, "~"],
    ["CRLF and blank lines", `\r\n${ISA}\r\n\r\n${body.join("~\r\n")}~\r\n`, "~"],
    ["one line, no breaks", `${ISA}${body.join("~")}~`, "~"],
    ["spaces around segments and no final terminator", `  ${ISA} \n ${body.join(" ~ \n ")}`, "~"],
  ])(
    "reports each wanted segment with its ordinal, line, UTF-8 byte and elements, whatever the chunking (%s)",
    (_name, text, terminator) => {
      const expected = oracle(text, terminator, WANTED);
      expect(expected.length).toBeGreaterThan(6);
      for (const size of [1, 2, 7, 64, 200, text.length]) {
        expect(read(text, size, WANTED), `chunks of ${size}`).toEqual(expected);
      }
    },
  );

  it("reads files that end segments with a line break (the ISA declares it)", () => {
    const isa = `${ISA.slice(0, -1)}\n`;
    const text = `${isa}${body.join("\n")}\n`;
    const expected = oracle(text, "\n", WANTED);
    expect(expected.map((s) => s.line)).toEqual([1, 2, 3, 5, 6, 7, 8, 9, 10]);
    for (const size of [1, 5, 64, text.length]) expect(read(text, size, WANTED)).toEqual(expected);
  });

  it("counts bytes as characters only while the decoder says the text is ASCII", () => {
    const text = `${ISA}\n${body.join("~\n")}~\n`;
    const expected = oracle(text, "~", WANTED);
    // Told "not ASCII": bytes are measured, the é and € count 2 and 3 bytes.
    expect(read(text, 64, WANTED, { ascii: false })).toEqual(expected);
    const plain = text.replaceAll("É", "E").replaceAll("€", "E");
    expect(read(plain, 64, WANTED, { ascii: true })).toEqual(oracle(plain, "~", WANTED));
  });

  it("counts two bytes per code unit for UTF-16 input, after the byte-order mark", () => {
    const text = `${ISA}\n${body.join("~\n")}~\n`;
    const seen = read(text, 100, WANTED, { unitBytes: 2, leadingBytes: 2 });
    const clm = seen.find((s) => s.id === "CLM")!;
    expect(clm.byteOffset).toBe(2 + 2 * text.indexOf("CLM*"));
  });

  it("counts the segments it does not read, so ordinals match the file", () => {
    const text = `${ISA}\n${body.join("~\n")}~\n`;
    const seen = read(text, 64, ["CLM", "SE"]);
    expect(seen.map((s) => [s.id, s.index])).toEqual([
      ["CLM", 6],
      ["SE", 10],
    ]);
  });

  it("gives an empty element past the last one and keeps a position after moving on", () => {
    const positions: ReturnType<X12Segment["position"]>[] = [];
    const reader = new X12SegmentReader("t.x12", new Set(["CLM", "DTP"]), (segment) => {
      if (segment.id === "CLM") expect(segment.element(42)).toBe("");
      positions.push(segment.position());
    });
    reader.push(`${ISA}\n${body.join("~\n")}~\n`);
    reader.end();
    expect(positions.map((p) => p.id)).toEqual(["CLM", "DTP"]);
  });
});
