import { DuckDBInstance } from "./duckdb-api.js";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { markedFileId } from "./merged-units.js";
import { sqlString } from "./sql-string.js";
import { unitPath } from "./store-folder.js";

/** The `file_id` of the published unit of a file with this SHA-256, if there is one. */
export async function publishedFileId(root: string, sha256: string): Promise<number | undefined> {
  return (await publishedFile(root, sha256))?.fileId;
}

/**
 * The published file with this SHA-256: its id, and its kind while its unit is its own (indexes
 * always are: compaction leaves them, so a local index loaded again is still read for its list).
 */
export async function publishedFile(
  root: string,
  sha256: string,
): Promise<{ fileId: number; kind: string | undefined } | undefined> {
  const path = join(unitPath(root, sha256), "source_files.parquet");
  // A unit merged into a bigger one leaves a marker with its file id.
  if (!existsSync(path)) {
    const fileId = await markedFileId(root, sha256);
    return fileId === undefined ? undefined : { fileId, kind: undefined };
  }
  const instance = await DuckDBInstance.create(":memory:", { threads: "1" });
  try {
    const connection = await instance.connect();
    try {
      const rows = (
        await connection.runAndReadAll(
          `SELECT file_id, file_kind FROM read_parquet(${sqlString(path)}) LIMIT 1`,
        )
      ).getRowObjectsJson();
      const row = rows[0];
      if (row === undefined) return undefined;
      return {
        fileId: Number(row.file_id),
        kind: typeof row.file_kind === "string" ? row.file_kind : undefined,
      };
    } finally {
      connection.disconnectSync();
    }
  } finally {
    instance.closeSync();
  }
}
