/**
 * Merged units as readers see them. A compaction (`compact-units.ts`) writes many small units' rows
 * into one merged unit, `merged/<name>/<table>.parquet` with a `merged.json` manifest naming the
 * units it replaces, publishes it by one rename, marks each replaced unit in `replaced/<sha256>` (so
 * a file is still loaded once by SHA-256), then removes them.
 *
 * Readers list the merged units and read them through an explicit list of files, not a glob: a
 * reader whose views were made before a merged unit was published never sees it, and a reader whose
 * views list it leaves out the units it replaces for as long as their files are still there
 * (`excludedUnits`: by folder, so their files are not even opened, and a compaction may remove them
 * while the reader runs). Either way every file's rows are counted once.
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { StoreError } from "../errors.js";
import { folderPaths, UNIT_TABLES } from "./store-folder.js";

/** A merged unit's manifest file. */
export const MERGED_MANIFEST = "merged.json";

/** One unit a merged unit replaces. */
export interface ReplacedUnit {
  /** The unit's folder name under `units/` (the file's SHA-256). */
  readonly unit: string;
  readonly fileId: number;
}

/** `merged/<name>/merged.json`. */
export interface MergedManifest {
  /** Every unit whose rows it holds (those of the merged units it supersedes included). */
  readonly replaces: readonly ReplacedUnit[];
  /** Merged units whose rows it holds (merged again into a bigger one): readers leave them out. */
  readonly supersedes?: readonly string[];
  readonly createdAt: string;
}

/** A merged unit being removed is renamed with this prefix first: readers skip such names. */
export const REMOVING_PREFIX = ".removing-";

/** What a reader's views need: each table's merged files, and the unit folders to leave out. */
export interface MergedLayout {
  readonly files: ReadonlyMap<string, readonly string[]>;
  /** Folders (full paths) of replaced units whose files are still there. */
  readonly excludedUnits: readonly string[];
  /** Equal keys, same views. */
  readonly key: string;
}

/** A merged unit's files per table and manifest: immutable once published, so read once per process. */
const mergedCache = new Map<string, { files: Map<string, string[]>; manifest: MergedManifest }>();

/** The merged units of a store folder (by name order), each with its manifest and files. */
export async function readMergedUnits(
  root: string,
): Promise<{ name: string; manifest: MergedManifest; files: Map<string, string[]> }[]> {
  const dir = folderPaths(root).merged;
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch {
    return []; // a store folder of an earlier release: no merged units yet
  }
  const units = [];
  for (const name of names) {
    if (name.startsWith(".")) continue; // being written or removed
    const path = join(dir, name);
    let cached = mergedCache.get(path);
    if (cached === undefined) {
      let manifest: MergedManifest;
      try {
        manifest = await readManifest(join(path, MERGED_MANIFEST));
      } catch (error) {
        if (!existsSync(path)) continue; // superseded and removed meanwhile
        throw error;
      }
      const present = new Set(await readdir(path));
      const files = new Map<string, string[]>();
      for (const table of UNIT_TABLES) {
        if (present.has(`${table}.parquet`)) files.set(table, [join(path, `${table}.parquet`)]);
      }
      cached = { files, manifest };
      mergedCache.set(path, cached);
    }
    units.push({ name, ...cached });
  }
  return units;
}

/** True when a replaced unit's rows are still in `units/` (its files not yet removed). */
export function unitStillHasRows(root: string, unit: string): boolean {
  return existsSync(join(folderPaths(root).units, unit, "source_files.parquet"));
}

/** The merged units readers read: those no other merged unit supersedes. */
export function activeMergedUnits<T extends { name: string; manifest: MergedManifest }>(
  units: readonly T[],
): T[] {
  const superseded = new Set(units.flatMap((unit) => unit.manifest.supersedes ?? []));
  return units.filter((unit) => !superseded.has(unit.name));
}

/** The layout a reader's views are made from (see the module comment). */
export async function readMergedLayout(root: string): Promise<MergedLayout> {
  const units = activeMergedUnits(await readMergedUnits(root));
  const files = new Map<string, string[]>();
  const excluded: string[] = [];
  for (const unit of units) {
    for (const [table, paths] of unit.files) {
      files.set(table, [...(files.get(table) ?? []), ...paths]);
    }
    for (const replaced of unit.manifest.replaces) {
      if (unitStillHasRows(root, replaced.unit)) {
        excluded.push(join(folderPaths(root).units, replaced.unit));
      }
    }
  }
  excluded.sort();
  return {
    files,
    excludedUnits: excluded,
    key: `${units.map((unit) => unit.name).join(",")}|${excluded.join(",")}`,
  };
}

async function readManifest(path: string): Promise<MergedManifest> {
  try {
    const manifest = JSON.parse(await readFile(path, "utf8")) as Partial<MergedManifest>;
    if (
      !Array.isArray(manifest.replaces) ||
      typeof manifest.createdAt !== "string" ||
      !(manifest.supersedes === undefined || Array.isArray(manifest.supersedes))
    ) {
      throw new Error("no replaces list or createdAt");
    }
    return manifest as MergedManifest;
  } catch (error) {
    throw new StoreError(
      `${path}: not a merged unit's manifest (${error instanceof Error ? error.message : String(error)}); ` +
        "a folder under merged/ is written only by ratelens compact: remove what was put there by hand",
      { cause: error },
    );
  }
}

/** The path of the marker of a replaced unit (`replaced/<sha256>`). */
export function replacedMarker(root: string, unit: string): string {
  return join(folderPaths(root).replaced, unit);
}

/** The file id a replaced unit's marker records, or undefined when `unit` was not replaced. */
export async function markedFileId(root: string, unit: string): Promise<number | undefined> {
  const marker = replacedMarker(root, unit);
  let text: string;
  try {
    text = await readFile(marker, "utf8");
  } catch {
    return undefined;
  }
  try {
    const fileId = (JSON.parse(text) as { fileId?: unknown }).fileId;
    return typeof fileId === "number" ? fileId : undefined;
  } catch (error) {
    throw new StoreError(`${marker}: not a replaced-unit marker (${String(error)})`, {
      cause: error,
    });
  }
}
