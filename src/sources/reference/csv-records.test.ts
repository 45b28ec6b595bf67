import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../errors.js";
import { readCsvRecords } from "./csv-records.js";

const dir = mkdtempSync(join(tmpdir(), "ratelens-csv-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function records(name: string, text: string): Promise<{ line: number; fields: string[] }[]> {
  const path = join(dir, name);
  writeFileSync(path, text);
  const out: { line: number; fields: string[] }[] = [];
  for await (const r of readCsvRecords(path)) out.push({ line: r.line, fields: r.fields });
  return out;
}

describe("readCsvRecords", () => {
  it("handles quotes, doubled quotes, CRLF, a BOM and quoted fields spanning lines", async () => {
    const rows = await records(
      "quoted.csv",
      '\uFEFFa,b\r\n"x, y","say ""hi"""\r\n"two\nlines",z\r\nlast,\r\n',
    );
    expect(rows).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["x, y", 'say "hi"'] },
      { line: 3, fields: ["two\nlines", "z"] },
      { line: 5, fields: ["last", ""] },
    ]);
  });

  it("detects tab-delimited files after a delimiter-free preamble", async () => {
    const rows = await records("tabs.txt", "Copyright notice\nColumn 1\tColumn 2\n64490\t77003\n");
    expect(rows.map((r) => r.fields)).toEqual([
      ["Copyright notice"],
      ["Column 1", "Column 2"],
      ["64490", "77003"],
    ]);
  });

  it("names the line and column of an unterminated quote", async () => {
    await expect(records("open.csv", 'a,b\nc,"never closed\n')).rejects.toThrow(InputError);
    await expect(records("open2.csv", 'a,b\nc,"never closed\n')).rejects.toThrow(
      /line 2, column 3/,
    );
  });
});
