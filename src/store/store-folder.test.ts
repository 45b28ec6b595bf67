import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { claimFileId, ensureFolderLayout } from "./store-folder.js";

describe("claimFileId", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ratelens-claims-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("hands out increasing ids above every id another process took, and starts again in a new folder", async () => {
    const root = join(dir, "a.store");
    await ensureFolderLayout(root);
    expect([await claimFileId(root), await claimFileId(root)]).toEqual([1, 2]);
    // Another process claims 3 to 5 (and a file size is marked) meanwhile.
    for (const name of ["id-3", "id-4", "id-5", "size-1234"]) {
      mkdirSync(join(root, "claims", name));
    }
    expect(await claimFileId(root)).toBe(6);
    // At the same time: each id once.
    const ids = await Promise.all(Array.from({ length: 8 }, () => claimFileId(root)));
    expect(new Set(ids).size).toBe(8);
    expect(Math.min(...ids)).toBe(7);
    // The folder removed and made again: its ids start at 1 again.
    rmSync(root, { recursive: true, force: true });
    await ensureFolderLayout(root);
    expect(await claimFileId(root)).toBe(1);
  });
});
