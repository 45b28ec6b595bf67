/**
 * What `npm run build` leaves in `dist/` (what npm ships: package.json "files") is the product
 * only: no tests, no `testing/` scaffolding, no benchmarks, and no leftovers of an earlier
 * layout (tsc never deletes outputs, so the build empties `dist/` first). `npm test` builds
 * before it runs vitest; outside CI, without a `dist/`, the test is skipped.
 */
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const DIST = join(ROOT, "dist");

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(DIST, join(entry.parentPath, entry.name)));
}

/** The simdjson reader that `native/build-addon.mjs` builds from `native/<name>.cc`. */
function isNativeAddon(file: string): boolean {
  const name = /^native\/([\w-]+)\.node$/.exec(file)?.[1];
  return name !== undefined && existsSync(join(ROOT, "native", `${name}.cc`));
}

describe("dist/ holds the product only (issue #11)", () => {
  const built = existsSync(DIST);
  it.skipIf(!built && process.env.CI === undefined)(
    "has no test, testing/ or bench file, and every compiled file has its source",
    async () => {
      expect(built, "npm test builds dist/ before vitest").toBe(true);
      const files = await filesUnder(DIST);
      expect(files.length).toBeGreaterThan(0);
      const scaffolding = files.filter(
        (file) =>
          /\.test\.(js|d\.ts)/.test(file) ||
          /(^|\/)testing\//.test(file) ||
          /^bench\//.test(file) ||
          !(file.startsWith("src/") || isNativeAddon(file)),
      );
      expect(scaffolding, "test or benchmark scaffolding in dist/").toEqual([]);
      // A compiled file whose source is gone is a leftover of an earlier layout.
      const orphans = files
        .filter((file) => file.endsWith(".js"))
        .filter((file) => {
          const source = join(ROOT, file.replace(/\.js$/, ""));
          return !existsSync(`${source}.ts`) && !existsSync(`${source}.tsx`);
        });
      expect(orphans, "compiled files without a source (stale dist/)").toEqual([]);
    },
  );
});
