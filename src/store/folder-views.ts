import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { link, rm } from "node:fs/promises";
import { join } from "node:path";
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
 * `read_parquet` of every published unit, `rates` over those as in a single-file store, and each
 * reference and provider table a view into the reference database, attached read-only as `ref`.
 */
export async function defineFolderViews(connection: DuckDBConnection, root: string): Promise<void> {
  await attachReference(connection, root);
  for (const table of UNIT_TABLES) {
    await connection.run(
      `CREATE OR REPLACE VIEW ${table} AS SELECT * FROM read_parquet(${sqlString(unitGlob(root, table))})`,
    );
  }
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

/** (Re-)attaches the current reference database read-only as `ref`. */
export async function attachReference(connection: DuckDBConnection, root: string): Promise<void> {
  const attached = (
    await connection.runAndReadAll("SELECT 1 FROM duckdb_databases() WHERE database_name = 'ref'")
  ).getRowObjectsJson();
  if (attached.length > 0) await connection.run("DETACH ref");
  await connection.run(`ATTACH ${sqlString(folderPaths(root).reference)} AS ref (READ_ONLY)`);
}
