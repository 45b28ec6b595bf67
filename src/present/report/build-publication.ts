/**
 * `buildPublication`: assembles the publication model from its parts. Pure, so the renderers
 * and the golden tests can work on fixed data; `writePublication` gathers the parts from the
 * store and the reference data.
 */
import type { BenchmarkResult, BenchmarkSource } from "../../analyze/benchmark/benchmark-types.js";
import type { ReferenceSource } from "../../analyze/reference/reference-types.js";
import type { HospitalRatesForCode } from "../../analyze/source-benchmark/hospital-rates-for-code.js";
import { benchmarkSentences, LOCALITY_BASIS } from "./benchmark-sentences.js";
import type { FacilityPayment } from "../../analyze/facility/facility-payments.js";
import type { DataView } from "./data-view.js";
import { facilitySentences } from "./facility-sentences.js";
import { countOf } from "./format-numbers.js";
import { PUBLICATION_SCHEMA, type CodeSection, type Publication } from "./publication-types.js";

/** The parts of a publication. `null` parts are reported as missing on the page. */
export interface PublicationParts {
  code: string;
  codeSection: CodeSection | null;
  benchmark: BenchmarkResult | null;
  referenceSources: readonly ReferenceSource[];
  /** ISO timestamp; fixed in tests so golden files are stable. */
  generatedAt: string;
  /** Extra plain statements of missing data (e.g. a dependency that could not answer). */
  missing?: readonly string[];
  /** Medicare's OPPS and ASC payment for the code. */
  facilityMedicare?: FacilityPayment[];
  /** The data view (real only / including synthetic); absent when the caller chose the filters. */
  dataView?: DataView;
  /** The hospitals' negotiated charges for the code beside the payers' TiC rates (see `hospitalRatesForCode`). */
  hospitalRates?: HospitalRatesForCode;
}

/** Builds the publication; every sentence is computed from the parts. */
export function buildPublication(parts: PublicationParts): Publication {
  const sentences = [
    ...(parts.benchmark === null ? [] : benchmarkSentences(parts.benchmark)),
    ...facilitySentences(parts.code, parts.benchmark, parts.facilityMedicare),
  ];
  const missing = [...(parts.missing ?? [])];
  if (parts.codeSection === null) {
    missing.push(
      `${parts.code} is not in the bundled code reference: no overview or coding specifications.`,
    );
  }
  if (parts.benchmark === null) {
    missing.push(`No negotiated rates for ${parts.code} are loaded: no payer benchmark.`);
  } else missing.push(...parts.benchmark.gaps);
  const sources = dedupeSources([...(parts.codeSection?.sources ?? []), ...parts.referenceSources]);
  return {
    schema: PUBLICATION_SCHEMA,
    code: parts.code,
    title: parts.codeSection?.title ?? "code not in the bundled reference",
    generatedAt: parts.generatedAt,
    synthetic:
      (parts.benchmark?.containsSynthetic ?? false) || parts.hospitalRates?.synthetic === true,
    summary: summarize(parts, sentences),
    codeSection: parts.codeSection,
    benchmark: parts.benchmark,
    benchmarkSentences: sentences,
    referenceSources: sources,
    missing: [...new Set(missing)],
    ...(parts.facilityMedicare === undefined ? {} : { facilityMedicare: parts.facilityMedicare }),
    ...(parts.dataView === undefined ? {} : { dataView: parts.dataView }),
    ...(parts.hospitalRates === undefined ? {} : { hospitalRates: parts.hospitalRates }),
  };
}

function summarize(parts: PublicationParts, sentences: readonly string[]): string[] {
  const summary: string[] = [];
  const overview = parts.codeSection?.overview;
  if (overview !== undefined) {
    summary.push(overview.description);
    if (overview.kind === "add-on" && overview.primaries.length > 0) {
      summary.push(
        `${parts.code} is an add-on code: bill it only with ${overview.primaries.map((ref) => ref.code).join(" or ")}.`,
      );
    }
  }
  const benchmark = parts.benchmark;
  if (benchmark !== null) {
    summary.push(sourcesSentence(benchmark));
    // The headline: the first setting's payer comparison and the pooled comparison with Medicare.
    const first = sentences.find(
      (sentence) =>
        sentence.includes("highest mean") ||
        sentence.includes("only ") ||
        sentence.startsWith("Only ") ||
        sentence.startsWith("No negotiated"),
    );
    if (first !== undefined) summary.push(first);
    summary.push(...sentences.filter((sentence) => sentence.includes(LOCALITY_BASIS)));
  }
  return summary;
}

/**
 * Which files the rates come from: real payer files by name and release month, synthetic ones
 * counted and labelled; then which releases were read (the latest, or as of a month).
 */
function sourcesSentence(benchmark: BenchmarkResult): string {
  const used = benchmark.sources.filter((source) => source.rates > 0);
  if (used.length === 0) return "No source file contributed rates to this benchmark.";
  const real = used.filter((source) => !source.synthetic);
  const synthetic = used.length - real.length;
  const release = (source: BenchmarkSource): string =>
    source.release === undefined
      ? ""
      : source.release === null
        ? ", undated"
        : `, release ${source.release}`;
  const realText =
    real.length === 0
      ? "no real payer file"
      : `${real.length} real payer file${real.length === 1 ? "" : "s"} (${real.map((source) => `${source.reportingEntityName ?? source.location}${release(source)}, ${countOf(source.rates, "rate")} kept`).join("; ")})`;
  return `Rates come from ${countOf(used.length, "source file")}: ${realText}${synthetic > 0 ? ` and ${synthetic} synthetic demo file${synthetic === 1 ? "" : "s"} (labelled synthetic)` : ""}${releasesClause(benchmark, used)}.`;
}

/** "; as of 2026-05, each payer and plan's latest release on or before it (release months 2026-05)". */
function releasesClause(benchmark: BenchmarkResult, used: readonly BenchmarkSource[]): string {
  const releases = benchmark.releases;
  if (releases === undefined) return "";
  const months = [
    ...new Set(
      used.flatMap((source) => (typeof source.release === "string" ? [source.release] : [])),
    ),
  ].sort();
  const monthText =
    months.length === 0
      ? "no dated release"
      : `release month${months.length === 1 ? "" : "s"} ${months.join(", ")}`;
  return releases.asOf === null
    ? `; each payer and plan's latest release is read (${monthText})`
    : `; as of ${releases.asOf}, each payer and plan's latest release on or before it is read (${monthText})`;
}

function dedupeSources(sources: readonly ReferenceSource[]): ReferenceSource[] {
  const seen = new Map<string, ReferenceSource>();
  for (const source of sources) seen.set(`${source.file}|${source.edition}`, source);
  return [...seen.values()];
}
