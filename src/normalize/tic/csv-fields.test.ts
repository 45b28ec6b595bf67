import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { Store } from "../../store/store.js";
import { CsvBytes, csvList } from "./csv-fields.js";

describe("csvList", () => {
  it("writes NULL for an absent list and quoted JSON otherwise", () => {
    expect(csvList(undefined)).toBe("");
    expect(csvList(["11", "22"])).toBe('"[""11"",""22""]"');
  });

  it("round-trips through DuckDB's CSV reader and from_json", async () => {
    const lists = [
      ["11", "22"],
      ["26"],
      [],
      [""],
      ["a|b", "c"],
      ["[x", "y"],
      ['q"uote', "com,ma"],
      ["line\nbreak"],
      ["ünï ✓"],
      ["a\u0000b"],
    ];
    const bytes = new CsvBytes(16); // tiny, so the buffer has to grow
    lists.forEach((list, index) => {
      bytes.push(`${index},${csvList(list)}\n`);
    });
    bytes.push("99,\n");
    const dir = mkdtempSync(join(tmpdir(), "csv-fields-"));
    onTestFinished(() => {
      rmSync(dir, { recursive: true, force: true });
    });
    const path = join(dir, "lists.csv");
    writeFileSync(path, bytes.bytes());
    const store = await Store.memory();
    try {
      const rows = await store.withConnection(async (connection) =>
        (
          await connection.runAndReadAll(
            `SELECT k, from_json(v, '["VARCHAR"]') AS list FROM read_csv('${path}', columns = {'k': 'INTEGER', 'v': 'VARCHAR'}, header = false, auto_detect = false, quote = '"', escape = '"', allow_quoted_nulls = false) ORDER BY k`,
          )
        ).getRowObjectsJson(),
      );
      expect(rows.map((row) => row.list)).toEqual([...lists, null]);
    } finally {
      store.close();
    }
  });
});
