/**
 * Request parameters → library arguments, with a `UsageError` (HTTP 400) for anything invalid.
 * Benchmark filters use the library's `parseBenchmarkFilters`, as the CLI does.
 */
import { parseCode, parseSetting, singleParameter, type ParameterReader } from "../analyze/benchmark/parse-benchmark-filters.js";
import { UsageError } from "../errors.js";
import type { MedicareQuery } from "./app-services.js";

/** Reads every value of a query parameter. */
export type QueryReader = ParameterReader;

/** Medicare query from `year`, `locality`, `setting`. */
export function parseMedicareQuery(code: string, read: QueryReader): MedicareQuery {
  const query: MedicareQuery = { code: parseCode(code) };
  const year = singleParameter(read, "year");
  if (year !== undefined) {
    if (!/^20\d\d$/.test(year)) throw new UsageError(`year must be a four-digit year, got "${year}"`);
    query.year = Number(year);
  }
  const locality = singleParameter(read, "locality");
  if (locality !== undefined) query.locality = locality;
  const setting = parseSetting(singleParameter(read, "setting"));
  if (setting !== undefined) query.setting = setting;
  return query;
}
