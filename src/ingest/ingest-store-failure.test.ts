import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { StoreError } from "../errors.js";
import { Store } from "../store/store.js";
import { ingestFiles } from "./ingest.js";

const CAREFIRST = resolve(import.meta.dirname, "../../data/tic/carefirst-in-network-2022.json.gz");

describe("a store that fails midway", () => {
  it("store failure (out of memory): a StoreError naming the file, byte offset and JSON path, once", async () => {
    const store = await Store.open(":memory:", { memoryLimit: "8MB", threads: 1 });
    try {
      const error = await ingestFiles(store, [CAREFIRST], {
        offline: true,
        cacheDir: join(tmpdir(), "ratelens-test-cache-oom"),
        workers: 0,
      }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(StoreError);
      const message = (error as StoreError).message;
      expect(message).toContain(CAREFIRST);
      expect(message).toMatch(/ \(byte \d+, \$[^)]*\): /);
      expect(message).toMatch(/could not take the file: .*[Mm]emory/);
    } finally {
      store.close();
    }
  });
});
