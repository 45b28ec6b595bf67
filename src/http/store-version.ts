/**
 * The store's version for the result cache: it changes whenever a file is loaded. Kept behind this
 * one function so the source can change (per-file store units) without touching the cache.
 */
import type { Store } from "../store/store.js";
import { folderVersion } from "../store/store-folder.js";

/** How the cache learns the current store version. */
export type StoreVersion = () => Promise<string>;

/**
 * A store folder: its units folder and reference database stamps (two `stat`s; counting
 * `source_files` would read one Parquet file per loaded file). A single-file store: the count of
 * loaded files and the latest load time, both of which move when an ingest commits a file.
 */
export function storeVersion(store: Store): StoreVersion {
  const folder = store.folder;
  if (folder !== undefined) return () => folderVersion(folder);
  return () =>
    store.withConnection(async (connection) => {
      const reader = await connection.runAndReadAll(
        "SELECT count(*)::VARCHAR || '@' || coalesce(max(ingested_at)::VARCHAR, '') AS v FROM source_files",
      );
      const version = reader.getRowObjectsJson()[0]?.v;
      return typeof version === "string" ? version : "";
    });
}

/**
 * Asks `version` at most once per `ms` (sharing the answer in between): under load a store query
 * per request would cost more than the cached answer it guards. A file loaded while the server
 * runs is seen within `ms`.
 */
export function throttledVersion(version: StoreVersion, ms = 250): StoreVersion {
  let last: { at: number; value: Promise<string> } | undefined;
  return () => {
    const now = performance.now();
    if (last === undefined || now - last.at >= ms) {
      last = { at: now, value: version() };
      // A failed query is not reused: the next request asks again.
      last.value.catch(() => (last = undefined));
    }
    return last.value;
  };
}
