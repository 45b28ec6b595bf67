import { pipeWithErrors } from "../pipe-with-errors.js";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, open as openFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { setTimeout as sleep } from "node:timers/promises";
import { createGunzip, createInflateRaw } from "node:zlib";
import { nativeGunzip } from "./native-gunzip.js";
import { networkReason } from "../network-reason.js";
import yauzl from "yauzl";
import { InputError, RatelensError, UpstreamError } from "../../errors.js";
import { HashTap } from "../hash-tap.js";
import { readHead } from "../read-head.js";

/** How the bytes were stored. */
export type Compression = "none" | "gzip" | "zip";

/** Counters filled while an input streams; final once `consume` has returned. */
export interface InputStats {
  compression: Compression;
  /** Raw (stored) bytes read so far. */
  rawBytes: number;
  /** Decompressed bytes handed to the consumer so far. */
  bytes: number;
  /** SHA-256 of the raw bytes, set when the stream has ended. */
  sha256: string;
  /** Chunks are written into the same memory, one after another (see `ReadOptions`). */
  chunksReused?: boolean;
}

/** How a consumer takes the chunks of `InputUnit.read`. */
export interface ReadOptions {
  /**
   * The consumer copies whatever it keeps of a chunk before it asks for the next one: the reader
   * may then write the next chunk into the same memory (inflated gzip: no fresh megabyte per chunk
   * for the garbage collector to find).
   */
  readonly copiesChunks?: boolean;
}

/** One JSON document to scan: a plain/gzip file or URL, or one entry of a zip archive. */
export interface InputUnit {
  readonly location: string;
  /** Raw size, when known in advance (local files, Content-Length). */
  readonly sizeBytes: number | undefined;
  /** Streams the decompressed bytes to `consume`, hashing the raw bytes on the way. */
  read(
    consume: (chunks: AsyncIterable<Buffer>, stats: InputStats) => Promise<void>,
    options?: ReadOptions,
  ): Promise<InputStats>;
  /** Releases what the unit holds open (a zip archive's file handle, once its last entry is done). */
  close?(): void;
}

const READ_CHUNK = 1 << 20;
const GUNZIP_CHUNK = 1 << 20;

