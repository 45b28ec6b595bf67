import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { InputError } from "../errors.js";
import { ItemSplitter } from "../sources/tic/item-splitter.js";
import { PieceSpool } from "./piece-spool.js";
import { Store } from "../store/store.js";
import { ingestFileUnit } from "./ingest-file-unit.js";

/** Pieces of ~8 kB once an item passes 20 kB: the test item is cut into dozens. */
const SMALL_SPLIT = { splitBytes: 20_000, pieceBytes: 8_000 };

function rate(k: number, amount: unknown = 10 + (k % 97)): string {
  const references = k % 3 === 0 ? `"provider_references":[${k % 5},${(k + 1) % 5}],` : "";
  const inline =
    k % 3 === 0
      ? ""
      : `"provider_groups":[{"npi":[${1000000000 + (k % 7)}],"tin":{"type":"ein","value":"12-000000${k % 4}"}}],`;
  return `{${references}${inline}"negotiated_prices":[{"negotiated_type":"negotiated","negotiated_rate":${JSON.stringify(amount)},"expiration_date":"9999-12-31","service_code":["11","]\\"}"],"billing_class":"professional"},{"negotiated_type":"fee schedule","negotiated_rate":${5 + (k % 11)},"expiration_date":"9999-12-31","billing_class":"institutional"}]}`;
}

/**
 * A file whose first item has `rates` rates (~400 bytes each) and fields after them; with `late`,
 * its code and arrangement come after the rates too.
 */
function fileWithLargeItem(rates: number, bad?: number, late = false): string {
  const references = Array.from(
    { length: 5 },
    (_, id) =>
      `{"provider_group_id":${id},"provider_groups":[{"npi":[${1500000000 + id}],"tin":{"type":"ein","value":"98-765432${id}"}}]}`,
  ).join(",");
  const fields = `"negotiation_arrangement":"ffs","name":"x","billing_code_type":"CPT","billing_code_type_version":"2026","billing_code":"99213","description":"SYNTHETIC"`;
  const list = Array.from({ length: rates }, (_, k) => rate(k, k === bad ? "12,5" : undefined));
  const large = late
    ? `{"negotiated_rates": [\n${list.join(",\n")}\n  ], ${fields}, "covered_services": []}`
    : `{${fields},\n  "negotiated_rates": [\n${list.join(",\n")}\n  ], "covered_services": [{"billing_code_type":"CPT","billing_code":"1"}]}`;
  const small = `{"negotiation_arrangement":"ffs","name":"y","billing_code_type":"CPT","billing_code_type_version":"2026","billing_code":"64490","description":"SYNTHETIC","negotiated_rates":[${rate(1)}]}`;
  return `{"reporting_entity_name":"SYNTHETIC","reporting_entity_type":"health insurance issuer","last_updated_on":"2026-11-01","version":"1.3.1","provider_references":[${references}],"in_network":[${large},${small}]}`;
}

