/**
 * Request parameters → library arguments, with a `UsageError` (HTTP 400) for anything invalid.
 * Shared by the JSON API and the server-rendered explorer page so both accept the same filters.
 */
import type { BenchmarkFilters } from "../analyze/benchmark/benchmark-types.js";
import { UsageError } from "../errors.js";
import type { MedicareQuery } from "./app-services.js";

/** CPT / HCPCS codes: five letters or digits (64491, G0260, 0213T). */
const CODE_PATTERN = /^[A-Z0-9]{5}$/;

/** The code in upper case, or a UsageError. */
export function parseCode(raw: string | undefined): string {
  const code = (raw ?? "").trim().toUpperCase();
  if (!CODE_PATTERN.test(code)) throw new UsageError(`"${raw ?? ""}" is not a CPT/HCPCS code (five letters or digits, e.g. 64491)`);
  return code;
}

/** Reads every value of a parameter, splitting comma lists and dropping blanks. */
export type QueryReader = (name: string) => string[];

function list(read: QueryReader, name: string): string[] | undefined {
  const values = read(name)
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter((value) => value.length > 0);
  return values.length === 0 ? undefined : values;
}

function single(read: QueryReader, name: string): string | undefined {
  const values = list(read, name);
  if (values !== undefined && values.length > 1) throw new UsageError(`parameter "${name}" takes one value, got ${values.length}`);
  return values?.[0];
}

/** Parses `setting` as facility / non-facility. */
export function parseSetting(raw: string | undefined): "facility" | "nonfacility" | undefined {
  if (raw === undefined) return undefined;
  const value = raw.toLowerCase().replace(/[-_ ]/g, "");
  if (value === "facility") return "facility";
  if (value === "nonfacility") return "nonfacility";
  throw new UsageError(`setting must be "facility" or "nonfacility", got "${raw}"`);
}

/** Benchmark filters from `payer`, `state`, `setting`, `billingClass`, `modifier`, `taxonomy`, `synthetic`. */
export function parseBenchmarkFilters(code: string, read: QueryReader): BenchmarkFilters {
  const filters: BenchmarkFilters = { codes: [parseCode(code)] };
  const payers = list(read, "payer");
  if (payers !== undefined) filters.payers = payers;
  const states = list(read, "state");
  if (states !== undefined) {
    const bad = states.find((state) => !/^[A-Za-z]{2}$/.test(state));
    if (bad !== undefined) throw new UsageError(`state must be a two-letter code, got "${bad}"`);
    filters.states = states.map((state) => state.toUpperCase());
  }
  const setting = parseSetting(single(read, "setting"));
  if (setting !== undefined) filters.facilityClass = setting;
  const billingClass = single(read, "billingClass");
  if (billingClass !== undefined) {
    if (billingClass !== "professional" && billingClass !== "institutional") throw new UsageError(`billingClass must be "professional" or "institutional", got "${billingClass}"`);
    filters.billingClass = billingClass;
  }
  const modifier = single(read, "modifier");
  if (modifier !== undefined) filters.modifier = modifier.toUpperCase();
  const taxonomies = list(read, "taxonomy");
  if (taxonomies !== undefined) filters.taxonomies = taxonomies;
  const synthetic = single(read, "synthetic");
  if (synthetic !== undefined) {
    if (synthetic !== "true" && synthetic !== "false") throw new UsageError(`synthetic must be "true" or "false", got "${synthetic}"`);
    filters.includeSynthetic = synthetic === "true";
  }
  return filters;
}

/** Medicare query from `year`, `locality`, `setting`. */
export function parseMedicareQuery(code: string, read: QueryReader): MedicareQuery {
  const query: MedicareQuery = { code: parseCode(code) };
  const year = single(read, "year");
  if (year !== undefined) {
    if (!/^20\d\d$/.test(year)) throw new UsageError(`year must be a four-digit year, got "${year}"`);
    query.year = Number(year);
  }
  const locality = single(read, "locality");
  if (locality !== undefined) query.locality = locality;
  const setting = parseSetting(single(read, "setting"));
  if (setting !== undefined) query.setting = setting;
  return query;
}
