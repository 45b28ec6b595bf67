/**
 * The benchmark engine's kept rates themselves (one representative rate per payer × provider ×
 * code × setting, after every cleaning rule), for analyses that need the values: a contract
 * line's percentile in its market. Same filters, scope, cleaning and Medicare matching as
 * `benchmarkCode`, so its statistics and these values always agree.
 */
import type { DuckDBValue } from "@duckdb/node-api";
import { listValue } from "../../store/duckdb-api.js";
import { DataMissingError, UsageError } from "../../errors.js";
import type { Store } from "../../store/store.js";
import type { PayerIdentity } from "../../normalize/payers/map-payer.js";
import type { ReferenceData } from "../reference/reference-types.js";
import type { ResolvedMarket } from "../markets/resolve-market.js";
import {
  createExpectedTable,
  createFilesTable,
  createMarketTable,
  createMedicareTable,
  createZipLocalityTable,
  marketOf,
  selectFiles,
  type FileRow,
} from "./benchmark-code.js";
import { keptRatesSql } from "./benchmark-sql.js";
import type { BenchmarkFilters } from "./benchmark-types.js";
import { DEFAULT_CLEANING, NEGOTIATED_TYPE_PRIORITY } from "./cleaning-settings.js";
import { facilityPlacesOfService } from "./facility-class.js";
import { chooseMedicareYear, createMedicareLookup } from "./medicare-lookup.js";
import {
  booleanAt,
  numberAt,
  numberOrNull,
  queryRows,
  stringAt,
  stringOrNull,
} from "./sql-rows.js";

/** One kept representative rate. */
export interface KeptRate {
  payer: PayerIdentity;
  code: string;
  billingClass: string;
  facilityClass: "facility" | "nonfacility" | "unknown";
  modifierKey: string;
  rate: number;
  /** Medicare matched to the provider (ZIP locality, single-locality state, else national); null when none. */
  medicare: number | null;
  medicareBasis: "locality" | "national" | null;
  synthetic: boolean;
  fileId: number;
  npi: string | null;
  tin: string | null;
  zip5: string | null;
}

/** The kept rates, the files they may come from, and the market they were placed in. */
export interface KeptRates {
  rates: KeptRate[];
  files: FileRow[];
  market: ResolvedMarket | null;
  medicareYear: number | null;
  hasDirectory: boolean;
}

/** Reads the kept rates for `filters` (default cleaning settings, as the published benchmarks). */
export async function benchmarkRates(
  store: Store,
  ref: ReferenceData,
  filters: BenchmarkFilters,
  options: { year?: number } = {},
): Promise<KeptRates> {
  const codes = [...new Set(filters.codes.map((code) => code.trim().toUpperCase()))];
  if (codes.length === 0) throw new UsageError("give at least one billing code");
  const year = chooseMedicareYear(ref, options.year);
  if (options.year !== undefined && year === null) {
    throw new DataMissingError(`No ${options.year} Medicare fee schedule is loaded`);
  }
  const medicare = year === null ? null : createMedicareLookup(ref, year);
  const market = await marketOf(filters);
  const settings = DEFAULT_CLEANING;
  return store.withConnection(async (connection) => {
    const scoped = { ...filters, codes };
    const { files } = await selectFiles(connection, scoped);
    const payers = await createFilesTable(connection, files);
    const directory = await queryRows(
      connection,
      "SELECT CAST(count(*) AS INTEGER) AS n FROM (SELECT 1 FROM providers LIMIT 1)",
    );
    const hasDirectory = (numberOrNull(directory[0] ?? {}, "n") ?? 0) > 0;
    await createMedicareTable(
      connection,
      medicare,
      scoped,
      await createZipLocalityTable(connection, ref, medicare),
    );
    await createExpectedTable(connection, codes);
    await createMarketTable(connection, market);
    const params: DuckDBValue[] = [
      listValue(facilityPlacesOfService(ref)),
      scoped.states?.length ? listValue(scoped.states.map((s) => s.toUpperCase())) : null,
      scoped.taxonomies?.length ? listValue(scoped.taxonomies.map((t) => t.toUpperCase())) : null,
      scoped.modifier?.toUpperCase() ?? null,
      scoped.billingClass ?? null,
      scoped.facilityClass ?? null,
      listValue(Object.keys(NEGOTIATED_TYPE_PRIORITY)),
      ...codes,
      settings.ghostFilter && hasDirectory,
      settings.medicareLowerMultiple,
      settings.medicareUpperMultiple,
      settings.iqrK,
      settings.iqrMinRates,
    ];
    const rows = await queryRows(connection, keptRatesSql(codes.length, market !== null), params);
    const rates = rows.map((row): KeptRate => {
      const payer = payers[numberAt(row, "payer_id")];
      if (payer === undefined) {
        throw new Error(`benchmarkRates: unknown payer_id ${JSON.stringify(row.payer_id)}`);
      }
      const facility = stringAt(row, "facility_class");
      const basis = stringOrNull(row, "medicare_basis");
      return {
        payer,
        code: stringAt(row, "billing_code"),
        billingClass: stringAt(row, "billing_class"),
        facilityClass: facility === "facility" || facility === "nonfacility" ? facility : "unknown",
        modifierKey: stringOrNull(row, "modifier_key") ?? "",
        rate: numberAt(row, "rate"),
        medicare: numberOrNull(row, "medicare"),
        medicareBasis: basis === "locality" || basis === "national" ? basis : null,
        synthetic: booleanAt(row, "synthetic"),
        fileId: numberAt(row, "file_id"),
        npi: stringOrNull(row, "npi"),
        tin: stringOrNull(row, "tin_value"),
        zip5: stringOrNull(row, "zip5"),
      };
    });
    return { rates, files, market, medicareYear: year, hasDirectory };
  });
}
