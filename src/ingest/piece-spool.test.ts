import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ScannedElement } from "../sources/tic/json-scanner.js";
import { PieceSpool } from "./piece-spool.js";

const piece = (k: number, bytes: Buffer): ScannedElement => ({
  section: "in_network",
  index: 3,
  byteOffset: 1000 * k,
  bytes,
  key: undefined,
  rateOffset: 10 * k,
  partial: k < 2,
});

describe("PieceSpool", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ratelens-spool-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives back the pieces in order, bytes and all, from its file, and deletes it", () => {
    const spool = new PieceSpool(dir);
    const pieces = [Buffer.from('{"a":1}'), Buffer.alloc(3 << 20, 0x61), Buffer.from("{}")].map(
      (bytes, k) => piece(k, bytes),
    );
    for (const each of pieces) spool.add(each);
    expect(readdirSync(dir)).toHaveLength(1);
    const back = [spool.take(), spool.take(), spool.take(), spool.take()];
    expect(back.slice(0, 3)).toEqual(pieces);
    expect(back[3]).toBeUndefined();
    spool.close();
    expect(readdirSync(dir)).toHaveLength(0);
  });

  it("makes no file until a piece comes, and closes twice without harm", () => {
    const spool = new PieceSpool(dir);
    expect(spool.take()).toBeUndefined();
    spool.close();
    spool.close();
    expect(existsSync(dir) && readdirSync(dir).length === 0).toBe(true);
  });
});
