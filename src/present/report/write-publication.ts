/**
 * `writePublication`: gathers a code's parts (code reference, benchmark, reference sources),
 * builds the publication and writes `<code>.html`, `<code>.md` and `<code>.json` into a
 * directory, each atomically (temporary file, then rename), so a reader never sees half a page.
 */
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { benchmarkCode } from "../../analyze/benchmark/benchmark-code.js";
import { facilityPaymentsFor } from "../../analyze/facility/facility-payments.js";
import type { BenchmarkFilters, BenchmarkResult } from "../../analyze/benchmark/benchmark-types.js";
import type { ReferenceData, ReferenceSource } from "../../analyze/reference/reference-types.js";
import { DataMissingError } from "../../errors.js";
import type { Store } from "../../store/store.js";
import { buildPublication } from "./build-publication.js";
import { CMS_LINKS } from "./cms-links.js";
import { codeSectionFor } from "./code-section-for.js";
import type { CodeSection, Publication } from "./publication-types.js";
import { renderHtml } from "./render-html.js";
import { renderMarkdown } from "./render-markdown.js";

/** Options of `writePublication` / `publicationFor`. */
export interface PublicationOptions {
  /** Medicare fee-schedule year (default: the benchmark engine's choice, the latest with GPCIs). */
  year?: number;
  /** Benchmark filters other than the code (default: all payers, synthetic included and labelled). */
  filters?: Omit<BenchmarkFilters, "codes">;
  /** Clock for `generatedAt` (tests). */
  now?: Date;
  /** Code-reference lookup; defaults to the bundled code reference. */
  codeSection?: (ref: ReferenceData, code: string) => CodeSection | null;
}

/** The paths written, and the publication itself. */
export interface WrittenPublication {
  html: string;
  markdown: string;
  json: string;
  publication: Publication;
}

/** Builds the publication for `code` from the store and the reference data, without writing. */
export async function publicationFor(
  store: Store,
  ref: ReferenceData,
  code: string,
  options: PublicationOptions = {},
): Promise<Publication> {
  const now = options.now ?? new Date();
  const missing: string[] = [];
  let benchmark: BenchmarkResult | null = null;
  try {
    const benchmarkOptions = { now, ...(options.year === undefined ? {} : { year: options.year }) };
    benchmark = await benchmarkCode(
      store,
      ref,
      { ...options.filters, codes: [code] },
      benchmarkOptions,
    );
  } catch (error) {
    // A missing Medicare year or table is worth a sentence on the page, not a missing page.
    if (!(error instanceof DataMissingError)) throw error;
    missing.push(`No benchmark: ${error.message}.`);
  }
  if (benchmark !== null && benchmark.payers.length === 0 && benchmark.sources.length === 0) {
    missing.push(`No rate file in the store has rates for ${code}.`);
  }
  const codeSection = (options.codeSection ?? codeSectionFor)(ref, code);
  const facilityMedicare = await facilityPaymentsFor(code, codeSection?.overview.kind === "add-on");
  const referenceSources = [
    ...referenceSourcesFor(ref, benchmark),
    ...facilityMedicare.map((payment) => payment.source),
  ];
  return buildPublication({
    code,
    codeSection,
    benchmark,
    referenceSources,
    generatedAt: now.toISOString(),
    missing,
    facilityMedicare,
  });
}

/**
 * Writes the publication for `code` into `outDir` (created if needed) as HTML, Markdown and JSON.
 * Returns the three paths.
 */
export async function writePublication(
  store: Store,
  ref: ReferenceData,
  code: string,
  outDir: string,
  options: PublicationOptions = {},
): Promise<WrittenPublication> {
  const publication = await publicationFor(store, ref, code, options);
  await mkdir(outDir, { recursive: true });
  const base = join(outDir, publication.code);
  const paths = { html: `${base}.html`, markdown: `${base}.md`, json: `${base}.json` };
  await writeAtomically(paths.html, renderHtml(publication));
  await writeAtomically(paths.markdown, renderMarkdown(publication));
  await writeAtomically(paths.json, `${JSON.stringify(publication, null, 2)}\n`);
  return { ...paths, publication };
}

/** Writes `text` to `path` through a temporary file in the same directory, then renames it. */
export async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function linked(source: ReferenceSource, url: string): ReferenceSource {
  return source.url === undefined ? { ...source, url } : source;
}

/** The reference editions behind the page: the RVU and GPCI files of the Medicare years shown, the NCCI tables, titles. */
export function referenceSourcesFor(
  ref: ReferenceData,
  benchmark: BenchmarkResult | null,
): ReferenceSource[] {
  const sources: ReferenceSource[] = [];
  const years = new Set(benchmark?.medicare.map((row) => row.year) ?? []);
  for (const year of [...years].sort()) {
    const schedule = ref.feeSchedules.get(year);
    if (schedule === undefined) continue;
    sources.push(linked(schedule.rvuSource, CMS_LINKS.pfsRvu));
    if (schedule.gpciSource !== null) sources.push(linked(schedule.gpciSource, CMS_LINKS.pfsRvu));
  }
  sources.push(
    linked(ref.ncci.aocSource, CMS_LINKS.ncciAddOn),
    linked(ref.ncci.mueSource, CMS_LINKS.ncciMue),
    linked(ref.ncci.ptpSource, CMS_LINKS.ncciPtp),
    linked(ref.icd10Source, CMS_LINKS.icd10),
    linked(ref.taxonomySource, CMS_LINKS.nucc),
    linked(ref.posSource, CMS_LINKS.pos),
  );
  return sources;
}
