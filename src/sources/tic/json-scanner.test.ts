import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ScanError, TicScanner, type ScannedElement, type TicSection } from "./json-scanner.js";

interface Collected {
  headers: Record<string, unknown>;
  elements: {
    section: TicSection;
    index: number;
    key: string | undefined;
    value: unknown;
    offset: number;
  }[];
  sections: string[];
  asked: (string | undefined)[];
}

function scan(
  bytes: Buffer,
  chunkSize: number,
  wants: (section: TicSection, key: string | undefined) => boolean = () => true,
): Collected {
  const out: Collected = { headers: {}, elements: [], sections: [], asked: [] };
  const scanner = new TicScanner({
    header(key, raw) {
      out.headers[key] = JSON.parse(raw);
    },
    section(section, starts) {
      out.sections.push(`${starts ? "+" : "-"}${section}`);
    },
    wants(section, key) {
      out.asked.push(key);
      return wants(section, key);
    },
    element(element: ScannedElement) {
      out.elements.push({
        section: element.section,
        index: element.index,
        key: element.key,
        value: JSON.parse(element.bytes.toString("utf8")),
        offset: element.byteOffset,
      });
    },
  });
  for (let at = 0; at < bytes.length; at += chunkSize) {
    scanner.push(bytes.subarray(at, at + chunkSize));
  }
  scanner.end();
  return out;
}

const fixture = (name: string): Buffer => readFileSync(join(import.meta.dirname, "fixtures", name));

