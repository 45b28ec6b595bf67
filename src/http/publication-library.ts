/**
 * The written publications in a directory (`<code>.json`, as `writePublication` leaves them),
 * read back for the served index and pages. Files that are not publications are ignored.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "../errors.js";
import { viewSuffix, type DataViewKind } from "../present/report/data-view.js";
import { PUBLICATION_SCHEMA, type Publication } from "../present/report/publication-types.js";

function isPublication(value: unknown): value is Publication {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { schema?: unknown }).schema === PUBLICATION_SCHEMA
  );
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

/**
 * Parsed publications by path, kept while the file's modification time and size are unchanged: the
 * index page reads every publication on each request, and a stat is much cheaper than a parse.
 */
const parsed = new Map<
  string,
  { mtimeMs: number; size: number; publication: Publication | null }
>();

/**
 * The publication for `code` in `dir`, or null when none was written. A data view other than the
 * default is the file `writePublication` wrote beside it (`<code>-including-synthetic.json`); when
 * it was not written (there is no such view), the default page answers, and its note says why.
 */
export async function readPublication(
  dir: string,
  code: string,
  view?: DataViewKind,
): Promise<Publication | null> {
  if (view !== undefined) {
    const other = await readPublicationFile(
      join(dir, `${code}${viewSuffix(view, "real-only")}.json`),
    );
    if (other !== null) return other;
  }
  return readPublicationFile(join(dir, `${code}.json`));
}

async function readPublicationFile(path: string): Promise<Publication | null> {
  let text: string;
  let mtimeMs: number;
  let size: number;
  try {
    ({ mtimeMs, size } = await stat(path));
    const known = parsed.get(path);
    if (known !== undefined && known.mtimeMs === mtimeMs && known.size === size) {
      return known.publication;
    }
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      parsed.delete(path);
      return null;
    }
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(path, { jsonPath: "$" }, "is not valid JSON", { cause: error });
  }
  const publication = isPublication(value) ? value : null;
  parsed.set(path, { mtimeMs, size, publication });
  return publication;
}
