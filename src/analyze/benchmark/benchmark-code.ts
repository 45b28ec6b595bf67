/**
 * The benchmark engine: rates per payer for a code, cleaned with an audit, against Medicare.
 * Heavy lifting happens in DuckDB (`benchmark-sql.ts`); this module maps payers, prepares the
 * small lookup tables, runs the one statement of `resultsSql` and shapes the `BenchmarkResult`.
 *
 * Percentiles are DuckDB `quantile_cont`: linear interpolation between closest ranks
 * (Hyndman–Fan type 7, as R's default and numpy's 'linear'). CV = population SD / mean.
 */
import type { DuckDBConnection, DuckDBValue } from "@duckdb/node-api";
import { BOOLEAN, DOUBLE, INTEGER, LIST, VARCHAR, listValue } from "../../store/duckdb-api.js";
import { DataMissingError, UsageError } from "../../errors.js";
import { isBillingCode } from "../../sources/billing-code.js";
import type { Store } from "../../store/store.js";
import { mapPayer, payerMatches, type PayerIdentity } from "../../normalize/payers/map-payer.js";
import type { ReferenceData } from "../reference/reference-types.js";
import type {
  BenchmarkFilters,
  BenchmarkReleases,
  BenchmarkResult,
  BenchmarkSource,
  CleaningStep,
  MedicareRow,
} from "./benchmark-types.js";
import { modifierKeysSql, resultsSql } from "./benchmark-sql.js";
import { buildCleaningSteps } from "./cleaning-steps.js";
import {
  DEFAULT_CLEANING,
  NEGOTIATED_TYPE_PRIORITY,
  type CleaningSettings,
} from "./cleaning-settings.js";
import { expectedTaxonomies } from "./expected-taxonomies.js";
import { facilityPlacesOfService } from "./facility-class.js";
import {
  chooseMedicareYear,
  createMedicareLookup,
  type MedicareLookup,
} from "./medicare-lookup.js";
import { toGroupBenchmark, toPayerBenchmark, toPooled } from "./result-rows.js";
import {
  booleanAt,
  numberAt,
  numberOrNull,
  queryRows,
  stringOrNull,
  type SqlRow,
} from "./sql-rows.js";
import { inForce, readReleaseFiles } from "../releases/list-releases.js";
import { loadMarketGeography } from "../markets/market-geography.js";
import { parseMarket } from "../markets/parse-market.js";
import { resolveMarket, type ResolvedMarket } from "../markets/resolve-market.js";

/** Options of `benchmarkCode`. */
export interface BenchmarkOptions {
  /** Medicare fee-schedule year (default: latest loaded year with GPCIs). */
  year?: number;
  /** Override cleaning settings (defaults in `cleaning-settings.ts`). */
  cleaning?: Partial<CleaningSettings>;
  /** Clock for `generatedAt` (tests and golden files). */
  now?: Date;
}

/** A loaded in-network file as the engine sees it: a source before its rate count is known. */
export type FileRow = Omit<BenchmarkSource, "rates">;

/**
 * Benchmarks one or more billing codes across payers. Reads `source_files`, `rates`,
 * `provider_groups` and (when loaded) `providers`; never writes to persistent tables.
 */
export async function benchmarkCode(
  store: Store,
  ref: ReferenceData,
  filters: BenchmarkFilters,
  options: BenchmarkOptions = {},
): Promise<BenchmarkResult> {
  const codes = [...new Set(filters.codes.map((code) => code.trim().toUpperCase()))];
  if (codes.length === 0) throw new UsageError("benchmark: give at least one billing code");
  const badCode = codes.find((code) => !isBillingCode(code));
  if (badCode !== undefined) {
    throw new UsageError(`benchmark: "${badCode}" is not a CPT/HCPCS code`);
  }
  const settings: CleaningSettings = { ...DEFAULT_CLEANING, ...options.cleaning };
  const year = chooseMedicareYear(ref, options.year);
  if (options.year !== undefined && year === null) {
    throw new DataMissingError(`No ${options.year} Medicare fee schedule is loaded`);
  }
  const medicare = year === null ? null : createMedicareLookup(ref, year);
  const market = await marketOf(filters);
  return store.withConnection((connection) =>
    runBenchmark(
      connection,
      ref,
      { ...filters, codes },
      settings,
      medicare,
      options.now ?? new Date(),
      market,
    ),
  );
}

