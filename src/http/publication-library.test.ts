import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { PUBLICATION_SCHEMA } from "../present/report/publication-types.js";
import { readPublication, readPublications } from "./publication-library.js";

describe("readPublication / readPublications", () => {
  it("reads written publications, sees a rewritten one, forgets a removed one, ignores other files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ratelens-publications-"));
    onTestFinished(() => {
      rmSync(dir, { recursive: true, force: true });
    });
    const path = join(dir, "64491.json");
    writeFileSync(path, JSON.stringify({ schema: PUBLICATION_SCHEMA, note: "first" }));
    writeFileSync(join(dir, "64490.json"), JSON.stringify({ schema: "something else" }));
    writeFileSync(join(dir, "notes.json"), "{}");
    expect(await readPublication(dir, "64491")).toMatchObject({ note: "first" });
    expect(await readPublication(dir, "64491")).toMatchObject({ note: "first" }); // from the cache
    writeFileSync(path, JSON.stringify({ schema: PUBLICATION_SCHEMA, note: "rewritten later" }));
    expect(await readPublication(dir, "64491")).toMatchObject({ note: "rewritten later" });
    expect((await readPublications(dir)).length).toBe(1);
    rmSync(path);
    expect(await readPublication(dir, "64491")).toBeNull();
    expect(await readPublications(join(dir, "missing"))).toEqual([]);
  });
});
