import type { DuckDBConnection } from "@duckdb/node-api";
import { DuckDBInstance } from "./duckdb-api.js";
import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { MERGED_MANIFEST, type MergedManifest } from "./merged-units.js";
import { sqlString } from "./sql-string.js";
import { folderPaths, newStagingDir, SCHEMA_UNIT, UNIT_TABLES } from "./store-folder.js";

/**
 * Order of a merged unit's tables. The others keep their units' order, units in file-id order (the
 * rows are read in the order listed, so no sort is needed); items and allowed amounts are sorted by
 * code across files, so a code's rows are in few row groups.
 */
const MERGED_ORDER: Partial<Record<(typeof UNIT_TABLES)[number], string>> = {
  rate_items: "billing_code, file_id, item_index",
  allowed_amounts: "billing_code, file_id, item_index, amount_index, payment_index, provider_index",
};

/** Writes one merged unit under `staging/` and publishes it into `merged/`. */
export async function writeMergedUnit(
  root: string,
  firstFileId: number,
  lastFileId: number,
  filesOf: (table: (typeof UNIT_TABLES)[number]) => string[],
  manifest: Omit<MergedManifest, "createdAt">,
): Promise<{ name: string; bytes: number }> {
  const paths = folderPaths(root);
  const name = `m-${String(firstFileId).padStart(9, "0")}-${String(lastFileId).padStart(9, "0")}-${Date.now().toString(36)}`;
  const staging = await newStagingDir(root);
  try {
    const dir = join(staging, name);
    await mkdir(dir);
    await withMergeDatabase(async (connection) => {
      await connection.run(`SET temp_directory = ${sqlString(join(staging, "spill"))}`);
      for (const table of UNIT_TABLES) {
        const files = filesOf(table);
        if (files.length === 0) continue;
        // The schema unit's empty table first: its column types are every unit's.
        const schema = join(paths.units, SCHEMA_UNIT, `${table}.parquet`);
        const list = [schema, ...files].map(sqlString).join(", ");
        const order = MERGED_ORDER[table];
        await connection.run(
          `COPY (SELECT * FROM read_parquet([${list}])${order === undefined ? "" : ` ORDER BY ${order}`})
           TO ${sqlString(join(dir, `${table}.parquet`))} (FORMAT parquet, COMPRESSION zstd)`,
        );
      }
    });
    const written: MergedManifest = { ...manifest, createdAt: new Date().toISOString() };
    await writeFile(join(dir, MERGED_MANIFEST), `${JSON.stringify(written, null, 1)}\n`);
    let bytes = 0;
    for (const file of await readdir(dir)) bytes += (await stat(join(dir, file))).size;
    await rename(dir, join(paths.merged, name));
    return { name, bytes };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Runs `work` on a fresh in-memory DuckDB (two threads, 256 MB, spilling where told). */
export async function withMergeDatabase<T>(
  work: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> {
  // A merge mostly streams (only items and allowed amounts are sorted, spilling under staging/):
  // a small limit keeps a `ratelens worker` that merges within its memory budget.
  const instance = await DuckDBInstance.create(":memory:", { threads: "2", memory_limit: "256MB" });
  try {
    const connection = await instance.connect();
    try {
      return await work(connection);
    } finally {
      connection.disconnectSync();
    }
  } finally {
    instance.closeSync();
  }
}