describe("a large item is loaded in pieces (ItemSplitter)", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ratelens-large-item-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function load(
    file: string,
    root: string,
    split?: typeof SMALL_SPLIT,
    codes?: Set<string>,
  ): Promise<{ rows: unknown[]; items: unknown[]; summary: unknown }> {
    const outcome = await ingestFileUnit(root, file, {
      offline: true,
      workers: 0,
      ...(split === undefined ? {} : { itemSplit: split }),
      ...(codes === undefined ? {} : { codes }),
    });
    const store = await Store.open(root);
    try {
      return await store.withConnection(async (connection) => ({
        rows: (
          await connection.runAndReadAll(
            `SELECT * EXCLUDE (file_id) FROM rates ORDER BY item_index, rate_index, price_index, group_key`,
          )
        ).getRowObjectsJson(),
        items: (
          await connection.runAndReadAll("SELECT * EXCLUDE (file_id) FROM rate_items ORDER BY ALL")
        ).getRowObjectsJson(),
        summary: outcome.summaries[0],
      }));
    } finally {
      store.close();
    }
  }

  /** What loading `file` in small pieces throws (undefined if it loads). */
  async function failure(file: string, root: string): Promise<unknown> {
    try {
      await ingestFileUnit(root, file, { offline: true, workers: 0, itemSplit: SMALL_SPLIT });
    } catch (caught) {
      return caught;
    }
    return undefined;
  }

  it("stores the same rows as the item loaded whole, counted as one item", async () => {
    const file = join(dir, "large-item.json");
    writeFileSync(file, fileWithLargeItem(3_000));
    const whole = await load(file, join(dir, "whole.store"));
    const cut = vi.spyOn(ItemSplitter.prototype, "end");
    const pieces = await load(file, join(dir, "pieces.store"), SMALL_SPLIT);
    expect(cut).toHaveBeenCalledTimes(1);
    cut.mockRestore();
    expect(whole.rows.length).toBeGreaterThan(6_000);
    expect(pieces.rows).toEqual(whole.rows);
    expect(pieces.items).toEqual(whole.items);
    expect(pieces.items).toHaveLength(2);
    expect(pieces.summary).toMatchObject({ items: 2, keptItems: 2 });
    const filtered = await load(file, join(dir, "filtered.store"), SMALL_SPLIT, new Set(["99213"]));
    expect(filtered.rows).toEqual(
      whole.rows.filter((row) => (row as { item_index: number }).item_index === 0),
    );
  });

  it("cuts an item whose code comes after its rates, filtered or not", async () => {
    const file = join(dir, "late-code.json");
    writeFileSync(file, fileWithLargeItem(3_000, undefined, true));
    const whole = await load(file, join(dir, "late-whole.store"));
    const cut = vi.spyOn(ItemSplitter.prototype, "end");
    const pieces = await load(file, join(dir, "late-pieces.store"), SMALL_SPLIT);
    expect(cut).toHaveBeenCalledTimes(1);
    expect(pieces.rows).toEqual(whole.rows);
    expect(pieces.items).toEqual(whole.items);
    // Under a code filter the pieces wait for the code in a spool file: loaded in order, or let go.
    const spooled = vi.spyOn(PieceSpool.prototype, "add");
    const closed = vi.spyOn(PieceSpool.prototype, "close");
    const kept = await load(file, join(dir, "late-kept.store"), SMALL_SPLIT, new Set(["99213"]));
    expect(cut).toHaveBeenCalledTimes(2);
    expect(spooled.mock.calls.length).toBeGreaterThan(10);
    expect(closed).toHaveBeenCalledTimes(1);
    const first = (row: unknown): boolean => (row as { item_index: number }).item_index === 0;
    expect(kept.rows).toEqual(whole.rows.filter(first));
    const dropped = await load(
      file,
      join(dir, "late-dropped.store"),
      SMALL_SPLIT,
      new Set(["64490"]),
    );
    expect(dropped.rows).toEqual(whole.rows.filter((row) => !first(row)));
    expect(dropped.summary).toMatchObject({ items: 2, keptItems: 1 });
    expect(closed).toHaveBeenCalledTimes(2);
    cut.mockRestore();
    spooled.mockRestore();
    closed.mockRestore();
  });

  it("names the very byte of invalid JSON in a later piece", async () => {
    const file = join(dir, "large-item-invalid.json");
    const good = fileWithLargeItem(3_000);
    const at = good.indexOf(rate(2_500)) + rate(2_500).indexOf('"negotiated_rate":') + 18;
    writeFileSync(file, `${good.slice(0, at)}abc${good.slice(at + 2)}`);
    const error = await failure(file, join(dir, "invalid.store"));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(`(byte ${at}, $.in_network[0])`);
  });

  it("names the byte and the rate of an error in a later piece", async () => {
    const file = join(dir, "large-item-bad.json");
    const text = fileWithLargeItem(3_000, 2_500);
    writeFileSync(file, text);
    const error = await failure(file, join(dir, "bad.store"));
    expect(error).toBeInstanceOf(InputError);
    const message = (error as InputError).message;
    expect(message).toContain("$.in_network[0].negotiated_rates[2500].negotiated_prices[0]");
    // Reported at the first rate of the error's piece (~8 kB here), not at the item's start.
    const rateStart = text.indexOf(rate(2_500, "12,5"));
    const byte = Number(/byte (\d+)/.exec(message)?.[1]);
    expect(byte).toBeLessThanOrEqual(rateStart);
    expect(byte).toBeGreaterThan(rateStart - SMALL_SPLIT.pieceBytes - 1_000);
    expect(text.slice(byte, byte + 30)).toMatch(/^\{"(provider_references|provider_groups)"/);
  });
});
