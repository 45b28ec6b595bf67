import type { DuckDBConnection } from "@duckdb/node-api";
import { DuckDBInstance } from "./duckdb-api.js";
import { link, rm } from "node:fs/promises";
import { join } from "node:path";
import { type MergedLayout } from "./merged-units.js";
import { ensureSchema } from "./schema.js";
import { sqlString } from "./sql-string.js";
import {
  ensureFolderLayout,
  folderPaths,
  hasSchemaUnit,
  newStagingDir,
  publishUnit,
  SCHEMA_UNIT,
  UNIT_TABLES,
  unitGlob,
  writeUnitFiles,
} from "./store-folder.js";
import { TIC_TABLES } from "./tic-tables.js";
import { existsSync } from "node:fs";

/** The `rates` view's DDL (the same contract in both kinds of store). */
const RATES_VIEW = TIC_TABLES.find((statement) => statement.includes("VIEW rates"))!;

/**
 * Makes a store folder usable: its layout, the schema unit (empty Parquet tables) and an empty
 * reference database, each created once, atomically, whichever process comes first.
 */
export async function ensureStoreFolder(root: string): Promise<void> {
  await ensureFolderLayout(root);
  const paths = folderPaths(root);
  if (hasSchemaUnit(root) && existsSync(paths.reference)) return;
  const staging = await newStagingDir(root);
  try {
    const scratchPath = join(staging, "schema.duckdb");
    const instance = await DuckDBInstance.create(scratchPath);
    try {
      const connection = await instance.connect();
      try {
        await ensureSchema(connection);
        if (!hasSchemaUnit(root)) {
          await writeUnitFiles(connection, join(staging, "unit"));
          await publishUnit(root, join(staging, "unit"), SCHEMA_UNIT);
        }
        await connection.run("CHECKPOINT");
      } finally {
        connection.disconnectSync();
      }
    } finally {
      instance.closeSync();
    }
    if (!existsSync(paths.reference)) {
      // link() refuses to replace: the first process's empty reference database wins.
      await link(scratchPath, paths.reference).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      });
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Defines the reader's view of a store folder on an in-memory DuckDB: each TiC table a view over
 * `read_parquet` of every published unit and merged unit (`defineUnitViews`), `rates` over those as
 * in a single-file store, and each reference and provider table a view into the reference
 * database, attached read-only as `ref`.
 */
export async function defineFolderViews(
  connection: DuckDBConnection,
  root: string,
  layout: MergedLayout,
): Promise<void> {
  await attachReference(connection, root);
  await defineUnitViews(connection, root, layout);
  await connection.run(RATES_VIEW);
  const tables = (
    await connection.runAndReadAll(
      "SELECT table_name FROM duckdb_tables() WHERE database_name = 'ref' AND schema_name = 'main' ORDER BY 1",
    )
  ).getRowObjectsJson();
  // The reference database's own views too (e.g. hospital_charge_codes over the hospital tables).
  const views = (
    await connection.runAndReadAll(
      "SELECT view_name AS table_name FROM duckdb_views() WHERE database_name = 'ref' AND schema_name = 'main' AND NOT internal ORDER BY 1",
    )
  ).getRowObjectsJson();
  for (const row of [...tables, ...views]) {
    const name = typeof row.table_name === "string" ? row.table_name : "";
    if ((UNIT_TABLES as readonly string[]).includes(name) || name === "rates") continue;
    await connection.run(`CREATE OR REPLACE VIEW "${name}" AS SELECT * FROM ref.main."${name}"`);
  }
}

/**
 * One view per TiC table: the units' glob (expanded at each query: a running reader sees new units)
 * and the merged units' files, listed (`merged-units.ts`), without the units a merged unit replaces
 * while their files are still there.
 */
export async function defineUnitViews(
  connection: DuckDBConnection,
  root: string,
  layout: MergedLayout,
): Promise<void> {
  // By folder, on DuckDB's file-name column: files left out so are never opened (pruned before).
  const excluded =
    layout.excludedUnits.length === 0
      ? undefined
      : `parse_dirpath(filename) NOT IN (${layout.excludedUnits.map(sqlString).join(", ")})`;
  for (const table of UNIT_TABLES) {
    // One scan of a list (the glob, then the merged files): a UNION ALL of two scans made the
    // `rates` joins 4-5 times slower (75-90 against 17 ms for a code's rates over 500 files).
    const sources = [unitGlob(root, table), ...(layout.files.get(table) ?? [])];
    const list = `[${sources.map(sqlString).join(", ")}]`;
    const units =
      excluded === undefined
        ? `SELECT * FROM read_parquet(${list})`
        : `SELECT * EXCLUDE (filename) FROM read_parquet(${list}, filename = true) WHERE ${excluded}`;
    await connection.run(`CREATE OR REPLACE VIEW ${table} AS ${units}`);
  }
}

/** (Re-)attaches the current reference database read-only as `ref`. */
export async function attachReference(connection: DuckDBConnection, root: string): Promise<void> {
  const attached = (
    await connection.runAndReadAll("SELECT 1 FROM duckdb_databases() WHERE database_name = 'ref'")
  ).getRowObjectsJson();
  if (attached.length > 0) await connection.run("DETACH ref");
  await connection.run(`ATTACH ${sqlString(folderPaths(root).reference)} AS ref (READ_ONLY)`);
}
