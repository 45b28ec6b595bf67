/**
 * The written publications in a directory (`<code>.json`, as `writePublication` leaves them),
 * read back for the served index and pages. Files that are not publications are ignored.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "../errors.js";
import { PUBLICATION_SCHEMA, type Publication } from "../present/report/publication-types.js";

function isPublication(value: unknown): value is Publication {
  return typeof value === "object" && value !== null && (value as { schema?: unknown }).schema === PUBLICATION_SCHEMA;
}

/** Every publication in `dir`, by code; an empty list when the directory does not exist. */
export async function readPublications(dir: string): Promise<Publication[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const publications: Publication[] = [];
  for (const name of names.filter((entry) => /^[A-Z0-9]{5}\.json$/.test(entry)).sort()) {
    const publication = await readPublication(dir, name.slice(0, 5));
    if (publication !== null) publications.push(publication);
  }
  return publications;
}

/** The publication for `code` in `dir`, or null when none was written. */
export async function readPublication(dir: string, code: string): Promise<Publication | null> {
  const path = join(dir, `${code}.json`);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(path, { jsonPath: "$" }, "is not valid JSON", { cause: error });
  }
  return isPublication(value) ? value : null;
}