/** True for `http(s)://` locations. */
export function isUrl(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

/**
 * Opens a path, an https URL or `-` (stdin) and returns the JSON documents in it: one for plain JSON
 * or gzip (multi-member gzip included), one per `.json` entry for a zip archive. Zip needs random
 * access to its central directory, so a remote or piped zip is first saved under `cacheDir`; zip
 * entries are read with `yauzl` (maintained, handles zip64 and data descriptors), and inflated here.
 */
export async function openInputs(
  location: string,
  options: {
    fetch?: typeof fetch;
    cacheDir: string;
    stdin?: NodeJS.ReadableStream;
    download?: DownloadOptions;
  },
): Promise<InputUnit[]> {
  if (location !== "-" && !isUrl(location)) {
    let size: number;
    try {
      const info = await stat(location);
      if (!info.isFile()) throw new InputError(location, {}, "not a file");
      size = info.size;
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(location, {}, cannotOpen(error));
    }
    if (await isZipFile(location)) return zipUnits(location, location);
    return [
      streamUnit(location, size, () =>
        Promise.resolve(createReadStream(location, { highWaterMark: READ_CHUNK })),
      ),
    ];
  }
  if (location === "-") {
    const stdin = options.stdin ?? process.stdin;
    return [streamUnit("-", undefined, () => Promise.resolve(Readable.from(stdin)))];
  }
  const fetcher = options.fetch ?? fetch;
  const download = options.download ?? {};
  const response = await fetchOrThrow(fetcher, location, download);
  const length = Number(response.headers.get("content-length") ?? Number.NaN);
  if (response.body === null) throw new UpstreamError(`${location}: empty response`);
  // Zip or not is decided by the first bytes, never by the name or the Content-Type: servers send
  // gzip as application/gzip, application/x-gzip or application/octet-stream, and /zip/ matches "gzip".
  const idle = download.idleTimeoutMs ?? 60_000;
  const body = await readHead(
    Readable.from(idleGuard(location, idle)(Readable.fromWeb(response.body as WebReadableStream)), {
      highWaterMark: BLOCKS_AHEAD,
    }),
    4,
  );
  if (isZipMagic(body.head)) {
    const saved = join(
      options.cacheDir,
      "downloads",
      `${createHash("sha256").update(location).digest("hex").slice(0, 24)}.zip`,
    );
    await mkdir(join(options.cacheDir, "downloads"), { recursive: true });
    await pipeline(body.stream, createWriteStream(saved));
    return zipUnits(saved, location);
  }
  let first = true;
  return [
    streamUnit(location, Number.isFinite(length) ? length : undefined, async () => {
      if (first) {
        first = false;
        return body.stream;
      }
      const again = await fetchOrThrow(fetcher, location, download);
      if (again.body === null) throw new UpstreamError(`${location}: empty response`);
      return Readable.from(
        idleGuard(location, idle)(Readable.fromWeb(again.body as WebReadableStream)),
        { highWaterMark: BLOCKS_AHEAD },
      );
    }),
  ];
}

/**
 * Why a local file cannot be opened, in words: the system's own message ("ENOENT: no such file or
 * directory, stat 'x'") repeats the path and its code; no `cause`, which would print it again.
 */
function cannotOpen(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES" || code === "EPERM") return "cannot open: permission denied";
  return `cannot open (${code ?? (error instanceof Error ? error.message : String(error))})`;
}

/** True when the bytes begin like a zip archive (a local file header, `PK\x03\x04`). */
export function isZipMagic(head: Buffer): boolean {
  return head.length >= 4 && head.readUInt32LE(0) === 0x04034b50;
}

/** Download settings: attempts for 5xx, 429 and network failures, the first backoff, the idle timeout. */
export interface DownloadOptions {
  readonly retries?: number;
  readonly backoffMs?: number;
  /** A response that sends nothing for this long is abandoned (default 60 s). */
  readonly idleTimeoutMs?: number;
}

/**
 * Fetches `location`, retrying with exponential backoff on network failures, 429 and 5xx (a 404
 * will not heal); the timeout covers connecting and the headers only: a big file may take far
 * longer to stream (the idle timeout guards that part).
 */
async function fetchOrThrow(
  fetcher: typeof fetch,
  location: string,
  options: DownloadOptions = {},
): Promise<Response> {
  const retries = options.retries ?? 3;
  let reason = "";
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await sleep((options.backoffMs ?? 1000) * 2 ** (attempt - 1));
    const controller = new AbortController();
    const timer = setTimeout(() => {
      controller.abort(new Error("no response within 60 s"));
    }, 60_000);
    try {
      const response = await fetcher(location, { signal: controller.signal });
      if (response.ok) return response;
      reason = `HTTP ${response.status}`;
      await response.body?.cancel().catch(() => undefined);
      if (response.status !== 429 && response.status < 500) {
        throw new UpstreamError(`${location}: ${reason}`);
      }
    } catch (error) {
      if (error instanceof UpstreamError) throw error;
      reason = networkReason(error);
    } finally {
      clearTimeout(timer);
    }
  }
  throw new UpstreamError(`${location}: ${reason} (after ${retries + 1} attempts)`);
}

/** Bytes a download's chunks are gathered into before they go on (undici gives 64 KB chunks). */
const DOWNLOAD_BLOCK = 1 << 20;
/** Blocks read ahead of the reader (a stream of objects holds 16 by default: 16 MB here). */
const BLOCKS_AHEAD = 4;

/**
 * Guards a download: fails it when nothing comes for `ms` (a stalled server) instead of waiting
 * forever, and turns a connection that breaks off (reset, closed early) into an `UpstreamError`,
 * which callers may retry.
 *
 * It also gathers the body's 64 KB chunks into blocks of about a megabyte: every stage after it
 * (the hash, gzip, the byte counts, the scanner) then runs once a megabyte instead of sixteen
 * times. A per-chunk timer and race here, and the stages' per-chunk promises after it, were
 * ~0.3 CPU-s per gigabyte downloaded. The wait is watched by one timer for the whole download,
 * counted only while it waits for the network, not while the reader holds a block.
 */
