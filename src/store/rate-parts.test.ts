import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { queryRows } from "../analyze/benchmark/sql-rows.js";
import { RateParts } from "./rate-parts.js";
import { Store } from "./store.js";

/** Prices of `items` items, 3 rates each, 2 prices a rate, in (item, rate, price) order. */
function prices(items: number): Int32Array[] {
  const rows = items * 6;
  const columns = [0, 1, 2, 3].map(() => new Int32Array(rows));
  for (let row = 0; row < rows; row++) {
    columns[0]![row] = Math.floor(row / 6);
    columns[1]![row] = Math.floor(row / 2) % 3;
    columns[2]![row] = row % 2;
    columns[3]![row] = row % 7;
  }
  return columns;
}

describe("RateParts: a unit's rate rows as Parquet parts", () => {
  let dir: string;
  let store: Store;
  const statements: string[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "ratelens-rate-parts-"));
    store = await Store.memory();
    statements.length = 0;
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function write(
    fill: (parts: RateParts) => Promise<void>,
  ): Promise<Record<string, unknown>[][]> {
    return store.withConnection(async (connection) => {
      const parts = await RateParts.create(
        connection,
        (sql) =>
          store.withConnection(async (other) => {
            // The loader's setting, left on a pooled connection (`TicLoader.prepare`).
            await other.run("SET SESSION preserve_insertion_order = false");
            for (const statement of sql) {
              statements.push(statement);
              await other.run(statement);
            }
          }),
        dir,
        7,
        300_000,
      );
      await fill(parts);
      await parts.finish();
      const read = (table: string, columns: string): Promise<Record<string, unknown>[]> =>
        queryRows(
          connection,
          `SELECT ${columns} FROM read_parquet('${join(dir, table)}.part-*.parquet', filename = true, file_row_number = true)
           ORDER BY filename, file_row_number`,
        );
      return [
        await read("rate_prices", "file_id, item_index, rate_index, price_index, term_id"),
        await read("rate_providers", "item_index, rate_index, group_key"),
      ];
    });
  }

  it("writes rows that came in order as they are, over several parts and row groups", async () => {
    const [item, rate, price, term] = prices(100_000);
    const amounts = new Float64Array(item!.length).fill(12.5);
    const [stored, providers] = await write(async (parts) => {
      for (let at = 0; at < item!.length; at += 120_000) {
        const end = Math.min(item!.length, at + 120_000);
        await parts.appendPrices(
          [item!, rate!, price!, term!, amounts].map((column) => column.subarray(at, end)),
          end - at,
        );
        await parts.rotateFull();
      }
      // Two groups a rate, the higher key first: a rate's groups keep their order.
      const rates = 300_000;
      const items = new Int32Array(rates * 2);
      const rateIndex = new Int32Array(rates * 2);
      const keys = new Int32Array(rates * 2);
      for (let row = 0; row < rates * 2; row++) {
        items[row] = Math.floor(row / 6);
        rateIndex[row] = Math.floor(row / 2) % 3;
        keys[row] = 100 - (row % 2);
      }
      await parts.appendProviders(items, rateIndex, keys, keys.length);
    });
    expect(statements.filter((sql) => sql.startsWith("COPY")).length).toBeGreaterThanOrEqual(3);
    expect(statements.some((sql) => sql.includes("ORDER BY"))).toBe(false);
    expect(stored).toHaveLength(600_000);
    const out = stored!.findIndex(
      (row, k) =>
        row["file_id"] !== 7 ||
        row["item_index"] !== item![k] ||
        row["rate_index"] !== rate![k] ||
        row["price_index"] !== price![k] ||
        row["term_id"] !== term![k],
    );
    expect(out).toBe(-1);
    expect(providers).toHaveLength(600_000);
    expect(providers!.slice(0, 4).map((row) => row["group_key"])).toEqual([100, 99, 100, 99]);
    const late = providers!.findIndex(
      (row, k) => k > 0 && Number(row["item_index"]) < Number(providers![k - 1]!["item_index"]),
    );
    expect(late).toBe(-1);
  });

  it("sorts a part whose rows came out of order", async () => {
    const [item, rate, price, term] = prices(1_000);
    const order = Array.from({ length: item!.length }, (_, k) => item!.length - 1 - k);
    const shuffled = [item!, rate!, price!, term!].map((column) =>
      Int32Array.from(order, (k) => column[k]!),
    );
    const amounts = new Float64Array(item!.length);
    const [stored] = await write(async (parts) => {
      await parts.appendPrices([...shuffled, amounts], item!.length);
      await parts.appendProviders(
        Int32Array.of(5, 2),
        Int32Array.of(0, 1),
        Int32Array.of(11, 12),
        2,
      );
    });
    expect(statements.filter((sql) => sql.includes("ORDER BY"))).toHaveLength(2);
    const keys = stored!.map((row) =>
      [row["item_index"], row["rate_index"], row["price_index"]].map(Number),
    );
    const sorted = [...keys].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!);
    expect(keys).toEqual(sorted);
  });
});
