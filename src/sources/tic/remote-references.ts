import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { isUrl } from "./open-input.js";

/** Outcome of fetching one remote provider-reference file (schema 1.x `location`). */
export type RemoteReference = { ok: true; body: unknown } | { ok: false; reason: string };

/** Options: an injectable `fetch` (tests, offline), the cache folder, timeouts and retries. */
export interface RemoteReferenceOptions {
  readonly fetch?: typeof fetch;
  readonly cacheDir: string;
  readonly offline?: boolean;
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly backoffMs?: number;
}

/**
 * Reference files this process has read, by their file in the on-disk cache (successes only, as
 * that cache keeps them), the most recent last: the files of one index name the same few hundred,
 * and a worker process loads many of them, each with a fetcher of its own. Bounded by the length of
 * their text.
 */
const recent = new Map<string, { body: unknown; size: number }>();
let recentBytes = 0;
const RECENT_LIMIT = 32 << 20;

function remember(cacheFile: string, body: unknown, size: number): void {
  if (size > RECENT_LIMIT / 4 || recent.has(cacheFile)) return;
  recent.set(cacheFile, { body, size });
  recentBytes += size;
  for (const [oldest, entry] of recent) {
    if (recentBytes <= RECENT_LIMIT) break;
    recent.delete(oldest);
    recentBytes -= entry.size;
  }
}

/**
 * Fetches provider-reference files with a timeout, retries with exponential backoff (network errors,
 * 429 and 5xx only: a 404 will not heal), and an on-disk cache keyed by URL (successes only), so a
 * re-run or a sibling file with the same references does not fetch again. Failures are returned as
 * data: an unreachable reference is recorded, not fatal.
 */
export class RemoteReferenceFetcher {
  private readonly memo = new Map<string, Promise<RemoteReference>>();

  constructor(private readonly options: RemoteReferenceOptions) {}

  /** The reference file at `url`, or why it could not be had. */
  get(url: string): Promise<RemoteReference> {
    let pending = this.memo.get(url);
    if (pending === undefined) {
      pending = this.load(url);
      this.memo.set(url, pending);
    }
    return pending;
  }

  private async load(url: string): Promise<RemoteReference> {
    if (!isUrl(url)) return { ok: false, reason: `not an http(s) URL: ${url}` };
    const cacheFile = join(
      this.options.cacheDir,
      "provider-references",
      `${createHash("sha256").update(url).digest("hex")}.json`,
    );
    const known = recent.get(cacheFile);
    if (known !== undefined) {
      recent.delete(cacheFile); // most recent last
      recent.set(cacheFile, known);
      return { ok: true, body: known.body };
    }
    try {
      const text = await readFile(cacheFile, "utf8");
      const body = JSON.parse(text) as unknown;
      remember(cacheFile, body, text.length);
      return { ok: true, body };
    } catch {
      // not cached (or unreadable): fetch it
    }
    if (this.options.offline === true) {
      return { ok: false, reason: "offline: remote references not fetched" };
    }
    const fetcher = this.options.fetch ?? fetch;
    const retries = this.options.retries ?? 2;
    let reason = "";
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await sleep((this.options.backoffMs ?? 500) * 2 ** (attempt - 1));
      try {
        const response = await fetcher(url, {
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
        });
        if (!response.ok) {
          reason = `HTTP ${response.status}`;
          if (response.status === 429 || response.status >= 500) continue;
          return { ok: false, reason };
        }
        const text = await response.text();
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch (error) {
          return {
            ok: false,
            reason: `invalid JSON: ${error instanceof Error ? error.message : String(error)}`,
          };
        }
        await mkdir(join(this.options.cacheDir, "provider-references"), { recursive: true });
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        await writeFile(temporary, text);
        await rename(temporary, cacheFile);
        remember(cacheFile, body, text.length);
        return { ok: true, body };
      } catch (error) {
        reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
    }
    return { ok: false, reason: `${reason} (after ${retries + 1} attempts)` };
  }
}

/** Runs `work` over `items` with at most `limit` at a time. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  });
  await Promise.all(runners);
  return results;
}
