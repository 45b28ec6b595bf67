import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/**
 * Where `native/build-addon.mjs` puts the addon: dist/native (or build/native for the benchmarks'
 * build), seen from this folder (src/sources/tic and src/normalize/tic are as deep).
 */
const CANDIDATES = ["../../../native/ratelens-tic.node", "../../../dist/native/ratelens-tic.node"];

let loaded: object | null | undefined;

/**
 * The compiled addon of `native/ratelens-tic.cc` (simdjson reader, item skipper), when it was built
 * (`npm run build` with g++ and libsimdjson-dev) and not turned off with `RATELENS_NATIVE=0`;
 * otherwise undefined, and the TypeScript paths do the same work. Loaded once per thread.
 */
export function nativeAddon(): object | undefined {
  if (loaded === undefined) loaded = load();
  return loaded ?? undefined;
}

function load(): object | null {
  if (process.env.RATELENS_NATIVE === "0") return null;
  const require = createRequire(import.meta.url);
  for (const candidate of CANDIDATES) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (!existsSync(path)) continue;
    try {
      return require(path) as object;
    } catch {
      // Built for another machine or Node: the TypeScript paths are always there.
      return null;
    }
  }
  return null;
}
