/**
 * The bundled geography behind markets: CMS ZIP → carrier/locality (Oct 2025), HUD ZIP → county
 * (1Q2023) and OMB county → CBSA (July 2023), parsed once per process and directory. Every ZIP
 * is placed in one county (the one with most of its addresses) so a provider's practice ZIP
 * places it in exactly one county, CBSA, state and Medicare locality.
 */
import { join } from "node:path";
import { bundledReferenceDir } from "../reference/bundled-files.js";
import type { ReferenceSource } from "../reference/reference-types.js";
import {
  parseCbsaCountyFile,
  parseZipCountyFile,
} from "../../sources/reference/parse-market-crosswalks.js";
import { parseZipLocalityFile } from "../../sources/reference/parse-zip-locality.js";

/** Where a ZIP is. `county`/`cbsa` are null where the crosswalks do not know it. */
export interface ZipPlace {
  zip: string;
  state: string;
  /** Carrier-locality, e.g. "12302-01" (the GPCI file's MAC-locality key). */
  macLocality: string;
  county: string | null;
  cbsa: string | null;
}

/** The lookups a market resolves against. */
export interface MarketGeography {
  zips: ReadonlyMap<string, ZipPlace>;
  cbsaTitles: ReadonlyMap<string, string>;
  countyNames: ReadonlyMap<string, string>;
  sources: readonly ReferenceSource[];
}

/** The bundled market files under `data/reference/` and how to cite them. */
export const MARKET_FILES = {
  zipLocality: {
    path: "cms-zip-locality-2025q4/ZIP5_OCT2025.txt.gz",
    source: {
      file: "ZIP5_OCT2025.txt (CMS ZIP code to carrier locality, effective Oct 2025)",
      edition: "20254",
    },
  },
  zipCounty: {
    path: "hud-zip-county-2023q1/zip_county_032023.csv.gz",
    source: { file: "ZIP_COUNTY_032023 (HUD-USPS ZIP crosswalk, 1Q2023)", edition: "2023-03" },
  },
  cbsa: {
    path: "census-omb-cbsa-2023/cbsa_counties_2023.csv.gz",
    source: { file: "List 1 (Census/OMB delineation, Bulletin 23-01)", edition: "2023-07" },
  },
} as const;

const cache = new Map<string, Promise<MarketGeography>>();

/** Loads (once per directory) the bundled market geography. */
export function loadMarketGeography(dataDir?: string): Promise<MarketGeography> {
  const dir = dataDir ?? bundledReferenceDir();
  let cached = cache.get(dir);
  if (cached === undefined) {
    cached = buildGeography(dir);
    cached.catch(() => cache.delete(dir));
    cache.set(dir, cached);
  }
  return cached;
}

async function buildGeography(dir: string): Promise<MarketGeography> {
  const [localities, zipCounties, cbsaCounties] = await Promise.all([
    parseZipLocalityFile(join(dir, MARKET_FILES.zipLocality.path)),
    parseZipCountyFile(join(dir, MARKET_FILES.zipCounty.path)),
    parseCbsaCountyFile(join(dir, MARKET_FILES.cbsa.path)),
  ]);
  const primaryCounty = new Map<string, { county: string; ratio: number }>();
  for (const row of zipCounties) {
    const best = primaryCounty.get(row.zip);
    if (
      best === undefined ||
      row.ratio > best.ratio ||
      (row.ratio === best.ratio && row.countyFips < best.county)
    ) {
      primaryCounty.set(row.zip, { county: row.countyFips, ratio: row.ratio });
    }
  }
  const countyCbsa = new Map(cbsaCounties.map((row) => [row.countyFips, row.cbsa]));
  const zips = new Map<string, ZipPlace>();
  for (const row of localities.rows) {
    const county = primaryCounty.get(row.zip)?.county ?? null;
    zips.set(row.zip, {
      zip: row.zip,
      state: row.state,
      macLocality: row.macLocality,
      county,
      cbsa: county === null ? null : (countyCbsa.get(county) ?? null),
    });
  }
  return {
    zips,
    cbsaTitles: new Map(cbsaCounties.map((row) => [row.cbsa, row.title])),
    countyNames: new Map(
      cbsaCounties.map((row) => [row.countyFips, `${row.countyName}, ${row.stateName}`]),
    ),
    sources: [
      MARKET_FILES.zipLocality.source,
      MARKET_FILES.zipCounty.source,
      MARKET_FILES.cbsa.source,
    ],
  };
}
