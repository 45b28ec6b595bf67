/** What a server says of a file without sending it. */
export interface RemoteFileHead {
  /** Its size in bytes, as it would be sent. */
  readonly sizeBytes: number;
  /** When it last changed (ms since the epoch), when the server says. */
  readonly lastModified: number | undefined;
}

/**
 * Asks a server for the size and the date of a file by a GET of its first byte (`Range: bytes=0-0`):
 * servers that sign their URLs for GET refuse a HEAD, and a server without ranges answers the GET
 * whole, its body then dropped unread. Undefined when the answer does not say the size, is an error
 * or does not come within `timeoutMs`: the caller then downloads the file as usual.
 */
export async function probeRemoteFile(
  url: string,
  fetcher: typeof fetch = fetch,
  timeoutMs = 15_000,
): Promise<RemoteFileHead | undefined> {
  let response: Response;
  try {
    response = await fetcher(url, {
      headers: { range: "bytes=0-0", "accept-encoding": "identity" },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    return undefined;
  }
  try {
    const modified = Date.parse(response.headers.get("last-modified") ?? "");
    const lastModified = Number.isFinite(modified) ? modified : undefined;
    if (response.status === 206) {
      const total = /\/(\d+)\s*$/.exec(response.headers.get("content-range") ?? "")?.[1];
      return total === undefined ? undefined : { sizeBytes: Number(total), lastModified };
    }
    const length = response.headers.get("content-length");
    if (response.status !== 200 || length === null || !/^\d+$/.test(length)) return undefined;
    return { sizeBytes: Number(length), lastModified };
  } finally {
    await response.body?.cancel().catch(() => undefined);
  }
}
