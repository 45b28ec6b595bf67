/**
 * The main job (`ratelens demo`, `npm start`): loads the bundled data into the store — the real
 * CareFirst and HealthSCOPE in-network files (offline), the seeded synthetic multi-payer demo files and the
 * synthetic NPPES sample, each labelled synthetic — then writes the publications for the demo
 * codes and an index. Re-running skips files already ingested (same SHA-256) and rewrites the
 * pages, so it is idempotent.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Writable } from "node:stream";
import { bundledReferenceDir } from "../analyze/reference/bundled-files.js";
import { loadReferenceData } from "../analyze/reference/load-reference-data.js";
import type { ReferenceData } from "../analyze/reference/reference-types.js";
import { DataMissingError } from "../errors.js";
import { progressReporter } from "../present/progress.js";
import { renderIndex } from "../present/report/render-index.js";
import { writeAtomically } from "../present/report/write-atomically.js";
import { writePublication, type WrittenPublication } from "../present/report/write-publication.js";
import { ingestFiles, type IngestSummary } from "../ingest/ingest.js";
import { Store } from "../store/store.js";
import { DEMO_CODES } from "./demo-codes.js";
import { loadSyntheticDemoData } from "./load-synthetic-demo-data.js";

/** Where the demo reads and writes. */
export interface DemoOptions {
  dbPath: string;
  /** Output root: publications go to `<outDir>/publications`, generated demo files to `<outDir>/demo-data`. */
  outDir: string;
  stderr: Writable;
  interactive: boolean;
  codes?: readonly string[];
  /** Clock for the pages' `generatedAt` (tests). */
  now?: Date;
}

/** The loaded store (left open for serving; the caller closes it) and what was written. */
export interface DemoOutcome {
  store: Store;
  ref: ReferenceData;
  publicationsDir: string;
  indexPath: string;
  written: WrittenPublication[];
  ingested: IngestSummary[];
  seconds: number;
}

/** The bundled real payer files (CareFirst 2020, HealthSCOPE 2023), in `data/tic/`. */
export const BUNDLED_TIC_FILES: readonly string[] = [
  "carefirst-in-network-2022.json.gz",
  "healthscope-in-network-2023-02.json.gz",
];

/** The bundled real in-network files, beside `data/reference` (found from src/ or dist/src/). */
export function bundledTicFiles(): string[] {
  return BUNDLED_TIC_FILES.map((name) => {
    const candidate = join(dirname(bundledReferenceDir()), "tic", name);
    if (existsSync(candidate)) return candidate;
    throw new DataMissingError(
      `the bundled TiC file data/tic/${name} was not found above the ratelens installation`,
    );
  });
}

/**
 * What the load did, in one line: on a re-run every file is already in the store (same SHA-256)
 * and is skipped, which the reader should be told rather than guess from a quick finish.
 */
export function loadSummary(ingested: readonly IngestSummary[]): string {
  const count = (status: IngestSummary["status"]): number =>
    ingested.filter((entry) => entry.status === status).length;
  const files = (n: number): string => `${n} file${n === 1 ? "" : "s"}`;
  const parts = [`${files(count("ingested"))} loaded`];
  const skipped = count("skipped");
  if (skipped > 0) {
    parts.push(`${files(skipped)} skipped (already loaded: same SHA-256 in the store)`);
  }
  const failed = count("failed");
  if (failed > 0) parts.push(`${files(failed)} failed (see above)`);
  return `${parts.join(", ")}.`;
}

/** Runs the load-and-publish part of the main job. */
export async function runDemo(options: DemoOptions): Promise<DemoOutcome> {
  const started = performance.now();
  const codes = options.codes ?? DEMO_CODES;
  const say = (line: string): void => {
    options.stderr.write(`${line}\n`);
  };
  if (options.dbPath !== ":memory:") await mkdir(dirname(options.dbPath), { recursive: true });
  const store = await Store.open(options.dbPath);
  try {
    const ref = await loadReferenceData(store);
    const reporter = progressReporter(options.stderr, options.interactive);
    const codeSet = new Set(codes);
    say(
      `ratelens demo: loading the real CareFirst and HealthSCOPE files (offline) into ${options.dbPath}`,
    );
    const ingested = await ingestFiles(
      store,
      bundledTicFiles(),
      { codes: codeSet, offline: true, cacheDir: join(options.outDir, ".cache") },
      reporter,
    );
    say(
      "ratelens demo: loading the synthetic multi-payer demo files and the synthetic NPPES sample (labelled synthetic)",
    );
    ingested.push(
      ...(await loadSyntheticDemoData(store, join(options.outDir, "demo-data"), {
        codes: codeSet,
        reporter,
        cacheDir: join(options.outDir, ".cache"),
      })),
    );
    say(`ratelens demo: ${loadSummary(ingested)}`);
    const publicationsDir = join(options.outDir, "publications");
    const now = options.now ?? new Date();
    const written: WrittenPublication[] = [];
    for (const code of codes) {
      written.push(await writePublication(store, ref, code, publicationsDir, { now }));
    }
    const indexPath = join(publicationsDir, "index.html");
    await writeAtomically(
      indexPath,
      renderIndex(
        written.map((entry) => entry.publication),
        { href: (code) => `${code}.html` },
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    say(
      `ratelens demo: wrote ${written.length} publications to ${publicationsDir} in ${seconds.toFixed(1)} s (index: ${indexPath})`,
    );
    return { store, ref, publicationsDir, indexPath, written, ingested, seconds };
  } catch (error) {
    store.close();
    throw error;
  }
}
