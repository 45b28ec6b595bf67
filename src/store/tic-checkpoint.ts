import type { Store } from "./store.js";

/**
 * Runs `work` (the load transaction of one TiC file) with DuckDB's checkpoint vacuum off, then
 * checkpoints and restores the setting.
 *
 * Why: the parallel `INSERT … SELECT` loads write their rows straight to blocks, but each load ends
 * with a partly filled row group per thread. At the next checkpoint (on close, usually) DuckDB's
 * vacuum merges those neighbours, i.e. rewrites and recompresses ~40 % of what was just loaded:
 * measured 2.9 CPU-s per 2.3 M rate rows (~12 CPU-s per GB of unfiltered input, a fifth of the
 * whole ingest) against 0.08 s without it. The price is row groups ~75 % full on average instead of
 * ~95 %; scans and aggregates do not care. `max_vacuum_tasks` is an instance-wide setting, hence
 * the restore; a checkpoint refused because another transaction is active is simply left to DuckDB.
 * An in-memory database has nothing to checkpoint: `work` alone runs.
 */
export async function loadWithoutVacuum<T>(store: Store, work: () => Promise<T>): Promise<T> {
  if (store.path === ":memory:") return work();
  const previous = await store.withConnection(async (connection) => {
    const rows = (
      await connection.runAndReadAll("SELECT current_setting('max_vacuum_tasks')::INTEGER AS tasks")
    ).getRowObjectsJson();
    await connection.run("SET max_vacuum_tasks = 0");
    return Number(rows[0]?.tasks);
  });
  try {
    return await work();
  } finally {
    await store.withConnection(async (connection) => {
      try {
        await connection.run("CHECKPOINT");
      } catch {
        // Another transaction is running: DuckDB checkpoints later on its own (with the vacuum).
      }
      if (Number.isInteger(previous) && previous >= 0) {
        await connection.run(`SET max_vacuum_tasks = ${previous}`);
      }
    });
  }
}
