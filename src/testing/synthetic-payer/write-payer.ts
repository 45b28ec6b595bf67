/**
 * Writes a SYNTHETIC payer's files into a folder once, with a manifest of what each holds.
 *
 * Written once rather than generated per request: on a 2-core machine the server must not spend
 * the CPU the measured ingest needs (generating and gzipping costs more than parsing), every
 * response needs its Content-Length and SHA-256 up front (HEAD, ranges, dedup by hash), and a
 * retried GET must get the same bytes. A file is rewritten only when its plan changes, so a
 * benchmark reuses its gigabytes across runs on random ports. Files that name the server's own URL
 * (remote provider references) are written per origin, in a folder of their own
 * (`origins/127.0.0.1-PORT/`): two servers on one folder (a benchmark beside a running `--serve`)
 * once rewrote each other's files mid-serve, and the first then promised more bytes than the file
 * held (its client waited for the missing byte until the socket timed out).
 */
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { connect } from "node:net";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import {
  allowedAmountsContent,
  emptyFileCounts,
  inNetworkContent,
  REFERENCE_POOL,
  referenceContent,
  type FileCounts,
} from "./payer-content.js";
import { writeAtomically } from "../../present/report/write-atomically.js";
import type { PayerPlan, PlannedFile } from "./payer-plan.js";

/** A written file: its plan, its bytes on disk and what a correct ingest stores from it. */
export interface WrittenFile extends PlannedFile, FileCounts {
  /** Where it is, relative to the payer's folder (`files/NAME` or `origins/…/files/NAME`). */
  readonly path: string;
  /** Bytes as served when whole (compressed if gzip). */
  readonly bytes: number;
  readonly sha256: string;
}

/** What the folder holds. */
export interface PayerManifest {
  readonly files: readonly WrittenFile[];
}

interface CacheEntry {
  readonly key: string;
  /** As written.json holds it: without a path when an earlier version wrote it. */
  readonly file: Omit<WrittenFile, "path"> & { readonly path?: string };
}

/** Writes (or reuses) every file of `plan` into `dir` for a server at `origin`. */
export async function writePayer(
  dir: string,
  plan: PayerPlan,
  origin: string,
): Promise<PayerManifest> {
  const own = originFolder(origin);
  await removeStaleOrigins(dir);
  await mkdir(join(dir, "files"), { recursive: true });
  await mkdir(join(dir, own, "files"), { recursive: true });
  await mkdir(join(dir, "refs"), { recursive: true });
  const cachePath = join(dir, "written.json");
  const cache = new Map<string, CacheEntry>();
  try {
    for (const entry of JSON.parse(await readFile(cachePath, "utf8")) as CacheEntry[]) {
      cache.set(entry.file.name, entry);
    }
  } catch {
    // first run in this folder
  }
  const written: WrittenFile[] = [];
  const byName = new Map<string, WrittenFile>();
  for (const file of plan.files) {
    const source =
      file.duplicateOf === undefined
        ? file
        : plan.files.find((other) => other.name === file.duplicateOf);
    if (source === undefined) throw new Error(`${file.name}: duplicate of an unknown file`);
    const key = JSON.stringify({
      ...source,
      name: undefined,
      faults: undefined,
      faultName: undefined,
      duplicateOf: undefined,
      codes: plan.options.codes,
      // What the generator writes for a plan: bumped when it changes, so cached files are rewritten.
      content: 2,
      origin: source.references === "remote" ? origin : "",
    });
    const cached = cache.get(file.name);
    const relative = join(source.references === "remote" ? own : "", "files", file.name);
    const path = join(dir, relative);
    let result: WrittenFile;
    if (
      cached !== undefined &&
      cached.key === key &&
      // Written before files had a path: under files/ (a folder of an earlier version is reused).
      (cached.file.path ?? join("files", file.name)) === relative &&
      (await sizeOf(path)) === cached.file.bytes
    ) {
      result = {
        ...file,
        path: relative,
        ...countsOf(cached.file),
        bytes: cached.file.bytes,
        sha256: cached.file.sha256,
      };
    } else {
      const copied = file.duplicateOf === undefined ? undefined : byName.get(file.duplicateOf);
      const counts = emptyFileCounts();
      const chunks =
        copied !== undefined
          ? undefined
          : source.kind === "allowed-amounts"
            ? allowedAmountsContent(source, plan.options.codes, counts)
            : inNetworkContent(source, plan.options.codes, origin, counts);
      const { bytes, sha256 } =
        chunks === undefined
          ? await copyFile(join(dir, copied?.path ?? ""), path)
          : await writeChunks(chunks, path, source.compression === "gzip");
      result = {
        ...file,
        ...(copied === undefined ? counts : countsOf(copied)),
        path: relative,
        bytes,
        sha256,
      };
    }
    cache.set(file.name, { key, file: result });
    byName.set(file.name, result);
    written.push(result);
  }
  for (let index = 0; index < REFERENCE_POOL; index++) {
    const path = join(
      dir,
      "refs",
      `synthetic-provider-reference-${String(index).padStart(3, "0")}.json`,
    );
    const content = referenceContent(index, plan.options.seed);
    // Another server may be serving it: replaced whole, and only when it differs.
    if ((await readFile(path, "utf8").catch(() => undefined)) !== content) {
      await writeAtomically(path, content);
    }
  }
  await writeAtomically(cachePath, JSON.stringify([...cache.values()]));
  return { files: written };
}

