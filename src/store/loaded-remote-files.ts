import type { Store } from "./store.js";

/** A file of the store that was downloaded from a URL. */
export interface LoadedRemoteFile {
  readonly fileId: number;
  /** Its size as it was downloaded. */
  readonly sizeBytes: number;
  /** When it was loaded (ms since the epoch). */
  readonly loadedAt: number;
}

/**
 * The store's files downloaded from a URL, by URL (the latest load of each). An index run again
 * skips them without a download when the server says they have not changed since
 * (`probeRemoteFile`).
 */
export async function loadedRemoteFiles(store: Store): Promise<Map<string, LoadedRemoteFile>> {
  const found = new Map<string, LoadedRemoteFile>();
  const rows = await store.withConnection(async (connection) => {
    const result = await connection.runAndReadAll(
      `SELECT location, max(file_id)::INTEGER AS file_id,
              max_by(size_bytes, file_id)::DOUBLE AS size_bytes,
              max_by(epoch_ms(ingested_at::TIMESTAMPTZ), file_id)::DOUBLE AS loaded_at
         FROM source_files
        WHERE location LIKE 'http://%' OR location LIKE 'https://%'
        GROUP BY location`,
    );
    return result.getRowObjectsJson();
  });
  for (const row of rows) {
    if (typeof row.location !== "string") continue;
    found.set(row.location, {
      fileId: Number(row.file_id),
      sizeBytes: Number(row.size_bytes),
      loadedAt: Number(row.loaded_at),
    });
  }
  return found;
}
