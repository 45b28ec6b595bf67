import { join } from "node:path";
import {
  parseAocFile,
  parseMueFile,
  readPtpEdits,
  type PtpRow,
} from "../../sources/reference/parse-ncci.js";
import { parseGpciFile } from "../../sources/reference/parse-gpci.js";
import { icd10Headers, parseIcd10File } from "../../sources/reference/parse-icd10.js";
import { parseLocalityCountyFile } from "../../sources/reference/parse-locality-county.js";
import { parsePfsRvuFile } from "../../sources/reference/parse-pfs-rvu.js";
import { parsePosFile } from "../../sources/reference/parse-pos.js";
import { parseTaxonomyFile } from "../../sources/reference/parse-taxonomy.js";
import { parseZipLocalityFile } from "../../sources/reference/parse-zip-locality.js";
import { MARKET_FILES } from "../markets/market-geography.js";
import type { Store } from "../../store/store.js";
import { BUNDLED, bundledReferenceDir } from "./bundled-files.js";
import {
  buildFeeScheduleYear,
  buildLocalitiesByState,
  buildNcci,
  buildPlacesOfService,
  buildTaxonomies,
} from "./build-reference-data.js";
import type { FeeScheduleYear, ReferenceData } from "./reference-types.js";
import { readStoredReference } from "./read-stored-reference.js";

const bundledCache = new Map<string, Promise<ReferenceData>>();

/**
 * The reference data shipped under `data/reference/` (PFS 2025 and 2026, GPCI 2025, localities,
 * NCCI Q3 2024, ICD-10-CM FY2025, NUCC 25.1, POS), parsed once per process and directory: later
 * calls return the same object. Lookups are Maps so hot paths (claim checks) stay O(1).
 */
export function loadBundledReferenceData(dataDir?: string): Promise<ReferenceData> {
  const dir = dataDir ?? bundledReferenceDir();
  let cached = bundledCache.get(dir);
  if (cached === undefined) {
    cached = parseBundled(dir);
    // A failed load must not be memoised: the next call retries (and reports) afresh.
    cached.catch(() => bundledCache.delete(dir));
    bundledCache.set(dir, cached);
  }
  return cached;
}

/** The date NCCI PTP edits must still be active on (the bundled edition's effective date). */
export const BUNDLED_NCCI_AS_OF = "2024-07-01";

async function parseBundled(dir: string): Promise<ReferenceData> {
  const at = (path: string): string => join(dir, path);
  const [pfs, gpci, counties, ptp, mue, aoc, icd, taxonomy, pos, zips] = await Promise.all([
    Promise.all(BUNDLED.pfs.map(async (f) => ({ f, parsed: await parsePfsRvuFile(at(f.path)) }))),
    Promise.all(BUNDLED.gpci.map(async (f) => ({ f, parsed: await parseGpciFile(at(f.path)) }))),
    parseLocalityCountyFile(at(BUNDLED.locality.path)),
    collect(readPtpEdits(at(BUNDLED.ptp.path))),
    parseMueFile(at(BUNDLED.mue.path)),
    parseAocFile(at(BUNDLED.aoc.path)),
    parseIcd10File(at(BUNDLED.icd10.path)),
    parseTaxonomyFile(at(BUNDLED.taxonomy.path)),
    parsePosFile(at(BUNDLED.pos.path)),
    parseZipLocalityFile(at(MARKET_FILES.zipLocality.path)),
  ]);
  const feeSchedules = new Map<number, FeeScheduleYear>();
  for (const { f, parsed } of pfs) {
    const g = gpci.find((entry) => entry.f.year === f.year);
    feeSchedules.set(
      f.year,
      buildFeeScheduleYear(
        f.year,
        parsed.conversionFactor,
        parsed.rows,
        f.source,
        g === undefined ? null : { rows: g.parsed.rows, source: g.f.source },
      ),
    );
  }
  const icd10Titles = new Map(icd.map((row) => [row.code, row.title]));
  return {
    feeSchedules,
    localitiesByState: buildLocalitiesByState(
      counties,
      [...feeSchedules.values()].map((y) => y.gpcis),
    ),
    ncci: buildNcci(
      {
        ptp,
        mue,
        aoc,
        ptpSource: BUNDLED.ptp.source,
        mueSource: BUNDLED.mue.source,
        aocSource: BUNDLED.aoc.source,
      },
      BUNDLED_NCCI_AS_OF,
    ),
    icd10Titles,
    icd10Headers: icd10Headers(icd10Titles.keys()),
    taxonomies: buildTaxonomies(taxonomy),
    placesOfService: buildPlacesOfService(pos),
    medicaid: new Map(),
    icd10Source: BUNDLED.icd10.source,
    taxonomySource: BUNDLED.taxonomy.source,
    posSource: BUNDLED.pos.source,
    localityCounties: counties.map((c) => ({
      macLocality: c.macLocality,
      state: c.state,
      feeScheduleArea: c.feeScheduleArea,
      counties: c.counties,
    })),
    // CMS's ZIP → carrier-locality file is bundled: `medicare --zip` and ZIP-matched benchmarks work offline.
    zipLocalities: new Map(zips.rows.map((row) => [row.zip, row.macLocality])),
  };
}

async function collect(rows: AsyncIterable<PtpRow & { line: number }>): Promise<PtpRow[]> {
  const out: PtpRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

/**
 * Reference data from the store: every table the user imported (`ratelens import …`) replaces
 * the bundled table of the same kind (per year for PFS and GPCI, newest edition for the others);
 * tables never imported come from the bundled files. Not memoised: imports change the store.
 */
export async function loadReferenceData(store: Store): Promise<ReferenceData> {
  const bundled = await loadBundledReferenceData();
  return readStoredReference(store, bundled);
}
