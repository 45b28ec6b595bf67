/**
 * A local HTTP server for the SYNTHETIC payer, on 127.0.0.1 and a random port: the table of
 * contents at `/synthetic-index.json`, in-network and allowed-amounts files under `/files/`,
 * provider-reference files under `/refs/`. Realistic content types (`application/gzip`,
 * `application/octet-stream`, `application/json`), Content-Length, ETag, HEAD and single byte
 * ranges, streamed from disk; each file's failure plan is applied per GET (404, 500, 503 twice then
 * success, a connection dropped mid-body, a truncated body, a slow link).
 *
 * Built on `node:http` alone: a test server needs exact control of sockets and headers (a dropped
 * connection, a lying Content-Length) that a framework would hide.
 */
import { mkdtemp, open, rm, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  SYNTHETIC_PAYER_NAME,
  planPayer,
  type Fault,
  type PayerPlan,
  type SyntheticPayerOptions,
} from "./payer-plan.js";
import { originFolder, writePayer, type PayerManifest, type WrittenFile } from "./write-payer.js";

export const INDEX_PATH = "/synthetic-index.json";

/** A running synthetic payer. */
export interface SyntheticPayer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** The table of contents' URL. */
  readonly indexUrl: string;
  readonly plan: PayerPlan;
  readonly manifest: PayerManifest;
  /** The listed files' URLs (each once, in manifest order). */
  readonly fileUrls: readonly string[];
  /** The file at a URL, by its URL. */
  fileAt(url: string): WrittenFile | undefined;
  /** GETs served so far per path. */
  readonly gets: ReadonlyMap<string, number>;
  /** Body bytes sent so far (all paths). */
  readonly bytesSent: () => number;
  /** Forgets the GET counts, so failure plans start again. */
  resetAttempts(): void;
  /** Stops the server (and removes the folder when it was a temporary one). */
  close(): Promise<void>;
}

/**
 * Writes the payer's files into `dir` (a temporary folder by default; pass one to reuse big files
 * across runs) and serves them. The index is rendered for the bound port.
 */
