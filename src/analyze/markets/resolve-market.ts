/**
 * Resolves a market to the ZIP codes it covers, the providers' unit of place (NPPES practice
 * ZIP): a provider is in the market when its ZIP is; a provider without a known ZIP is in no
 * market but the national one (counted apart, never placed).
 */
import { readFile } from "node:fs/promises";
import { InputError, NotFoundError, UsageError } from "../../errors.js";
import type { MarketGeography, ZipPlace } from "./market-geography.js";
import { marketText, parseMarket, type MarketKind, type MarketSpec } from "./parse-market.js";

/** A market ready for filtering. */
export interface ResolvedMarket {
  /** Canonical text, e.g. "cbsa:12580". */
  spec: string;
  /** For people, e.g. "CBSA 12580 Baltimore-Columbia-Towson, MD". */
  label: string;
  /** Sorted ZIPs in the market; null for national (no filter). */
  zips: readonly string[] | null;
  /** The Medicare localities of those ZIPs (sorted; empty for national). */
  localities: readonly string[];
}

const NAMES: Readonly<Record<MarketKind, string>> = {
  state: "State",
  locality: "Medicare locality",
  cbsa: "CBSA",
  county: "County",
  zip: "ZIP",
};

/** Resolves a market spec (a file market reads its file here). */
export async function resolveMarket(
  spec: MarketSpec,
  geo: MarketGeography,
): Promise<ResolvedMarket> {
  if (spec.kind === "national") {
    return { spec: "national", label: "National (all providers)", zips: null, localities: [] };
  }
  const terms = spec.kind === "file" ? await readMarketFile(spec.path) : [spec];
  const zips = new Set<string>();
  const labels: string[] = [];
  for (const term of terms) {
    if (term.kind === "national" || term.kind === "file") {
      throw new UsageError(
        `${marketText(spec)}: a market file lists state:, locality:, cbsa:, county: or zip: terms only`,
      );
    }
    const matching = (place: ZipPlace, value: string): boolean =>
      placeValue(place, term.kind) === value;
    for (const value of term.values) {
      let found = 0;
      for (const place of geo.zips.values()) {
        if (matching(place, value)) {
          zips.add(place.zip);
          found++;
        }
      }
      if (found === 0 && term.kind !== "zip") {
        throw new NotFoundError(
          `${term.kind}:${value} matches no ZIP code in the bundled geography (CMS ZIP-locality, HUD ZIP-county, OMB CBSA files)`,
        );
      }
      if (term.kind === "zip") zips.add(value);
      labels.push(labelOf(term.kind, value, geo));
    }
  }
  const sorted = [...zips].sort();
  const localities = [
    ...new Set(
      sorted
        .map((zip) => geo.zips.get(zip)?.macLocality)
        .filter((l): l is string => l !== undefined),
    ),
  ].sort();
  return {
    spec: marketText(spec),
    label:
      labels.length > 4
        ? `${labels.slice(0, 4).join("; ")} and ${labels.length - 4} more`
        : labels.join("; "),
    zips: sorted,
    localities,
  };
}

function placeValue(place: ZipPlace, kind: MarketKind): string | null {
  switch (kind) {
    case "state":
      return place.state;
    case "locality":
      return place.macLocality;
    case "cbsa":
      return place.cbsa;
    case "county":
      return place.county;
    case "zip":
      return place.zip;
  }
}

function labelOf(kind: MarketKind, value: string, geo: MarketGeography): string {
  const name =
    kind === "cbsa"
      ? geo.cbsaTitles.get(value)
      : kind === "county"
        ? geo.countyNames.get(value)
        : undefined;
  return `${NAMES[kind]} ${value}${name === undefined ? "" : ` ${name}`}`;
}

/** A market file: one term per line (`zip:21201`, `county:24005` …), blank lines and `#` comments ignored. */
async function readMarketFile(path: string): Promise<MarketSpec[]> {
  const text = await readFile(path, "utf8").catch((error: unknown) => {
    throw new NotFoundError(`market file ${path} cannot be read`, { cause: error });
  });
  const terms: MarketSpec[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*$/, "").trim();
    if (line === "") return;
    try {
      const term = parseMarket(line, { allowFile: false });
      if (term.kind === "national") {
        throw new UsageError("national cannot be part of a market file");
      }
      terms.push(term);
    } catch (error) {
      if (error instanceof UsageError) {
        throw new InputError(path, { line: index + 1 }, error.message, { cause: error });
      }
      throw error;
    }
  });
  if (terms.length === 0) {
    throw new InputError(
      path,
      { line: 1 },
      "the market file lists no ZIP, county, CBSA, locality or state",
    );
  }
  return terms;
}