/** The filters' market resolved to its ZIPs (null: national, no filter). */
export async function marketOf(filters: BenchmarkFilters): Promise<ResolvedMarket | null> {
  if (filters.market === undefined) return null;
  const spec = parseMarket(filters.market);
  return spec.kind === "national" ? null : resolveMarket(spec, await loadMarketGeography());
}

/** `bm_market`: the market's ZIPs (a TEMP table: a state or CBSA is hundreds of them). */
export async function createMarketTable(
  connection: DuckDBConnection,
  market: ResolvedMarket | null,
): Promise<void> {
  if (market === null) return;
  await connection.run(
    "CREATE OR REPLACE TEMP TABLE bm_market AS SELECT DISTINCT unnest($1::VARCHAR[]) AS zip5",
    [listValue([...(market.zips ?? [])])],
    [LIST(VARCHAR)],
  );
}

/**
 * `bm_zip_locality`: ZIP → 'L:' + carrier-locality from CMS's ZIP file (bundled), so a provider
 * whose practice ZIP is known is priced at its own locality in every state. Empty without the
 * file or without GPCIs. Returns the localities, for `bm_medicare`.
 */
export async function createZipLocalityTable(
  connection: DuckDBConnection,
  ref: ReferenceData,
  medicare: MedicareLookup | null,
): Promise<string[]> {
  const zips = ref.zipLocalities ?? null;
  // Only the directory's own ZIPs: a few rows for a regional directory instead of all 43k
  // (building the full table cost ~0.4 s per benchmark; docs/benchmarks.md).
  const present =
    medicare?.hasLocalities === true && zips !== null
      ? (
          await queryRows(connection, "SELECT DISTINCT zip5 FROM providers WHERE zip5 IS NOT NULL")
        ).map((row) => stringOrNull(row, "zip5") ?? "")
      : [];
  const pairs = present.flatMap((zip): [string, string][] => {
    const locality = zips?.get(zip);
    return locality === undefined ? [] : [[zip, locality]];
  });
  await connection.run(
    "CREATE OR REPLACE TEMP TABLE bm_zip_locality AS SELECT unnest($1::VARCHAR[]) AS zip5, unnest($2::VARCHAR[]) AS state_key",
    [listValue(pairs.map(([zip]) => zip)), listValue(pairs.map(([, locality]) => `L:${locality}`))],
    [LIST(VARCHAR), LIST(VARCHAR)],
  );
  return [...new Set(pairs.map(([, locality]) => locality))].sort();
}

