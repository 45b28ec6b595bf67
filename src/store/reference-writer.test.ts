import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoreBusyError } from "../errors.js";
import { importReferenceFile } from "../ingest/import-reference.js";
import { withReferenceStore, writeReference } from "./reference-writer.js";
import { Store } from "./store.js";

describe("reference imports into a store folder", () => {
  let dir: string;
  let root: string;
  let mue: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ratelens-ref-"));
    root = join(dir, "test.store");
    mue = join(dir, "mue.csv");
    writeFileSync(
      mue,
      "HCPCS/CPT Code,Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale\n64493,2,2 Date of Service Edit: Policy,CMS Policy\n",
    );
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("a running reader sees an import once it is published, without reopening", async () => {
    const reader = await Store.open(root);
    try {
      const count = async (): Promise<unknown> =>
        reader.withConnection(
          async (c) =>
            (
              await c.runAndReadAll("SELECT count(*)::INTEGER AS n FROM ref_ncci_mue")
            ).getRowObjectsJson()[0]?.n,
        );
      expect(await count()).toBe(0);
      await writeReference(reader, (target) =>
        importReferenceFile(target, "ncci-mue", [mue], { edition: "2099-01-01" }),
      );
      expect(await count()).toBe(1);
    } finally {
      reader.close();
    }
  });

  it("a second import while one runs: StoreBusyError naming the importing process", async () => {
    const error = await withReferenceStore(root, () =>
      withReferenceStore(root, () => Promise.resolve(1)),
    ).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(StoreBusyError);
    expect((error as Error).message).toContain(`process ${process.pid}`);
  });
});
