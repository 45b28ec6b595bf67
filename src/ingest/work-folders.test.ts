import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureStoreFolder } from "../store/folder-views.js";
import { giveBackWorkFolder, takeWorkFolder } from "./work-folders.js";

describe("work folders: staging kept from one file to the next by a process", () => {
  let dir: string;
  let root: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "ratelens-work-"));
    root = join(dir, "test.store");
    await ensureStoreFolder(root);
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives the same folder to the next file, another to a load running beside it", async () => {
    const first = await takeWorkFolder(root);
    const beside = await takeWorkFolder(root);
    expect(beside.csv).not.toBe(first.csv);
    writeFileSync(join(first.csv, "groups-0.csv"), "0,a\n");
    mkdirSync(first.spill);
    await giveBackWorkFolder(root, first);
    expect(existsSync(first.spill)).toBe(false); // what a database spilled is not kept
    const next = await takeWorkFolder(root);
    expect(next).toEqual(first);
    expect(readdirSync(next.csv)).toEqual(["groups-0.csv"]);
    await giveBackWorkFolder(root, next);
    await giveBackWorkFolder(root, beside);
  });

  it("makes a new folder when the store folder was removed and made again", async () => {
    const first = await takeWorkFolder(root);
    await giveBackWorkFolder(root, first);
    rmSync(root, { recursive: true, force: true });
    await ensureStoreFolder(root);
    const again = await takeWorkFolder(root);
    expect(existsSync(again.csv)).toBe(true);
    await giveBackWorkFolder(root, again);
  });

  it("removes its folders when the process exits", () => {
    // The compiled module (`npm test` builds before it runs the tests), in a process of its own.
    const compiled = new URL("../../dist/src/ingest/work-folders.js", import.meta.url).href;
    const script = `
      import { takeWorkFolder } from ${JSON.stringify(compiled)};
      const folder = await takeWorkFolder(${JSON.stringify(root)});
      console.log(folder.csv);
    `;
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      encoding: "utf8",
    });
    expect(child.stderr).toBe("");
    const csv = child.stdout.trim();
    expect(csv.startsWith(join(root, "staging"))).toBe(true);
    expect(existsSync(csv)).toBe(false);
    expect(readdirSync(join(root, "staging"))).toEqual([]);
  });
});