async function runBenchmark(
  connection: DuckDBConnection,
  ref: ReferenceData,
  filters: BenchmarkFilters,
  settings: CleaningSettings,
  medicare: MedicareLookup | null,
  now: Date,
  market: ResolvedMarket | null = null,
): Promise<BenchmarkResult> {
  const selection = await selectFiles(connection, filters);
  const files = selection.files;
  const gaps: string[] = [...selection.gaps];
  const payerList = await createFilesTable(connection, files);
  const directoryRows = numberAt(
    (
      await queryRows(
        connection,
        "SELECT CAST(count(*) AS INTEGER) AS n FROM (SELECT 1 FROM providers LIMIT 1)",
      )
    )[0] ?? { n: 0 },
    "n",
  );
  const hasDirectory = directoryRows > 0;
  if ((filters.states?.length ?? 0) > 0 && !hasDirectory) {
    gaps.push(
      "A state filter needs the provider directory (ratelens import nppes FILE): no provider location is known, so no rate matched.",
    );
  }
  if ((filters.taxonomies?.length ?? 0) > 0 && !hasDirectory) {
    gaps.push(
      "A taxonomy filter needs the provider directory (ratelens import nppes FILE): no provider taxonomy is known, so no rate matched.",
    );
  }

  const states = filters.states?.length
    ? listValue(filters.states.map((s) => s.toUpperCase()))
    : null;
  const taxonomies = filters.taxonomies?.length
    ? listValue(filters.taxonomies.map((t) => t.toUpperCase()))
    : null;
  const params: DuckDBValue[] = [
    listValue(facilityPlacesOfService(ref)),
    states,
    taxonomies,
    filters.modifier?.toUpperCase() ?? null,
    filters.billingClass ?? null,
    filters.facilityClass ?? null,
    listValue(Object.keys(NEGOTIATED_TYPE_PRIORITY)),
    ...filters.codes,
  ];
  if (market !== null && !hasDirectory) {
    gaps.push(
      `A market (${market.spec}) needs the provider directory (ratelens import nppes FILE): no provider location is known, so no rate matched.`,
    );
  }
  await createMedicareTable(
    connection,
    medicare,
    filters,
    await createZipLocalityTable(connection, ref, medicare),
  );
  await createExpectedTable(connection, filters.codes);
  await createMarketTable(connection, market);
  // One statement from the rates to the statistics; its rows are told apart by `kind`.
  const results = await queryRows(connection, resultsSql(filters.codes.length, market !== null), [
    ...params,
    settings.ghostFilter && hasDirectory,
    settings.medicareLowerMultiple,
    settings.medicareUpperMultiple,
    settings.iqrK,
    settings.iqrMinRates,
  ]);
  const scope = results.find((row) => row.kind === "scope") ?? {};
  const clean = results.find((row) => row.kind === "clean") ?? {};
  const statsRows = results.filter((row) => row.kind === "stats");
  const sourceRows = results.filter((row) => row.kind === "source");

  const entitiesByPayer = new Map<string, Set<string>>();
  for (const file of files) {
    const payer = payerKey(mapPayer(file.reportingEntityName), file.synthetic);
    const set = entitiesByPayer.get(payer) ?? new Set<string>();
    if (file.reportingEntityName !== null) set.add(file.reportingEntityName);
    entitiesByPayer.set(payer, set);
  }
  const medicareFor = (
    code: string,
    facilityClass: string,
    billingClass: string | null,
    modifierKey: string,
  ): number | null =>
    medicare === null ||
    billingClass === "institutional" ||
    (facilityClass !== "facility" && facilityClass !== "nonfacility")
      ? null
      : (medicare.amount(
          code,
          facilityClass,
          null,
          modifierKey === "" ? [] : modifierKey.split("+"),
        )?.amount ?? null);
  const identityOf = (row: SqlRow): PayerIdentity => {
    const identity = payerList[numberAt(row, "payer_id")];
    if (identity === undefined) {
      throw new Error(`benchmark: unknown payer_id ${JSON.stringify(row.payer_id)}`);
    }
    return identity;
  };
  const cellOrder = (row: SqlRow): string =>
    [row.billing_code, row.billing_class, row.facility_class, row.modifier_key]
      .map(String)
      .join("|");
  const byCell = (a: SqlRow, b: SqlRow): number => cellOrder(a).localeCompare(cellOrder(b));
  const payers = statsRows
    .filter((row) => row.g_payer === 0)
    .sort(byCell)
    .map((row) => {
      const identity = identityOf(row);
      return toPayerBenchmark(
        row,
        identity,
        [...(entitiesByPayer.get(payerKey(identity, booleanAt(row, "synthetic"))) ?? [])].sort(),
        medicareFor,
      );
    })
    .sort(
      (a, b) =>
        (
          a.billingCode +
          (a.billingClass ?? "") +
          a.facilityClass +
          (a.modifiers ?? "")
        ).localeCompare(
          b.billingCode + (b.billingClass ?? "") + b.facilityClass + (b.modifiers ?? ""),
        ) ||
        a.payer.localeCompare(b.payer) ||
        Number(a.synthetic) - Number(b.synthetic),
    );
  const groups = statsRows
    .filter(
      (row) => row.g_payer === 1 && row.g_cell === 0 && (row.g_buca === 1 || row.is_buca === true),
    )
    .sort((a, b) => byCell(a, b) || Number(b.g_buca) - Number(a.g_buca))
    .map((row) => toGroupBenchmark(row, row.g_buca === 1 ? "All commercial" : "BUCA", medicareFor));
  const pooledRow = statsRows.find((row) => row.g_cell === 1);
  const medicareRows = medicareRowsFor(
    medicare,
    filters.codes,
    payers.map((p) => p.facilityClass),
    filters.facilityClass,
  );

  const sourceCounts = new Map(
    sourceRows.map((row) => [numberAt(row, "file_id"), numberAt(row, "rates")]),
  );
  const sources: BenchmarkSource[] = files
    .filter((file) => sourceCounts.has(file.fileId))
    .map((file) => ({ ...file, rates: sourceCounts.get(file.fileId) ?? 0 }));

  const cleaning: CleaningStep[] = buildCleaningSteps(scope, clean, settings, {
    hasDirectory,
    filters,
    market,
  });
  gaps.push(
    ...describeGaps({
      scope,
      clean,
      files,
      hasDirectory,
      medicare,
      filters,
      payerCount: payers.length,
      hasInstitutional: payers.some((p) => p.billingClass === "institutional"),
    }),
  );
  const containsSynthetic = sources.some((s) => s.synthetic) || payers.some((p) => p.synthetic);

  return {
    billingCode: filters.codes.join(","),
    filters,
    ...(market === null
      ? {}
      : {
          market: {
            spec: market.spec,
            label: market.label,
            zips: market.zips?.length ?? 0,
            localities: market.localities,
          },
        }),
    generatedAt: now.toISOString(),
    payers,
    medicare: medicareRows,
    commercial: pooledRow === undefined ? null : toPooled(pooledRow),
    cleaning,
    nonDollar: {
      percentage: {
        count: numberOrNull(scope, "percent_count") ?? 0,
        median: numberOrNull(scope, "percent_median"),
      },
      perDiem: {
        count: numberOrNull(scope, "per_diem_count") ?? 0,
        median: numberOrNull(scope, "per_diem_median"),
      },
    },
    sources,
    releases: selection.releases,
    gaps,
    containsSynthetic,
    groups,
    medicareYear: medicare?.year ?? null,
    settings: {
      ...settings,
      percentile: "quantile_cont (linear interpolation, type 7)",
      negotiatedTypePriority: Object.keys(NEGOTIATED_TYPE_PRIORITY).join(" < "),
    },
  };
}

