/**
 * The store's version for the result cache: it changes whenever a file is loaded. Kept behind this
 * one function so the source can change (per-file store units) without touching the cache.
 */
import type { Store } from "../store/store.js";

/** How the cache learns the current store version. */
export type StoreVersion = () => Promise<string>;

/** Count of loaded files and the latest load time: both move when an ingest commits a file. */
export function storeVersion(store: Store): StoreVersion {
  return () =>
    store.withConnection(async (connection) => {
      const reader = await connection.runAndReadAll("SELECT count(*)::VARCHAR || '@' || coalesce(max(ingested_at)::VARCHAR, '') AS v FROM source_files");
      const version = reader.getRowObjectsJson()[0]?.v;
      return typeof version === "string" ? version : "";
    });
}
