import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Store } from "../../store/store.js";
import { zeroQuantile, zeroQuantileParts } from "./zero-quantiles.js";

describe("zeroQuantile equals DuckDB's quantile_cont and median", () => {
  let store: Store;
  beforeAll(async () => {
    store = await Store.memory();
    await store.withConnection((connection) =>
      // 300 groups of 0 to 40 values: mostly zeros, negatives, duplicates, NULLs; some groups all
      // zero, all NULL or of one value. setseed: the same values every run.
      connection.run(
        `SELECT setseed(0.17);
         CREATE TABLE v AS
         SELECT g, CASE WHEN r < 0.1 OR g % 11 = 5 THEN NULL WHEN r < 0.7 OR g % 7 = 0 THEN 0
           ELSE round((random() - 0.4) * 200, CAST(g % 3 AS INTEGER)) END AS x
         FROM (SELECT g, i, random() AS r FROM range(300) t(g), range(40) s(i) WHERE i < g % 41)`,
      ),
    );
  });
  afterAll(() => {
    store.close();
  });

  it("for every group and quantile, zeros, negatives, ties and NULLs included", async () => {
    const qs = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1];
    const rows = await store.withConnection(
      async (connection) =>
        (
          await connection.runAndReadAll(
            `WITH parts AS (SELECT g, ${zeroQuantileParts("x", "x")} FROM v GROUP BY g),
                ref AS (SELECT g, median(x) AS med, ${qs.map((q, i) => `quantile_cont(x, ${String(q)}) AS q${String(i)}`).join(", ")} FROM v GROUP BY g)
           SELECT count(*)::INTEGER AS groups,
             count(*) FILTER (WHERE ref.med IS NOT NULL AND ref.med <> 0)::INTEGER AS nonzero_medians,
             count(*) FILTER (WHERE ref.med IS NULL)::INTEGER AS empty_groups,
             count(*) FILTER (WHERE ${zeroQuantile("x", 0.5)} IS DISTINCT FROM ref.med)::INTEGER AS median_differs,
             ${qs.map((q, i) => `count(*) FILTER (WHERE ${zeroQuantile("x", q)} IS DISTINCT FROM ref.q${String(i)})::INTEGER AS d${String(i)}`).join(", ")}
           FROM parts JOIN ref USING (g)`,
          )
        ).getRowObjectsJson()[0],
    );
    // The data must exercise the cases: groups with a non-zero median, and empty groups.
    expect(Number(rows?.groups)).toBe(292); // g % 41 = 0: no rows, no group
    expect(Number(rows?.nonzero_medians)).toBeGreaterThan(10);
    expect(Number(rows?.empty_groups)).toBeGreaterThan(0);
    expect(Number(rows?.median_differs)).toBe(0);
    for (const [i] of qs.entries()) {
      expect(Number(rows?.[`d${String(i)}`]), `q${String(i)}`).toBe(0);
    }
  });

  it("rejects a quantile outside 0–1", () => {
    expect(() => zeroQuantile("x", 1.5)).toThrow(/between 0 and 1/);
  });
});
