/**
 * `AppServices` with results cached per store version and expensive work bounded: benchmarks are
 * kept until the store version changes (a file was loaded), and identical requests in flight share
 * one computation, so a cold burst computes once. Publications are bounded but not cached: a
 * written page may be rewritten while the server runs (its reader checks mtime and size).
 */
import type { AppServices } from "./app-services.js";
import type { RequestLimiter } from "./request-limiter.js";
import type { StoreVersion } from "./store-version.js";

/** Most results kept per store version; the oldest entry goes first (Map keeps insertion order). */
const MAX_ENTRIES = 500;

/** A promise cache keyed by request, emptied when the store version changes. */
export function versionedCache(version: StoreVersion) {
  let current: string | undefined;
  const entries = new Map<string, Promise<unknown>>();
  return async function cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const now = await version();
    if (now !== current) {
      entries.clear();
      current = now;
    }
    const known = entries.get(key) as Promise<T> | undefined;
    if (known !== undefined) return known;
    const promise = compute();
    entries.set(key, promise);
    if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
    // A failure is not kept: the next request tries again.
    promise.catch(() => entries.delete(key));
    return promise;
  };
}

export function cachedServices(
  services: AppServices,
  version: StoreVersion,
  limiter: RequestLimiter,
): AppServices {
  const cached = versionedCache(version);
  return {
    ...services,
    benchmark: (filters) =>
      cached(`benchmark:${JSON.stringify(filters)}`, () =>
        limiter.run(() => services.benchmark(filters)),
      ),
    publication: (code, view) => limiter.run(() => services.publication(code, view)),
    check: (text, sourceName, pricing) =>
      limiter.run(() => services.check(text, sourceName, pricing)),
    // An evaluation benchmarks every line of the schedule: bounded like a benchmark, not cached.
    contracts: {
      ...services.contracts,
      evaluate: (file, options) => limiter.run(() => services.contracts.evaluate(file, options)),
    },
    // The cross-check reads every hospital charge and matching rate: bounded, like a benchmark.
    hospitals: {
      ...services.hospitals,
      crosscheck: (options) => limiter.run(() => services.hospitals.crosscheck(options)),
    },
  };
}
