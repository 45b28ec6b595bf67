import { copyFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { StoreBusyError } from "../errors.js";
import { ensureStoreFolder } from "./folder-views.js";
import { takePidLock } from "./pid-lock-file.js";
import { Store } from "./store.js";
import { folderPaths, newStagingDir } from "./store-folder.js";

/**
 * Runs `work` (an import of reference or provider data) on a copy of a store folder's reference
 * database, then publishes the copy by one rename: readers keep the database they attached until
 * they notice the new one, never see half an import, and never hold a lock an import needs. One
 * import at a time per store (`reference.lock`); a second is refused with what holds it.
 */
export async function withReferenceStore<T>(
  root: string,
  work: (store: Store) => Promise<T>,
): Promise<T> {
  await ensureStoreFolder(root);
  const paths = folderPaths(root);
  const lock = join(paths.root, "reference.lock");
  await takeLock(lock, root);
  const staging = await newStagingDir(root);
  try {
    const copy = join(staging, "reference.duckdb");
    await copyFile(paths.reference, copy);
    const store = await Store.open(copy);
    let result: T;
    try {
      result = await work(store);
    } finally {
      store.close();
    }
    await rename(copy, paths.reference);
    return result;
  } finally {
    await rm(staging, { recursive: true, force: true });
    await rm(lock, { force: true });
  }
}

async function takeLock(lock: string, root: string): Promise<void> {
  const held = await takePidLock(lock);
  if (held === undefined) return;
  throw new StoreBusyError(
    held.heldBy > 0
      ? `the reference data of ${root} is being imported by process ${held.heldBy}: wait for that import to finish, then run this one again`
      : `cannot take ${lock}: another import keeps taking it; try again`,
  );
}

/**
 * Runs a reference or provider import against `store`: on a store folder through
 * `withReferenceStore` (a copy published by rename), on a single-file store directly.
 */
export async function writeReference<T>(
  store: Store,
  work: (target: Store) => Promise<T>,
): Promise<T> {
  return store.folder === undefined ? work(store) : withReferenceStore(store.folder, work);
}