function idleGuard(location: string, ms: number): (source: Readable) => AsyncGenerator<Buffer> {
  return async function* (source) {
    let received = 0;
    let waitingSince: number | undefined = performance.now();
    const watch = setInterval(
      () => {
        if (waitingSince === undefined || performance.now() - waitingSince < ms) return;
        source.destroy(new UpstreamError(`${location}: no data for ${Math.round(ms / 1000)} s`));
      },
      Math.max(5, Math.min(1_000, ms / 4)),
    );
    // Never what keeps the process alive: a reader that stops early (the hospital-file check
    // reads only the head) may never end this generator.
    watch.unref();
    let block: Buffer | undefined;
    let used = 0;
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        waitingSince = undefined;
        received += chunk.length;
        // The first chunk goes on at once: the head tells zip from gzip and JSON, and a reader
        // that starts at the first bytes (a store's staging folder) is not kept waiting on a slow
        // link for a megabyte. Big chunks go on as they are.
        const asItIs = chunk.length >= DOWNLOAD_BLOCK / 4 || received === chunk.length;
        if (used > 0 && (asItIs || used + chunk.length > DOWNLOAD_BLOCK)) {
          yield block!.subarray(0, used);
          block = undefined;
          used = 0;
        }
        if (asItIs) {
          yield chunk;
        } else {
          // Fresh each time: the reader may keep views of a block it was given.
          block ??= Buffer.allocUnsafeSlow(DOWNLOAD_BLOCK);
          chunk.copy(block, used);
          used += chunk.length;
        }
        waitingSince = performance.now();
      }
      waitingSince = undefined;
      if (used > 0) yield block!.subarray(0, used);
    } catch (error) {
      if (error instanceof RatelensError) throw error;
      // In words, without undici's own text ("terminated: caused by: other side closed").
      throw new UpstreamError(
        `${location}: the download broke off after ${received} bytes: ${networkReason(error)}`,
      );
    } finally {
      clearInterval(watch);
    }
  };
}

async function isZipFile(path: string): Promise<boolean> {
  const handle = await openFile(path, "r");
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && isZipMagic(head);
  } finally {
    await handle.close();
  }
}

/** A `HashTap` that keeps `stats.rawBytes` and `stats.sha256` up to date. */
function hashInto(stats: InputStats): HashTap {
  return new HashTap({
    onBytes: (total) => {
      stats.rawBytes = total;
    },
    onDigest: (sha256) => {
      stats.sha256 = sha256;
    },
  });
}

