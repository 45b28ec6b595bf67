/**
 * `writePublication`: gathers a code's parts (code reference, benchmark, reference sources),
 * builds the publication and writes `<code>.html`, `<code>.md` and `<code>.json` into a
 * directory (and `<code>-including-synthetic.*`, the other data view, when there is one), each
 * atomically (temporary file, then rename), so a reader never sees half a page.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { benchmarkCode } from "../../analyze/benchmark/benchmark-code.js";
import { facilityPaymentsFor } from "../../analyze/facility/facility-payments.js";
import type { BenchmarkFilters, BenchmarkResult } from "../../analyze/benchmark/benchmark-types.js";
import type { ReferenceData, ReferenceSource } from "../../analyze/reference/reference-types.js";
import {
  hospitalRatesForCode,
  type HospitalRatesForCode,
} from "../../analyze/source-benchmark/hospital-rates-for-code.js";
import { DataMissingError } from "../../errors.js";
import type { Store } from "../../store/store.js";
import { buildPublication } from "./build-publication.js";
import { writeAtomically } from "./write-atomically.js";
import { CMS_LINKS } from "./cms-links.js";
import { codeSectionFor } from "./code-section-for.js";
import { viewNote, viewSuffix, type DataView, type DataViewKind } from "./data-view.js";
import type { CodeSection, Publication } from "./publication-types.js";
import { renderHtml } from "./render-html.js";
import { renderMarkdown } from "./render-markdown.js";

/** Options of `writePublication` / `publicationFor`. */
export interface PublicationOptions {
  /** Medicare fee-schedule year (default: the benchmark engine's choice, the latest with GPCIs). */
  year?: number;
  /**
   * Benchmark filters other than the code. Without `includeSynthetic`, real payer data comes first
   * (see `publicationViewsFor`); with it, that one view.
   */
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
  /** The other data view written beside it (`<code>-including-synthetic.*`), if any. */
  alternate?: { html: string; markdown: string; json: string; publication: Publication };
}

/** A code's publication as shown by default, and the other data view when there is one. */
export interface PublicationViews {
  primary: Publication;
  alternate: Publication | null;
}

/** Builds the default view of the publication for `code` (see `publicationViewsFor`). */
export async function publicationFor(
  store: Store,
  ref: ReferenceData,
  code: string,
  options: PublicationOptions = {},
): Promise<Publication> {
  return (await publicationViewsFor(store, ref, code, options)).primary;
}

/** The publication of `code` in one data view, or the default view when none is asked for. */
export async function publicationInView(
  store: Store,
  ref: ReferenceData,
  code: string,
  view: DataViewKind | undefined,
  options: PublicationOptions = {},
): Promise<Publication> {
  const views = await publicationViewsFor(store, ref, code, options);
  // A view that does not exist (no synthetic rates, or no real ones) is answered by the default
  // page, whose note says why there is no other.
  if (view === undefined || views.alternate?.dataView?.shown !== view) return views.primary;
  return views.alternate;
}

/**
 * Both data views of a code's publication, without writing. Filters that say whether synthetic
 * data is included give that one view; otherwise real payer data comes first: when a real file
 * has rates for the code, the default view is real payer data only and the other view includes
 * the synthetic demo data; when none has, the only view is the synthetic one, and says why.
 */
