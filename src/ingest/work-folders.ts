import { existsSync, rmSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { newStagingDir } from "../store/store-folder.js";

/**
 * Folders under a store's `staging/` where a process stages a file's CSV lines (`csv/`) and its
 * scratch database spills (`spill/`), kept from one file to the next: one per load in progress,
 * taken and given back. The staged CSV files keep their names from file to file and are written
 * again in place, so a file's load creates and deletes nothing but its unit. A folder per file
 * created and removed ~6 files and folders per file; on the ext4 disk here the kernel's search
 * for free inodes among recently deleted ones (`find_inode_bit`) then took ~1 CPU-s of the
 * 100-file synthetic payer's ~14.
 *
 * Removed when the process exits; a process killed before leaves them to the next load on this
 * host (`removeAbandonedStaging`: their names carry the process id).
 */
export interface WorkFolder {
  readonly csv: string;
  readonly spill: string;
}

const idle = new Map<string, WorkFolder[]>();
const made = new Set<string>();

/** A work folder of this process in the store folder `root` (an idle one, or a new one). */
export async function takeWorkFolder(root: string): Promise<WorkFolder> {
  const kept = idle.get(root)?.pop();
  if (kept !== undefined && existsSync(kept.csv)) return kept;
  if (made.size === 0) process.once("exit", removeWorkFolders);
  const dir = await newStagingDir(root);
  made.add(dir);
  const folder = { csv: join(dir, "csv"), spill: join(dir, "spill") };
  await mkdir(folder.csv, { recursive: true });
  return folder;
}

/**
 * Gives a folder back for the next file, without what its database spilled (a database that
 * spilled is closed: `ScratchDatabase`).
 */
export async function giveBackWorkFolder(root: string, folder: WorkFolder): Promise<void> {
  if (existsSync(folder.spill)) await rm(folder.spill, { recursive: true, force: true });
  const list = idle.get(root) ?? [];
  list.push(folder);
  idle.set(root, list);
}

function removeWorkFolders(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
}
