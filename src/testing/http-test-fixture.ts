/**
 * For the HTTP tests: a fresh in-memory store with the benchmark fixture, the bundled reference
 * data and one written publication (64491) in a temporary directory, and the app over them.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBenchmarkFixture, loadBenchmarkFixture } from "./benchmark-fixture.js";
import { loadBundledReferenceData } from "../analyze/reference/load-reference-data.js";
import type { ReferenceData } from "../analyze/reference/reference-types.js";
import { writePublication } from "../present/report/write-publication.js";
import { Store } from "../store/store.js";
import type { AppServices } from "../http/app-services.js";
import { defaultServices } from "../http/default-services.js";

export interface HttpFixture {
  store: Store;
  ref: ReferenceData;
  dir: string;
  services: AppServices;
  close(): Promise<void>;
}

export async function httpFixture(): Promise<HttpFixture> {
  const store = await Store.memory();
  await loadBenchmarkFixture(store, buildBenchmarkFixture(), { withDirectory: true });
  const ref = await loadBundledReferenceData();
  const dir = await mkdtemp(join(tmpdir(), "ratelens-http-"));
  await writePublication(store, ref, "64491", dir, { now: new Date("2026-01-02T03:04:05Z") });
  return {
    store,
    ref,
    dir,
    services: defaultServices(store, ref, dir),
    close: async () => {
      store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
