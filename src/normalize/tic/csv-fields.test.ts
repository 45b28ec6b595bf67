import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Store } from "../../store/store.js";
import { CsvBytes, csvSplitList, splitListSql } from "./csv-fields.js";

describe("csvSplitList", () => {
  it("joins plain values with |", () => {
    expect(csvSplitList(["11", "22"])).toBe("11|22");
    expect(csvSplitList(["26"])).toBe("26");
    expect(csvSplitList(undefined)).toBe("");
  });

  it("falls back to JSON (starting with [) when | cannot carry the list", () => {
    for (const list of [[], [""], ["a|b"], ["[x"], ['q"uote'], ["com,ma"], ["line\nbreak"]]) {
      const field = csvSplitList(list);
      expect(field.startsWith('"[')).toBe(true);
    }
    expect(csvSplitList(["ok", "[later"])).toBe("ok|[later"); // only a first value can look like JSON
  });

  it("round-trips through DuckDB's CSV reader and splitListSql", async () => {
    const lists = [["11", "22"], ["26"], [], [""], ["a|b", "c"], ["[x", "y"], ['q"uote', "com,ma"], ["ok", "[later"], ["ünï ✓"]];
    const bytes = new CsvBytes(16); // tiny, so the buffer has to grow
    lists.forEach((list, index) => {
      bytes.push(`${index},${csvSplitList(list)}\n`);
    });
    bytes.push("99,\n");
    const path = join(mkdtempSync(join(tmpdir(), "csv-fields-")), "lists.csv");
    writeFileSync(path, bytes.bytes());
    const store = await Store.memory();
    try {
      const rows = await store.withConnection(async (connection) =>
        (
          await connection.runAndReadAll(
            `SELECT k, ${splitListSql("v")} AS list FROM read_csv('${path}', columns = {'k': 'INTEGER', 'v': 'VARCHAR'}, header = false, auto_detect = false, quote = '"', escape = '"', allow_quoted_nulls = false) ORDER BY k`,
          )
        ).getRowObjectsJson(),
      );
      expect(rows.map((row) => row.list)).toEqual([...lists, null]);
    } finally {
      store.close();
    }
  });
});
