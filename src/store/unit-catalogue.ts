import { DuckDBInstance } from "@duckdb/node-api";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { markedFileId } from "./merged-units.js";
import { sqlString } from "./sql-string.js";
import { unitPath } from "./store-folder.js";

/** The `file_id` of the published unit of a file with this SHA-256, if there is one. */
export async function publishedFileId(root: string, sha256: string): Promise<number | undefined> {
  const path = join(unitPath(root, sha256), "source_files.parquet");
  // A unit merged into a bigger one leaves a marker with its file id.
  if (!existsSync(path)) return markedFileId(root, sha256);
  const instance = await DuckDBInstance.create(":memory:", { threads: "1" });
  try {
    const connection = await instance.connect();
    try {
      const rows = (
        await connection.runAndReadAll(
          `SELECT file_id FROM read_parquet(${sqlString(path)}) LIMIT 1`,
        )
      ).getRowObjectsJson();
      return rows.length === 0 ? undefined : Number(rows[0]?.file_id);
    } finally {
      connection.disconnectSync();
    }
  } finally {
    instance.closeSync();
  }
}