export async function publicationViewsFor(
  store: Store,
  ref: ReferenceData,
  code: string,
  options: PublicationOptions = {},
): Promise<PublicationViews> {
  const now = options.now ?? new Date();
  const codeSection = (options.codeSection ?? codeSectionFor)(ref, code);
  const facilityMedicare = await facilityPaymentsFor(code, codeSection?.overview.kind === "add-on");
  const assemble = (
    part: BenchmarkOrMissing,
    hospitalRates: HospitalRatesForCode,
    dataView: DataView | undefined,
  ): Publication =>
    buildPublication({
      code,
      codeSection,
      benchmark: part.benchmark,
      referenceSources: [
        ...referenceSourcesFor(ref, part.benchmark),
        ...facilityMedicare.map((payment) => payment.source),
      ],
      generatedAt: now.toISOString(),
      missing: part.missing,
      facilityMedicare,
      hospitalRates,
      ...(dataView === undefined ? {} : { dataView }),
    });
  const asked = options.filters?.includeSynthetic;
  if (asked !== undefined) {
    return {
      primary: assemble(
        await benchmarkOrMissing(store, ref, code, options, asked, now),
        await hospitalRatesForCode(store, code, { includeSynthetic: asked }),
        undefined,
      ),
      alternate: null,
    };
  }
  const real = await benchmarkOrMissing(store, ref, code, options, false, now);
  const all = await benchmarkOrMissing(store, ref, code, options, true, now);
  const realHospital = await hospitalRatesForCode(store, code, { includeSynthetic: false });
  const allHospital = await hospitalRatesForCode(store, code, { includeSynthetic: true });
  // A hospital file's charges count as rates of their own (real or synthetic) for the views.
  const realRates =
    real.benchmark?.payers.some((row) => row.stats.count > 0) === true ||
    realHospital.rows.length > 0;
  const syntheticRates = all.benchmark?.containsSynthetic === true || allHospital.synthetic;
  if (!realRates) {
    // No real rates for this code: the synthetic data is all there is, labelled, and the page
    // says why there is no real-only view. With no synthetic rates either, nothing to switch.
    const view: DataView = {
      shown: "including-synthetic",
      alternate: null,
      note: viewNote("including-synthetic", false),
    };
    return {
      primary: assemble(all, allHospital, syntheticRates ? view : undefined),
      alternate: null,
    };
  }
  const alternate: DataViewKind | null = syntheticRates ? "including-synthetic" : null;
  const primary = assemble(real, realHospital, {
    shown: "real-only",
    alternate,
    note: viewNote("real-only", true, syntheticRates),
  });
  if (alternate === null) return { primary, alternate: null };
  const other = assemble(all, allHospital, {
    shown: "including-synthetic",
    alternate: "real-only",
    note: viewNote("including-synthetic", true),
  });
  return { primary, alternate: other };
}

interface BenchmarkOrMissing {
  benchmark: BenchmarkResult | null;
  missing: string[];
}

async function benchmarkOrMissing(
  store: Store,
  ref: ReferenceData,
  code: string,
  options: PublicationOptions,
  includeSynthetic: boolean,
  now: Date,
): Promise<BenchmarkOrMissing> {
  const missing: string[] = [];
  let benchmark: BenchmarkResult | null = null;
  try {
    const benchmarkOptions = { now, ...(options.year === undefined ? {} : { year: options.year }) };
    benchmark = await benchmarkCode(
      store,
      ref,
      { ...options.filters, includeSynthetic, codes: [code] },
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
  return { benchmark, missing };
}

/**
 * Writes the publication for `code` into `outDir` (created if needed) as HTML, Markdown and JSON,
 * and its other data view beside it (`<code>-including-synthetic.*`) when there is one. Returns
 * the default view's paths.
 */
export async function writePublication(
  store: Store,
  ref: ReferenceData,
  code: string,
  outDir: string,
  options: PublicationOptions = {},
): Promise<WrittenPublication> {
  const views = await publicationViewsFor(store, ref, code, options);
  await mkdir(outDir, { recursive: true });
  const written = await writeView(views.primary, outDir, "");
  const shown = views.alternate?.dataView?.shown;
  if (views.alternate !== null && shown !== undefined) {
    const alternate = await writeView(views.alternate, outDir, viewSuffix(shown, "real-only"));
    return { ...written, alternate };
  }
  return written;
}

async function writeView(
  publication: Publication,
  outDir: string,
  suffix: string,
): Promise<WrittenPublication> {
  const base = join(outDir, `${publication.code}${suffix}`);
  const paths = { html: `${base}.html`, markdown: `${base}.md`, json: `${base}.json` };
  await writeAtomically(paths.html, renderHtml(publication));
  await writeAtomically(paths.markdown, renderMarkdown(publication));
  await writeAtomically(paths.json, `${JSON.stringify(publication, null, 2)}\n`);
  return { ...paths, publication };
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
