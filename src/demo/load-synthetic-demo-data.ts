/**
 * The synthetic half of the main job: generates the seeded multi-payer demo files and the
 * synthetic NPPES sample and loads them, marked synthetic so every page they reach labels them.
 * The same seed gives the same bytes, so a re-run's files hash the same and the ingester skips
 * them.
 */
import { importNppes } from "../ingest/import-nppes.js";
import { generateDemoMrfs } from "../sources/synthetic/generate-demo-mrfs.js";
import { ingestFiles, type IngestReporter, type IngestSummary } from "../ingest/ingest.js";
import { writeReference } from "../store/reference-writer.js";
import type { Store } from "../store/store.js";

/** Loads the synthetic demo data; returns the ingest summaries. */
export async function loadSyntheticDemoData(
  store: Store,
  dir: string,
  options: { codes: ReadonlySet<string>; reporter: IngestReporter; cacheDir: string },
): Promise<IngestSummary[]> {
  const generated = await generateDemoMrfs(dir);
  const summaries = await ingestFiles(
    store,
    generated.files,
    { codes: options.codes, synthetic: true, offline: true, cacheDir: options.cacheDir },
    options.reporter,
  );
  // importNppes replaces the whole provider directory: never let the sample displace a real one.
  const realProviders = await store.withConnection(async (connection) => {
    const rows = (
      await connection.runAndReadAll(
        "SELECT count(*)::INTEGER AS n FROM providers WHERE NOT synthetic",
      )
    ).getRowObjectsJson();
    return Number(rows[0]?.n ?? 0);
  });
  if (realProviders > 0) {
    options.reporter.log(
      `ratelens demo: keeping the ${realProviders} real NPPES providers already imported; the synthetic sample is not loaded`,
    );
  } else {
    await writeReference(store, (target) =>
      importNppes(target, generated.nppesFile, { reporter: options.reporter, synthetic: true }),
    );
  }
  return summaries;
}
