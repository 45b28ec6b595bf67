/**
 * Hospital files that are not plain local files: a URL (http/https, gzip recognised by its bytes,
 * whatever the Content-Type), standard input (`-`) and entries of a `.zip` (local, downloaded or
 * piped). The hospital readers read a local file (the JSON reader twice over nothing, the CSV
 * reader line by line), so each such input is streamed once to a private temporary file, in
 * bounded memory, while its stored bytes are hashed; the load then records the original location
 * (`URL`, `-`, `archive.zip#entry`) and that hash. Inputs whose first bytes are not a hospital file
 * are handed back for the TiC ingest (stdin with its first bytes replayed).
 */
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { isHospitalFile } from "../../sources/hpt/detect-hospital-file.js";
import { readHead } from "../../sources/read-head.js";
import {
  isZipMagic,
  openInputs,
  type DownloadOptions,
  type InputUnit,
} from "../../sources/tic/open-input.js";

/** A hospital file ready to read: a local path, where it came from and the hash of its stored bytes. */
export interface SpooledHospitalFile {
  /** Where the bytes came from, as recorded: the URL, `-`, or `archive.zip#entry`. */
  location: string;
  /** A local copy of the (decompressed) bytes. */
  path: string;
  /** SHA-256 of the bytes as stored (the download, the piped bytes, the zip entry as compressed). */
  sha256: string;
}

export interface SpoolOptions {
  fetch?: typeof fetch;
  stdin?: NodeJS.ReadableStream;
  download?: DownloadOptions;
  /** Where the temporary copies go (default: a new folder under the OS temp folder). */
  tempDir?: string;
}

/** How many first bytes decide "hospital file or not" (as `readFirstBytes` reads of a local file). */
const HEAD_BYTES = 64 * 1024;

/** Thrown inside a unit's `consume` to stop reading an input that is not a hospital file. */
class NotHospital extends Error {}

/** A folder for one ingest's temporary copies; `remove` deletes it and all it holds. */
export async function spoolFolder(
  options: SpoolOptions,
): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(options.tempDir ?? tmpdir(), "ratelens-hospital-in-"));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Streams each unit of `location` (a URL, a zip, or a piped file saved under `dir`) whose first
 * bytes are a hospital file to a file under `dir`. Units that are not hospital files are left
 * unread past their first bytes and listed in `others`.
 */
export async function spoolHospitalUnits(
  location: string,
  dir: string,
  options: SpoolOptions,
  /** The name to record instead of `location` (a piped zip saved under `dir` is recorded as `-`). */
  recordAs = location,
): Promise<{ files: SpooledHospitalFile[]; others: string[] }> {
  const units = await openInputs(location, {
    cacheDir: dir,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
    ...(options.download === undefined ? {} : { download: options.download }),
  });
  const files: SpooledHospitalFile[] = [];
  const others: string[] = [];
  let serial = 0;
  try {
    for (const unit of units) {
      const path = join(dir, `input-${serial++}`);
      const spooled = await spoolUnit(unit, path);
      const name = recordAs + unit.location.slice(location.length);
      if (spooled === null) others.push(name);
      else files.push({ location: name, path, sha256: spooled });
    }
  } finally {
    for (const unit of units) unit.close?.();
  }
  return { files, others };
}

/** Copies one unit to `path` when its first bytes are a hospital file; returns its hash or null. */
async function spoolUnit(unit: InputUnit, path: string): Promise<string | null> {
  try {
    const stats = await unit.read(async (chunks) => {
      const { head, stream } = await readHead(chunks, HEAD_BYTES);
      if (!isHospitalFile(head)) throw new NotHospital();
      await pipeline(stream, createWriteStream(path));
    });
    return stats.sha256;
  } catch (error) {
    if (error instanceof NotHospital) return null;
    throw error;
  }
}

/**
 * Standard input's first bytes, and a stream that replays them followed by the rest: the ingest
 * can look at what is piped (hospital file, zip, TiC JSON) and still hand all of it on.
 */
export async function peekStream(
  source: NodeJS.ReadableStream,
): Promise<{ head: Buffer; stream: Readable }> {
  return readHead(source as AsyncIterable<Buffer | string>, HEAD_BYTES);
}

/** True when piped bytes that start with `head` should be read as hospital files (or a zip of them). */
export function mayBeHospitalStream(head: Buffer): boolean {
  return isHospitalFile(head) || isZipMagic(head);
}
