import { probeRemoteFile } from "../sources/tic/probe-remote-file.js";
import type { LoadedRemoteFile } from "../store/loaded-remote-files.js";
import type { IngestOptions } from "./ingest-types.js";

/**
 * Why a file loaded before from this URL need not be downloaded again: the server gives the same
 * size and no change since it was loaded. Undefined when it may have changed or does not say (it
 * is then downloaded, and skipped after all if its SHA-256 is the same).
 */
export async function unchangedSince(
  url: string,
  loaded: LoadedRemoteFile,
  options: IngestOptions,
): Promise<string | undefined> {
  const head = await probeRemoteFile(url, options.fetch);
  if (head?.sizeBytes !== loaded.sizeBytes) return undefined;
  if (head.lastModified !== undefined && head.lastModified > loaded.loadedAt) return undefined;
  return `already loaded from this URL as file ${loaded.fileId} (same size${head.lastModified === undefined ? "" : ", not modified since"})`;
}