/** The files a benchmark reads, which releases they are, and what the selection left out. */
export interface FileSelection {
  files: FileRow[];
  releases: BenchmarkReleases;
  /** Plain statements: payers with no release on or before the as-of, undated files left out. */
  gaps: string[];
}

/**
 * Reads `source_files` (small: one row per file), keeps those matching the payer and synthetic
 * filters, then the files in force (`inForce`): per payer × plan or network, its latest release,
 * or its latest on or before `filters.asOf`. An older release of a plan is never read beside a
 * newer one, so a provider dropped since, or a rate since changed, does not count.
 * A DataMissingError when files match but none was released on or before the as-of.
 */
export async function selectFiles(
  connection: DuckDBConnection,
  filters: BenchmarkFilters,
): Promise<FileSelection> {
  const matching = (await readReleaseFiles(connection))
    .map((file) => ({
      ...file,
      // Also by name: demo files say SYNTHETIC even if a loader forgot the flag.
      synthetic:
        file.synthetic || /synthetic/i.test(`${file.location} ${file.reportingEntityName ?? ""}`),
    }))
    .filter((file) => {
      if (filters.includeSynthetic === false && file.synthetic) return false;
      const payers = filters.payers ?? [];
      return payers.length === 0 || payers.some((query) => payerMatches(file.payer, query));
    });
  const asOf = filters.asOf ?? null;
  const chosen = inForce(matching, asOf);
  const gaps: string[] = [];
  const undated = matching.filter((file) => file.month === null).length;
  if (asOf !== null) {
    const dated = matching.filter((file) => file.month !== null);
    const earliest = dated.map((file) => file.month ?? "").sort()[0];
    if (chosen.length === 0 && matching.length > 0) {
      throw new DataMissingError(
        earliest === undefined
          ? `No release on or before ${asOf}: none of the ${matching.length} matching file(s) is dated (no last_updated_on, index date or dated file name)`
          : `No release on or before ${asOf} is loaded for these filters: the earliest is ${earliest}`,
      );
    }
    const inForcePayers = new Set(chosen.map((file) => file.payer.payer));
    const laterOnly = [...new Set(dated.map((file) => file.payer.payer))]
      .filter((payer) => !inForcePayers.has(payer))
      .sort();
    for (const payer of laterOnly) {
      const first = dated
        .filter((file) => file.payer.payer === payer)
        .map((file) => file.month ?? "")
        .sort()[0];
      gaps.push(
        `${payer}: no release on or before ${asOf} is loaded (earliest ${first ?? "?"}), so it is left out.`,
      );
    }
    if (undated > 0) {
      gaps.push(
        `${undated} file(s) carry no release month (no last_updated_on, index date or dated file name): left out of a benchmark as of ${asOf}.`,
      );
    }
  } else if (undated > 0) {
    gaps.push(
      `${undated} file(s) carry no release month (no last_updated_on, index date or dated file name): read as in force.`,
    );
  }
  const files = chosen.map((file): FileRow => ({
    fileId: file.fileId,
    location: file.location,
    sha256: file.sha256,
    reportingEntityName: file.reportingEntityName,
    lastUpdatedOn: file.lastUpdatedOn,
    ingestedAt: file.ingestedAt,
    synthetic: file.synthetic,
    plan: file.plan,
    release: file.month,
    releaseFrom: file.monthSource,
  }));
  return {
    files,
    releases: {
      asOf,
      months: [
        ...new Set(chosen.flatMap((file) => (file.month === null ? [] : [file.month]))),
      ].sort(),
      superseded: matching.length - chosen.length - (asOf === null ? 0 : undated),
      undated,
    },
    gaps,
  };
}

