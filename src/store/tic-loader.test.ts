import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { queryRows } from "../analyze/benchmark/sql-rows.js";
import { RateParts } from "./rate-parts.js";
import { Store } from "./store.js";
import { TicLoader } from "./tic-loader.js";

describe("TicLoader into a unit: staged tables written in the unit's order", () => {
  let dir: string;
  let store: Store;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "ratelens-tic-loader-"));
    mkdirSync(join(dir, "unit"));
    mkdirSync(join(dir, "csv"));
    store = await Store.memory();
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Stages `groups` (CSV calls) into a unit; returns its COPY statements and stored groups, in file order. */
  async function writeGroups(
    groups: readonly string[],
    flushBytes?: number,
  ): Promise<{ copy: string; rows: Record<string, unknown>[]; groups: number | undefined }> {
    return store.withConnection(async (connection) => {
      const parts = await RateParts.create(
        connection,
        (statements) =>
          store.withConnection(async (other) => {
            for (const statement of statements) await other.run(statement);
          }),
        join(dir, "unit"),
        7,
      );
      const loader = new TicLoader(connection, 7, join(dir, "csv"), parts, flushBytes);
      const run = vi.spyOn(connection, "runAndReadAll");
      await loader.prepare();
      for (const lines of groups) await loader.add("groups", lines);
      await loader.finish();
      const counted = await loader.unitProviderGroups();
      const copy = run.mock.calls
        .map(([sql]) => sql)
        .filter((sql) => sql.includes("provider_groups.parquet"))
        .join("\n");
      run.mockRestore();
      const rows = await queryRows(
        connection,
        `SELECT group_key, npi, tin_value FROM read_parquet('${join(dir, "unit", "provider_groups.parquet")}',
           file_row_number = true) ORDER BY file_row_number`,
      );
      return { copy, rows: rows.map((row) => ({ ...row, npi: Number(row.npi) })), groups: counted };
    });
  }

  it("writes provider groups staged by key as they are: a group's NPIs as listed, no sort", async () => {
    const { copy, rows, groups } = await writeGroups([
      '0,"a,1","[1003000126,1003000100]",ein,1,\n0,"a,1","[1003000001]",ein,2,\n',
      '3,,"[1003000050]",ein,3,\n',
    ]);
    expect(copy).not.toMatch(/ORDER BY/);
    expect(rows).toEqual([
      { group_key: 0, npi: 1003000126, tin_value: "1" },
      { group_key: 0, npi: 1003000100, tin_value: "1" },
      { group_key: 0, npi: 1003000001, tin_value: "2" },
      { group_key: 3, npi: 1003000050, tin_value: "3" },
    ]);
    expect(groups).toBe(2); // counted as staged
  });

  it("sorts by key the groups staged out of key order, or loaded before the last staged file", async () => {
    // Inline groups (high keys) staged before the references their batch resolved.
    const late = await writeGroups(['900,,"[1003000126]",ein,1,\n', '2,x,"[1003000100]",ein,2,\n']);
    expect(late.copy).toMatch(/ORDER BY group_key/);
    expect(late.rows.map((row) => row.group_key)).toEqual([2, 900]);
    expect(late.groups).toBe(2); // counted from the unit's file
    // A big file's earlier lines, loaded into the scratch table while it streamed.
    // The first call's 52 bytes reach the limit and load; the last call's 26 stay staged.
    const loaded = await writeGroups(
      ['0,,"[1003000126]",ein,1,\n1,,"[1003000100]",ein,2,\n', '2,,"[1003000001]",ein,3,\n'],
      40,
    );
    expect(loaded.copy).toMatch(/ORDER BY group_key/);
    expect(loaded.rows.map((row) => row.group_key)).toEqual([0, 1, 2]);
    expect(loaded.groups).toBe(3);
  });
});