describe("TicScanner", () => {
  const tricky = Buffer.from(
    `\uFEFF{ "version" : "1.0.0", "n": -1.5e3, "flag": true, "nothing": null, "esc\\"key": "a\\\\\\"b",
      "provider_references": [ {"provider_group_id": 690.64470, "location": "https://x/\\"y\\\\"} , {"provider_group_id": "G-2", "provider_groups": []} ],
      "other": {"in_network": [1, 2, {"billing_code": "NOPE"}]},
      "in_network": [
        {"name": "a \\"quoted\\" [bracket] {brace} \\\\", "bundled_codes": [{"billing_code": "TRAP"}], "negotiated_rates": [[{}]], "billing_code": "11111"},
        {"billing_code": 22222, "x": "y"},
        {"nested": {"billing_code": "TRAP2"}}
      ]
    }  \n`,
    "utf8",
  );

  it.each([1, 2, 3, 7, 64, 100_000])(
    "gives the same elements whatever the chunk size (%i)",
    (chunkSize) => {
      const result = scan(tricky, chunkSize);
      expect(result.headers).toEqual({
        version: "1.0.0",
        n: -1500,
        flag: true,
        nothing: null,
        'esc"key': 'a\\"b',
      });
      expect(result.sections).toEqual([
        "+provider_references",
        "-provider_references",
        "+in_network",
        "-in_network",
      ]);
      expect(
        result.elements.map((element) => [element.section, element.index, element.key]),
      ).toEqual([
        ["provider_references", 0, "690.64470"],
        ["provider_references", 1, "G-2"],
        ["in_network", 0, "11111"],
        ["in_network", 1, "22222"],
        ["in_network", 2, undefined],
      ]);
      const first = result.elements[2]!;
      expect(tricky.subarray(first.offset, first.offset + 1).toString()).toBe("{");
    },
  );

  it("drops unwanted items and never asks about nested codes", () => {
    for (const chunkSize of [1, 5, 1000]) {
      const result = scan(
        tricky,
        chunkSize,
        (section, key) => section !== "in_network" || key === "22222",
      );
      expect(
        result.elements
          .filter((element) => element.section === "in_network")
          .map((element) => element.key),
      ).toEqual(["22222"]);
      expect(result.asked).not.toContain("TRAP");
      expect(result.asked).not.toContain("TRAP2");
      expect(result.asked).not.toContain("NOPE");
    }
  });

  it("skips a dropped item to its end whatever its strings hold and wherever a chunk ends", () => {
    // The code comes first, so the rest of each dropped item goes through the fast skip loop.
    const dropped = (n: number): string =>
      JSON.stringify({
        billing_code: `D${n}`,
        note: "\\",
        x: '} ] \\" { [ \\\\"',
        negotiated_rates: [{ a: [1, { b: "]}" }], c: "\u005d" }],
        tail: '"',
      });
    const text = `{"in_network": [${dropped(1)}, {"billing_code": "K1", "v": "}"}, ${dropped(2)}, ${dropped(3)}, {"billing_code": "K2", "v": [1]}]}`;
    expect(() => JSON.parse(text) as unknown).not.toThrow();
    const bytes = Buffer.from(text);
    for (let chunkSize = 1; chunkSize <= 40; chunkSize++) {
      const result = scan(bytes, chunkSize, (_section, key) => key?.startsWith("K") === true);
      expect(result.elements.map((element) => [element.index, element.value])).toEqual([
        [1, { billing_code: "K1", v: "}" }],
        [4, { billing_code: "K2", v: [1] }],
      ]);
    }
  });

  it("copies a kept item whole through the fast loop whatever its strings hold", () => {
    const kept = (n: number): string =>
      JSON.stringify({
        billing_code: `K${n}`,
        x: '} ] \\" { [ \\\\"',
        negotiated_rates: [{ provider_references: [1, 2, 3], n: [{ b: "]}" }] }],
        tail: '"',
      });
    const text = `{"in_network": [${kept(1)}, ${kept(2)}], "provider_references": [{"provider_group_id": 1, "provider_groups": [{"npi": [1], "tin": {"type": "ein", "value": "}"}}]}]}`;
    const bytes = Buffer.from(text);
    for (let chunkSize = 1; chunkSize <= 40; chunkSize++) {
      const result = scan(bytes, chunkSize);
      expect(result.elements.map((element) => element.value)).toEqual([
        JSON.parse(kept(1)),
        JSON.parse(kept(2)),
        (JSON.parse(text) as { provider_references: unknown[] }).provider_references[0],
      ]);
    }
  });

  it("does not swallow the next item when a numeric code is an item's last key", () => {
    // Decided on a number that ends at the item's closing brace: the next item must still be read.
    const text = `{"in_network": [{"a": [1], "billing_code": 11111}, {"billing_code": 22222}, {"billing_code": 33333, "b": 1}]}`;
    const bytes = Buffer.from(text);
    for (const keep of [["22222"], ["11111", "22222", "33333"], ["33333"]]) {
      for (let chunkSize = 1; chunkSize <= 20; chunkSize++) {
        const result = scan(bytes, chunkSize, (_section, key) => keep.includes(key ?? ""));
        expect(result.asked).toEqual(["11111", "22222", "33333"]);
        expect(result.elements.map((element) => element.key)).toEqual(keep);
      }
    }
  });

  it("reads the code under a key written with escapes, or cut by a chunk's end, and not under look-alikes", () => {
    const text = `{"in_network": [
      {"billing\\u005fcode": "11111", "x": 1},
      {"billing_codes": "NO", "billing_cod": "NO", "billing_code": "22222"},
      {"billing_code_type": "CPT", "billing_code": "33333"}
    ]}`;
    for (const chunkSize of [1, 5, 13, 1000]) {
      const result = scan(Buffer.from(text), chunkSize);
      expect(result.asked).toEqual(["11111", "22222", "33333"]);
    }
  });

  it("cuts every CRLF pretty-printed fixture identically at any chunk size", () => {
    const bytes = fixture("pretty-printed-crlf.json");
    const whole = JSON.parse(bytes.toString("utf8")) as {
      in_network: unknown[];
      provider_references: unknown[];
    };
    for (const chunkSize of [1, 13, 4096]) {
      const result = scan(bytes, chunkSize);
      expect(
        result.elements
          .filter((element) => element.section === "in_network")
          .map((element) => element.value),
      ).toEqual(whole.in_network);
      expect(
        result.elements
          .filter((element) => element.section === "provider_references")
          .map((element) => element.value),
      ).toEqual(whole.provider_references);
    }
  });

  it.each([
    ['{"in_network": [{"billing_code": "1"}', "truncated", "$.in_network[0]"],
    ['{"in_network": [{"billing_code": "1"}]} {"again": 1}', "after the root object", "$"],
    ['[{"in_network": []}]', "root value must be an object", "$"],
    ['{"in_network": [1, {"a": "b"}]}', "", ""],
    ['{"in_network": [{"a": "b"}, "text"]}', "must be an object", "$.in_network[0]"],
    ["", "no JSON object", "$"],
    ['{"version": "1", "in_network": [{"a": "unterminated}]}', "truncated", "$.in_network[0]"],
  ])("reports structural problems: %s", (text, problem, path) => {
    const run = (): Collected => scan(Buffer.from(text), 4);
    if (problem === "") {
      expect(run).not.toThrow();
      return;
    }
    try {
      run();
      expect.unreachable("should have thrown");
    } catch (error) {
      expect(error).toBeInstanceOf(ScanError);
      expect((error as ScanError).problem).toContain(problem);
      expect((error as ScanError).jsonPath).toBe(path);
    }
  });
});