export async function startSyntheticPayer(
  options: SyntheticPayerOptions & { dir?: string } = {},
): Promise<SyntheticPayer> {
  const plan = planPayer(options);
  const temporary = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), "ratelens-synthetic-payer-")));
  const gets = new Map<string, number>();
  let bytesSent = 0;
  const sockets = new Set<Socket>();
  let state:
    { manifest: PayerManifest; index: Buffer; byPath: Map<string, WrittenFile> } | undefined;

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // A client that went away mid-body is not a server error.
      if (!response.headersSent) {
        response.statusCode = 500;
        response.end(String(error));
      } else response.destroy();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    const head = request.method === "HEAD";
    if (state === undefined || (request.method !== "GET" && !head)) {
      response.writeHead(state === undefined ? 503 : 405).end();
      return;
    }
    if (path === INDEX_PATH) {
      response.writeHead(200, {
        "content-type": "application/json",
        "content-length": state.index.length,
      });
      response.end(head ? undefined : state.index);
      if (!head) bytesSent += state.index.length;
      return;
    }
    const file = state.byPath.get(path);
    const isReference = /^\/refs\/synthetic-provider-reference-\d{3}\.json$/.test(path);
    if (file === undefined && !isReference) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const attempt = head ? 0 : (gets.get(path) ?? 0);
    if (!head) gets.set(path, attempt + 1);
    const faults = file?.faults ?? [{ kind: "ok" } as const];
    // HEAD sees what lasts: a missing file stays missing, a flaky one looks fine.
    const fault: Fault = (head
      ? faults[faults.length - 1]
      : faults[Math.min(attempt, faults.length - 1)]) ?? { kind: "ok" };
    if (fault.kind === "status") {
      response
        .writeHead(fault.status, { "content-type": "text/plain" })
        .end(head ? undefined : `synthetic ${fault.status}`);
      return;
    }
    const diskPath = join(dir, file === undefined ? path : file.path);
    const whole = file?.bytes ?? (await stat(diskPath)).size;
    const served = fault.kind === "truncate" ? Math.floor(whole * fault.fraction) : whole;
    const range = parseRange(request.headers.range, served);
    const start = range?.start ?? 0;
    const end = range?.end ?? served - 1;
    const headers: Record<string, string | number> = {
      "content-type": file?.contentType ?? "application/json",
      "content-length": Math.max(0, end - start + 1),
      "accept-ranges": "bytes",
      "last-modified": "Sun, 01 Nov 2026 00:00:00 GMT",
      ...(file === undefined ? {} : { etag: `"${file.sha256.slice(0, 32)}"` }),
    };
    if (range === null) {
      response.writeHead(416, { "content-range": `bytes */${served}` }).end();
      return;
    }
    if (range !== undefined) headers["content-range"] = `bytes ${start}-${end}/${served}`;
    if (fault.kind === "slow") await sleep(fault.firstByteDelayMs);
    response.writeHead(range === undefined ? 200 : 206, headers);
    if (head || end < start) {
      response.end();
      return;
    }
    const stopAt =
      fault.kind === "drop" ? start + Math.floor((end - start + 1) * fault.fraction) : end + 1;
    let sent = start;
    // A slow link sends a tenth of a second's worth at a time, each after its share of the wait.
    const chunkSize =
      fault.kind === "slow" ? Math.max(1_024, Math.floor(fault.bytesPerSecond / 10)) : 256 * 1024;
    // One buffer per response, read into again once the socket has taken its bytes: a stream's
    // fresh buffer per chunk made this process collect garbage for most of its CPU time, on the
    // cores the benchmarked ingest runs on.
    const buffer = Buffer.allocUnsafe(chunkSize);
    const last = Math.max(start, stopAt - 1);
    const source = await open(diskPath, "r");
    try {
      while (sent <= last) {
        const { bytesRead } = await source.read(
          buffer,
          0,
          Math.min(chunkSize, last - sent + 1),
          sent,
        );
        if (bytesRead === 0) break;
        if (fault.kind === "slow") await sleep((bytesRead / fault.bytesPerSecond) * 1000);
        if (response.destroyed) return;
        await new Promise<void>((resolve) => {
          response.write(buffer.subarray(0, bytesRead), () => {
            resolve();
          });
        });
        sent += bytesRead;
        bytesSent += bytesRead;
      }
    } finally {
      await source.close();
    }
    if (fault.kind === "drop" && sent < end + 1) {
      response.destroy();
      return;
    }
    response.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const manifest = await writePayer(dir, plan, origin);
    const byPath = new Map(manifest.files.map((file) => [`/files/${file.name}`, file]));
    state = { manifest, byPath, index: Buffer.from(renderIndex(plan, origin)) };
  } catch (error) {
    server.close();
    if (temporary) await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const manifest = state.manifest;
  const urlOf = (file: WrittenFile): string => `${origin}/files/${file.name}`;
  const byUrl = new Map(manifest.files.map((file) => [urlOf(file), file]));
  return {
    origin,
    indexUrl: `${origin}${INDEX_PATH}`,
    plan,
    manifest,
    fileUrls: manifest.files.map(urlOf),
    fileAt: (url) => byUrl.get(url),
    gets,
    bytesSent: () => bytesSent,
    resetAttempts: () => {
      gets.clear();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      if (temporary) await rm(dir, { recursive: true, force: true });
      else await rm(join(dir, originFolder(origin)), { recursive: true, force: true });
    },
  };
}

/** `bytes=a-b`, `bytes=a-` or `bytes=-n`; undefined = no (usable) range header, null = unsatisfiable. */
function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | null | undefined {
  const match = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return undefined;
  const [, from = "", to = ""] = match;
  if (from === "" && to === "") return undefined;
  const start = from === "" ? Math.max(0, size - Number(to)) : Number(from);
  const end = from === "" || to === "" ? size - 1 : Math.min(Number(to), size - 1);
  return start >= size || start > end ? null : { start, end };
}

/** The table of contents (CMS schema: reporting_structure with plans, in-network files, allowed-amount file). */
export function renderIndex(plan: PayerPlan, origin: string): string {
  const location = (name: string): string => `${origin}/files/${name}`;
  return `${JSON.stringify(
    {
      reporting_entity_name: SYNTHETIC_PAYER_NAME,
      reporting_entity_type: "health insurance issuer",
      last_updated_on: "2026-11-01",
      version: "2.0.0",
      reporting_structure: plan.structures.map((structure) => ({
        reporting_plans: structure.plans,
        in_network_files: structure.inNetworkFiles.map((name) => ({
          description: `SYNTHETIC in-network file ${name}`,
          location: location(name),
        })),
        allowed_amount_file: {
          description: "SYNTHETIC allowed amounts",
          location: location(structure.allowedAmountFile),
        },
      })),
    },
    null,
    1,
  )}\n`;
}
