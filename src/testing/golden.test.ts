import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { goldenPath, inCi, readGolden } from "./golden.js";

describe("readGolden", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "ratelens-golden-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("returns the stored golden, even when it differs from the output", async () => {
    const path = join(dir, "out.txt");
    await writeFile(path, "expected\n");
    expect(await readGolden(path, "changed\n", {})).toBe("expected\n");
    expect(await readFile(path, "utf8")).toBe("expected\n");
  });

  it("fails on a missing golden instead of writing it, locally and in CI", async () => {
    const path = join(dir, "missing.txt");
    await expect(readGolden(path, "x", {})).rejects.toThrow(/missing\.txt is missing/);
    await expect(readGolden(path, "x", { CI: "true" })).rejects.toThrow(/is missing/);
  });

  it("rewrites the golden with UPDATE_GOLDEN=1 outside CI only", async () => {
    const path = join(dir, "golden", "out.txt");
    await expect(readGolden(path, "new\n", { UPDATE_GOLDEN: "1", CI: "true" })).rejects.toThrow(
      /is missing/,
    );
    expect(await readGolden(path, "new\n", { UPDATE_GOLDEN: "1" })).toBe("new\n");
    expect(await readFile(path, "utf8")).toBe("new\n");
    await writeFile(path, "reviewed\n");
    expect(await readGolden(path, "other\n", { UPDATE_GOLDEN: "1", CI: "1" })).toBe("reviewed\n");
  });

  it("knows CI from the CI variable and finds goldens beside the test", () => {
    expect([inCi({}), inCi({ CI: "false" }), inCi({ CI: "true" }), inCi({ CI: "1" })]).toEqual([
      false,
      false,
      true,
      true,
    ]);
    expect(goldenPath("file:///repo/src/cli/x.test.ts", "a.txt")).toBe(
      "/repo/src/cli/golden/a.txt",
    );
  });
});
