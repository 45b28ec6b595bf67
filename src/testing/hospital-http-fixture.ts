/**
 * For the hospital HTTP and UI tests: a fresh in-memory store with the synthetic payers' TiC files,
 * the seeded hospital file built from (and in places contradicting) their rates, and CMS's
 * "lots of errors" validator fixture (a file with findings); the bundled reference data; services
 * over them. Everything in a temporary directory removed by `close`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadBundledReferenceData } from "../analyze/reference/load-reference-data.js";
import type { ReferenceData } from "../analyze/reference/reference-types.js";
import type { AppServices } from "../http/app-services.js";
import { defaultServices } from "../http/default-services.js";
import {
  ingestHospitalFile,
  type HospitalIngestResult,
} from "../ingest/hospital/ingest-hospital-file.js";
import { ingestFiles } from "../ingest/ingest.js";
import { silentReporter } from "../ingest/progress-reporter.js";
import { generateDemoMrfs } from "../sources/synthetic/generate-demo-mrfs.js";
import { Store } from "../store/store.js";
import { generateSeededHospitalFile, type SeededHospitalFile } from "./generate-hospital-file.js";

/** CMS validator fixture with errors of several rules (`src/sources/hpt/fixtures/`). */
export const ERRORS_FIXTURE = new URL(
  "../sources/hpt/fixtures/validator-2.6.0/sample-lots-of-errors.csv",
  import.meta.url,
).pathname;

export interface HospitalHttpFixture {
  store: Store;
  ref: ReferenceData;
  services: AppServices;
  seeded: SeededHospitalFile;
  seededLoad: HospitalIngestResult;
  errorsLoad: HospitalIngestResult;
  close(): Promise<void>;
}

export async function hospitalHttpFixture(): Promise<HospitalHttpFixture> {
  const dir = await mkdtemp(join(tmpdir(), "ratelens-hospital-http-"));
  const store = await Store.memory();
  const demo = await generateDemoMrfs(join(dir, "demo"));
  await ingestFiles(
    store,
    demo.files,
    { synthetic: true, offline: true, workers: 0, cacheDir: join(dir, "cache") },
    silentReporter,
  );
  const seeded = await generateSeededHospitalFile(dir, {
    demoDir: join(dir, "demo"),
    payerFiles: demo.files,
  });
  const seededLoad = await ingestHospitalFile(store, seeded.path, { synthetic: true });
  const errorsLoad = await ingestHospitalFile(store, ERRORS_FIXTURE);
  const ref = await loadBundledReferenceData();
  return {
    store,
    ref,
    services: defaultServices(store, ref, null),
    seeded,
    seededLoad,
    errorsLoad,
    close: async () => {
      store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