/** Payer rows are keyed by payer name and whether the data is synthetic. */
function payerKey(identity: PayerIdentity, synthetic: boolean): string {
  return `${identity.payer}|${synthetic ? "synthetic" : "real"}`;
}

/**
 * `bm_files`: file → payer identity and recency (1 = newest `last_updated_on`, then latest
 * ingest, then highest file id), used by the representative-rate rule.
 */
export async function createFilesTable(
  connection: DuckDBConnection,
  files: readonly FileRow[],
): Promise<PayerIdentity[]> {
  const byRecency = [...files].sort(
    (a, b) =>
      dateValue(b.lastUpdatedOn) - dateValue(a.lastUpdatedOn) ||
      b.ingestedAt.localeCompare(a.ingestedAt) ||
      b.fileId - a.fileId,
  );
  const recency = new Map(byRecency.map((file, index) => [file.fileId, index + 1]));
  // Payers travel through SQL as small integers; names are attached again at the end.
  // Synthetic files get their own payer id, so demo data never merges into (or relabels) a real
  // payer's figures: a real and a synthetic "CareFirst BCBS" are two rows, the synthetic one marked.
  const payers: PayerIdentity[] = [];
  const keys: string[] = [];
  const payerIds = files.map((file) => {
    const identity = mapPayer(file.reportingEntityName);
    const key = payerKey(identity, file.synthetic);
    let id = keys.indexOf(key);
    if (id < 0) {
      keys.push(key);
      id = payers.push(identity) - 1;
    }
    return id;
  });
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE bm_files AS
     SELECT unnest($1::INTEGER[]) AS file_id, unnest($2::INTEGER[]) AS payer_id, unnest($3::BOOLEAN[]) AS is_buca,
            unnest($4::BOOLEAN[]) AS synthetic, unnest($5::INTEGER[]) AS recency`,
    [
      listValue(files.map((f) => f.fileId)),
      listValue(payerIds),
      listValue(payerIds.map((id) => payers[id]?.isBuca ?? false)),
      listValue(files.map((f) => f.synthetic)),
      listValue(files.map((f) => recency.get(f.fileId) ?? 0)),
    ],
    [LIST(INTEGER), LIST(INTEGER), LIST(BOOLEAN), LIST(BOOLEAN), LIST(INTEGER)],
  );
  return payers;
}

function dateValue(value: string | null): number {
  if (value === null) return Number.NEGATIVE_INFINITY;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? Number.NEGATIVE_INFINITY : parsed;
}

/**
 * `bm_medicare`: the Medicare amount per (code, setting, modifiers) for each state with a locality
 * of its own (`state_key` = the state) and nationally (`state_key` = ''), the engine picking the
 * state row when there is one. Built before the rates are read, so the whole benchmark is one
 * statement. Modifier keys: only '' can survive the scope rules without --modifier; with it, the
 * codes' distinct modifier keys (a superset of those kept).
 */
export async function createMedicareTable(
  connection: DuckDBConnection,
  medicare: MedicareLookup | null,
  filters: BenchmarkFilters,
  zipLocalities: readonly string[] = [],
): Promise<void> {
  const modifierKeys =
    medicare === null
      ? []
      : filters.modifier === undefined
        ? [""]
        : (
            await queryRows(connection, modifierKeysSql(filters.codes.length), [...filters.codes])
          ).map((row) => stringOrNull(row, "modifier_key") ?? "");
  const rows: {
    code: string;
    facility: string;
    state: string;
    modifiers: string;
    amount: number | null;
    basis: string | null;
  }[] = [];
  for (const code of filters.codes) {
    for (const facility of ["facility", "nonfacility"] as const) {
      for (const modifiers of modifierKeys) {
        const list = modifiers === "" ? [] : modifiers.split("+");
        const national = medicare?.amount(code, facility, null, list) ?? null;
        if (national !== null) {
          rows.push({
            code,
            facility,
            state: "",
            modifiers,
            amount: national.amount,
            basis: national.basis,
          });
        }
        for (const state of medicare?.localityStates ?? []) {
          // Kept even when NULL: a state priced at its locality never falls back to national.
          const quote = medicare?.amount(code, facility, state, list) ?? null;
          rows.push({
            code,
            facility,
            state,
            modifiers,
            amount: quote?.amount ?? null,
            basis: quote?.basis ?? null,
          });
        }
        for (const locality of zipLocalities) {
          const quote = medicare?.amountAtLocality(code, facility, locality, list) ?? null;
          rows.push({
            code,
            facility,
            state: `L:${locality}`,
            modifiers,
            amount: quote?.amount ?? null,
            basis: quote?.basis ?? null,
          });
        }
      }
    }
  }
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE bm_medicare AS
     SELECT unnest($1::VARCHAR[]) AS billing_code, unnest($2::VARCHAR[]) AS facility_class, unnest($3::VARCHAR[]) AS state_key,
            unnest($4::VARCHAR[]) AS modifier_key, unnest($5::DOUBLE[]) AS amount, unnest($6::VARCHAR[]) AS basis`,
    [
      listValue(rows.map((r) => r.code)),
      listValue(rows.map((r) => r.facility)),
      listValue(rows.map((r) => r.state)),
      listValue(rows.map((r) => r.modifiers)),
      listValue(rows.map((r) => r.amount)),
      listValue(rows.map((r) => r.basis)),
    ],
    [LIST(VARCHAR), LIST(VARCHAR), LIST(VARCHAR), LIST(VARCHAR), LIST(DOUBLE), LIST(VARCHAR)],
  );
}

