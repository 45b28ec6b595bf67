import { existsSync } from "node:fs";
import { loadBundledReferenceData, loadReferenceData } from "./load-reference-data.js";
import type { ReferenceData } from "./reference-types.js";

/**
 * Reference data for a command: the store at `path` when that file exists (imported tables over
 * the bundled ones), else the bundled files alone, so read-only commands never create an empty
 * database as a side effect.
 */
export async function loadReferenceDataAt(path: string): Promise<ReferenceData> {
  if (path === ":memory:" || !existsSync(path)) return loadBundledReferenceData();
  // Loaded only when there is a store to read: the DuckDB bindings cost ~36 MB of RSS, which a
  // million-claim check over the bundled files should not carry (docs/benchmarks.md).
  const { Store } = await import("../../store/store.js");
  const store = await Store.open(path);
  try {
    return await loadReferenceData(store);
  } finally {
    store.close();
  }
}