/** The folder of the files that name `origin` (`http://127.0.0.1:PORT` → `origins/127.0.0.1-PORT`). */
export function originFolder(origin: string): string {
  const { hostname, port } = new URL(origin);
  return join("origins", `${hostname}-${port}`);
}

/**
 * Removes the origin folders of servers that are gone (nothing listens on their port): a server
 * removes its own when it closes, a killed one cannot. A live server listens before it writes.
 */
async function removeStaleOrigins(dir: string): Promise<void> {
  const entries = await readdir(join(dir, "origins")).catch(() => [] as string[]);
  for (const entry of entries) {
    const match = /^(.+)-(\d+)$/.exec(entry);
    if (match === null || (await listening(match[1]!, Number(match[2])))) continue;
    await rm(join(dir, "origins", entry), { recursive: true, force: true });
  }
}

function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1_000 });
    const done = (alive: boolean): void => {
      socket.destroy();
      resolve(alive);
    };
    socket.once("connect", () => {
      done(true);
    });
    socket.once("timeout", () => {
      done(true);
    }); // busy, not gone: kept
    socket.once("error", () => {
      done(false);
    });
  });
}

function countsOf(file: FileCounts): FileCounts {
  return {
    items: file.items,
    prices: file.prices,
    rows: file.rows,
    rowsByCode: file.rowsByCode,
    unresolvedReferences: file.unresolvedReferences,
    uncompressedBytes: file.uncompressedBytes,
  };
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

/** Streams the chunks (gzipped if asked) into `path` under a temporary name, hashing what is written. */
async function writeChunks(
  chunks: Iterable<string>,
  path: string,
  gzip: boolean,
): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash("sha256");
  let bytes = 0;
  const tap = async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      hash.update(chunk);
      bytes += chunk.length;
      yield chunk;
    }
  };
  const temporary = `${path}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  const encoded = Readable.from(chunks, { objectMode: false });
  if (gzip) await pipeline(encoded, createGzip({ level: 6 }), tap, createWriteStream(temporary));
  else await pipeline(encoded, tap, createWriteStream(temporary));
  await rename(temporary, path);
  return { bytes, sha256: hash.digest("hex") };
}

async function copyFile(from: string, to: string): Promise<{ bytes: number; sha256: string }> {
  const content = await readFile(from);
  await writeAtomically(to, content);
  return { bytes: content.length, sha256: createHash("sha256").update(content).digest("hex") };
}