/** `bm_expected`: (code, expected primary taxonomy) pairs; codes without a list are absent. */
export async function createExpectedTable(
  connection: DuckDBConnection,
  codes: readonly string[],
): Promise<void> {
  const pairs = codes.flatMap((code): { code: string; taxonomy: string | null }[] => {
    const list = expectedTaxonomies(code);
    if (list === null) return [];
    // An empty list still marks the code as checked (every provider in the directory a ghost).
    return list.length === 0
      ? [{ code, taxonomy: null }]
      : list.map((taxonomy) => ({ code, taxonomy }));
  });
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE bm_expected AS
     SELECT DISTINCT unnest($1::VARCHAR[]) AS billing_code, unnest($2::VARCHAR[]) AS taxonomy`,
    [listValue(pairs.map((e) => e.code)), listValue(pairs.map((e) => e.taxonomy))],
    [LIST(VARCHAR), LIST(VARCHAR)],
  );
}

/** One Medicare row per code and setting shown (facility and non-facility when no setting filter). */
function medicareRowsFor(
  medicare: MedicareLookup | null,
  codes: readonly string[],
  shown: readonly string[],
  facilityFilter: BenchmarkFilters["facilityClass"],
): MedicareRow[] {
  if (medicare === null) return [];
  const settings: ("facility" | "nonfacility")[] =
    facilityFilter !== undefined
      ? [facilityFilter]
      : shown.length > 0
        ? (["facility", "nonfacility"] as const).filter((s) => shown.includes(s))
        : ["facility", "nonfacility"];
  return codes.flatMap((code) => settings.flatMap((setting) => medicare.row(code, setting) ?? []));
}

interface GapInputs {
  scope: SqlRow;
  clean: SqlRow;
  files: readonly FileRow[];
  hasDirectory: boolean;
  medicare: MedicareLookup | null;
  filters: BenchmarkFilters;
  payerCount: number;
  hasInstitutional: boolean;
}

/** Plain statements of what is missing or approximated. */
function describeGaps({
  scope,
  clean,
  files,
  hasDirectory,
  medicare,
  filters,
  payerCount,
  hasInstitutional,
}: GapInputs): string[] {
  const gaps: string[] = [];
  const n = (row: SqlRow, key: string): number => numberOrNull(row, key) ?? 0;
  if (files.length === 0) {
    gaps.push("No in-network rate files match the filters (load some with ratelens ingest).");
  } else if (n(scope, "total") === 0) {
    gaps.push(`No rates for ${filters.codes.join(", ")} in the ${files.length} matching file(s).`);
  } else if (payerCount === 0) {
    gaps.push(
      "Every rate in scope was removed by the filters or the cleaning rules (see the audit).",
    );
  }
  if (!hasDirectory) {
    gaps.push(
      "No provider directory loaded: ghost-rate (specialty) filter skipped, Medicare compared at national amounts (no provider locations).",
    );
  }
  if (n(scope, "unresolved") > 0) {
    gaps.push(
      `${n(scope, "unresolved")} rate observations reference provider groups that could not be resolved (remote provider_references): those providers are counted by distinct provider_group_id, not TIN/NPI.`,
    );
  }
  if (n(clean, "not_in_directory") > 0) {
    gaps.push(
      `${n(clean, "not_in_directory")} representative rates are from NPIs not found in the provider directory: kept, not specialty-checked, national Medicare.`,
    );
  }
  if (hasDirectory && n(clean, "no_npi") > 0) {
    gaps.push(
      `${n(clean, "no_npi")} representative rates have no NPI (TIN-level or unresolved groups): kept, not specialty-checked.`,
    );
  }
  if (n(clean, "no_expected_list") > 0) {
    gaps.push(
      `No expected-specialty list for ${filters.codes.filter((c) => expectedTaxonomies(c) === null).join(", ")}: ghost-rate filter not applied to it.`,
    );
  }
  if (n(scope, "unknown_setting") > 0) {
    gaps.push(
      `${n(scope, "unknown_setting")} professional rate observations list no place of service: setting 'unknown', no Medicare comparison.`,
    );
  }
  if (medicare === null) gaps.push("No Medicare fee schedule loaded: no % of Medicare.");
  else if (!medicare.hasLocalities) {
    gaps.push(`No GPCI file for ${medicare.year}: national Medicare amounts only.`);
  } else {
    gaps.push(
      "Medicare is locality-matched by the provider's practice ZIP (CMS ZIP-to-locality file) or single-locality state; providers without a known location are compared at the national amount.",
    );
  }
  if (hasInstitutional) {
    gaps.push(
      "Institutional rates are facility fees; the Medicare PFS prices the professional service, so institutional rows get no % of Medicare (OPPS/ASC rates not bundled).",
    );
  }
  return gaps;
}