/** Detects gzip by its magic bytes on the first chunk, so `.json` named files that are gzip work too. */
function streamUnit(
  location: string,
  sizeBytes: number | undefined,
  open: () => Promise<NodeJS.ReadableStream>,
): InputUnit {
  return {
    location,
    sizeBytes,
    async read(consume, options) {
      const stats: InputStats = { compression: "none", rawBytes: 0, bytes: 0, sha256: "" };
      const raw = await open();
      const tapped = pipeWithErrors(raw, hashInto(stats));
      const iterator = tapped[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      const first = await iterator.next();
      const firstChunk: Buffer | undefined = first.done === true ? undefined : first.value;
      const gzip =
        firstChunk !== undefined &&
        firstChunk.length >= 2 &&
        firstChunk[0] === 0x1f &&
        firstChunk[1] === 0x8b;
      stats.compression = gzip ? "gzip" : "none";
      const rest = (async function* (): AsyncGenerator<Buffer> {
        if (firstChunk !== undefined) yield firstChunk;
        for (;;) {
          const next = await iterator.next();
          if (next.done === true) return;
          yield next.value;
        }
      })();
      try {
        if (gzip) {
          const reuse = options?.copiesChunks === true;
          const native = nativeGunzip(reuse);
          if (native !== undefined && reuse) stats.chunksReused = true;
          await pipeline(
            rest,
            native ?? createGunzip({ chunkSize: GUNZIP_CHUNK }),
            counted(stats),
            (source: AsyncIterable<Buffer>) => consume(source, stats),
          );
        } else {
          await pipeline(rest, counted(stats), (source: AsyncIterable<Buffer>) =>
            consume(source, stats),
          );
        }
      } catch (error) {
        throw asInputError(location, stats, error);
      }
      return stats;
    },
  };
}

/** Adds decompressed byte counts. */
function counted(stats: InputStats): (source: AsyncIterable<Buffer>) => AsyncGenerator<Buffer> {
  return async function* (source) {
    for await (const chunk of source) {
      stats.bytes += chunk.length;
      yield chunk;
    }
  };
}

/**
 * zlib failures (truncated or corrupt gzip) become `InputError`s with the raw byte offset. No
 * `cause`: the message says all there is, and zlib's own words ("unexpected end of file") printed
 * after it read as a second, rawer error.
 */
function asInputError(location: string, stats: InputStats, error: unknown): unknown {
  if (error instanceof InputError || error instanceof UpstreamError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code.startsWith("Z_")) {
    const message =
      code === "Z_BUF_ERROR"
        ? "unexpected end of compressed data: the file is truncated"
        : `corrupt compressed data (${(error as Error).message})`;
    return new InputError(location, { byteOffset: stats.rawBytes }, message);
  }
  return error;
}

/** One unit per JSON entry of a zip archive; hashed on the entry's stored (compressed) bytes. */
async function zipUnits(path: string, location: string): Promise<InputUnit[]> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, file) => {
      if (error !== null) {
        reject(
          new InputError(location, {}, `not a readable zip archive: ${error.message}`, {
            cause: error,
          }),
        );
      } else resolve(file);
    });
  });
  const entries = await new Promise<yauzl.Entry[]>((resolve, reject) => {
    const found: yauzl.Entry[] = [];
    zip.on("entry", (entry: yauzl.Entry) => {
      if (!entry.fileName.endsWith("/")) found.push(entry);
      zip.readEntry();
    });
    zip.on("end", () => {
      resolve(found);
    });
    zip.on("error", (error: Error) => {
      reject(
        new InputError(location, {}, `corrupt zip archive: ${error.message}`, { cause: error }),
      );
    });
    zip.readEntry();
  });
  const json = entries.filter((entry) => /\.json$/i.test(entry.fileName));
  const chosen = json.length > 0 ? json : entries;
  let open = chosen.length;
  if (open === 0) zip.close();
  return chosen.map((entry) => ({
    close() {
      open--;
      if (open === 0) zip.close();
    },
    location: `${location}#${entry.fileName}`,
    sizeBytes: entry.compressedSize,
    async read(consume: (chunks: AsyncIterable<Buffer>, stats: InputStats) => Promise<void>) {
      const stats: InputStats = { compression: "zip", rawBytes: 0, bytes: 0, sha256: "" };
      // The stored bytes are read directly (1 MiB reads), hashed, and inflated here.
      const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true });
      const raw =
        entry.compressedSize === 0
          ? Readable.from([])
          : createReadStream(path, {
              start: fileDataStart,
              end: fileDataStart + entry.compressedSize - 1,
              highWaterMark: READ_CHUNK,
            });
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
        throw new InputError(
          location,
          {},
          `zip entry ${entry.fileName}: unsupported compression method ${entry.compressionMethod}`,
        );
      }
      const sink = (source: AsyncIterable<Buffer>): Promise<void> => consume(source, stats);
      try {
        if (entry.compressionMethod === 8) {
          await pipeline(
            raw,
            hashInto(stats),
            createInflateRaw({ chunkSize: GUNZIP_CHUNK }),
            counted(stats),
            sink,
          );
        } else await pipeline(raw, hashInto(stats), counted(stats), sink);
      } catch (error) {
        throw asInputError(`${location}#${entry.fileName}`, stats, error);
      }
      return stats;
    },
  }));
}
