/**
 * Benchmark filters from named parameters, with a `UsageError` for anything invalid. The one parser
 * behind `ratelens benchmark`, `ratelens report`, the JSON API and the explorer page, so all accept
 * the same filters with the same checks.
 */
import { UsageError } from "../../errors.js";
import { parseBillingCode } from "../../sources/billing-code.js";
import type { BenchmarkFilters } from "./benchmark-types.js";
import { marketText, parseMarket } from "../markets/parse-market.js";
import { isMonth } from "../releases/release-month.js";

/** Every value given for a parameter (repeated flags or query parameters); comma lists are split here. */
export type ParameterReader = (name: string) => readonly string[];

/** How a parameter is called where it was given (`billingClass` on the web, `--billing-class` on the command line). */
export type ParameterLabel = (name: string) => string;

/** The CPT/HCPCS code in upper case (`parseBillingCode`), or a UsageError. */
export function parseCode(raw: string | undefined): string {
  const code = parseBillingCode(raw ?? "");
  if (code === null) {
    throw new UsageError(
      `"${raw ?? ""}" is not a CPT/HCPCS code (five letters or digits, e.g. 64491)`,
    );
  }
  return code;
}

/** Parses a setting as facility / non-facility ("non-facility", "NonFacility" … accepted). */
export function parseSetting(
  raw: string | undefined,
  label = "setting",
): "facility" | "nonfacility" | undefined {
  if (raw === undefined) return undefined;
  const value = raw.toLowerCase().replace(/[-_ ]/g, "");
  if (value === "facility") return "facility";
  // "office" is the PFS non-facility setting (place of service 11), as billers say it.
  if (value === "nonfacility" || value === "office") return "nonfacility";
  throw new UsageError(`${label} must be "facility" or "nonfacility" (or "office"), got "${raw}"`);
}

function list(read: ParameterReader, name: string): string[] | undefined {
  const values = read(name)
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter((value) => value.length > 0);
  return values.length === 0 ? undefined : values;
}

/** The one value of a parameter (undefined when absent); a UsageError when several are given. */
export function singleParameter(
  read: ParameterReader,
  name: string,
  label: ParameterLabel = (parameter) => parameter,
): string | undefined {
  const values = list(read, name);
  if (values !== undefined && values.length > 1) {
    throw new UsageError(`${label(name)} takes one value, got ${values.length}`);
  }
  return values?.[0];
}

/**
 * Filters for `codes` from the parameters `payer`, `state`, `setting`, `billingClass`, `modifier`,
 * `taxonomy`, `market`, `source` ("payer", "hospital", "both"), `synthetic` ("true"/"false") and
 * `asOf` (a release month, YYYY-MM). Codes, states, modifiers and taxonomy codes are
 * upper-cased; payer names are kept as written (matched by alias later).
 */
export function parseBenchmarkFilters(
  codes: string | readonly string[],
  read: ParameterReader,
  label: ParameterLabel = (name) => name,
  options: { allowFileMarket?: boolean } = {},
): BenchmarkFilters {
  const parsed = (typeof codes === "string" ? [codes] : codes).map(parseCode);
  if (parsed.length === 0) throw new UsageError("give at least one billing code");
  const filters: BenchmarkFilters = { codes: parsed };
  const payers = list(read, "payer");
  if (payers !== undefined) filters.payers = payers;
  const states = list(read, "state");
  if (states !== undefined) {
    const bad = states.find((state) => !/^[A-Za-z]{2}$/.test(state));
    if (bad !== undefined) {
      throw new UsageError(`${label("state")} must be a two-letter code, got "${bad}"`);
    }
    filters.states = states.map((state) => state.toUpperCase());
  }
  const setting = parseSetting(singleParameter(read, "setting", label), label("setting"));
  if (setting !== undefined) filters.facilityClass = setting;
  const billingClass = singleParameter(read, "billingClass", label)?.toLowerCase();
  if (billingClass !== undefined) {
    if (billingClass !== "professional" && billingClass !== "institutional") {
      throw new UsageError(
        `${label("billingClass")} must be "professional" or "institutional", got "${billingClass}"`,
      );
    }
    filters.billingClass = billingClass;
  }
  const modifier = singleParameter(read, "modifier", label);
  if (modifier !== undefined) filters.modifier = modifier.toUpperCase();
  const taxonomies = list(read, "taxonomy");
  if (taxonomies !== undefined) {
    filters.taxonomies = taxonomies.map((taxonomy) => taxonomy.toUpperCase());
  }
  // One market term (its own values may be a comma list: zip:21201,21202), not split here.
  const markets = read("market").filter((value) => value.trim() !== "");
  if (markets.length > 1) {
    throw new UsageError(`${label("market")} takes one value, got ${markets.length}`);
  }
  if (markets[0] !== undefined) {
    const market = parseMarket(markets[0], { allowFile: options.allowFileMarket ?? false });
    if (market.kind !== "national") filters.market = marketText(market);
  }
  const source = singleParameter(read, "source", label)?.toLowerCase();
  if (source !== undefined) {
    if (source !== "payer" && source !== "hospital" && source !== "both") {
      throw new UsageError(
        `${label("source")} must be "payer" (TiC files), "hospital" (hospital files) or "both", got "${source}"`,
      );
    }
    filters.source = source;
  }
  const synthetic = singleParameter(read, "synthetic", label);
  if (synthetic !== undefined) {
    if (synthetic !== "true" && synthetic !== "false") {
      throw new UsageError(`${label("synthetic")} must be "true" or "false", got "${synthetic}"`);
    }
    filters.includeSynthetic = synthetic === "true";
  }
  const asOf = singleParameter(read, "asOf", label);
  if (asOf !== undefined) {
    if (!isMonth(asOf)) {
      throw new UsageError(
        `${label("asOf")} must be a release month YYYY-MM (e.g. 2026-05), got "${asOf}"`,
      );
    }
    filters.asOf = asOf;
  }
  return filters;
}
