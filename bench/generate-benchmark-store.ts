/**
 * Fills a store with a large SYNTHETIC rate set for the speed benchmark (`npm run
 * bench:benchmark`): `rates` rows spread over payers' files and codes, provider groups of 1–4
 * NPIs, and a provider directory. Written with the appender (no JSON) and split into the normalised
 * rate tables by `insertWideRates`, prices in billing-code order, as a code-sorted load would leave them.
 */
import type { Store } from "../src/store/store.js";
import { DEMO_CODES } from "../src/sources/synthetic/generate-demo-mrfs.js";
import { SeededRandom } from "../src/sources/synthetic/seeded-random.js";
import { listValue, type DuckDBConnection } from "@duckdb/node-api";
import { insertWideRates } from "../src/store/wide-rates.js";
import {
  appendProviderGroups,
  appendProviders,
  insertFixtureSourceFile,
  type ProviderGroupRow,
  type ProviderRow,
} from "../src/testing/tic-row-writer.js";

const PAYERS = [
  "UnitedHealthcare Insurance Company (SYNTHETIC BENCH)",
  "Aetna Life Insurance Company (SYNTHETIC BENCH)",
  "Cigna Health and Life Insurance Company (SYNTHETIC BENCH)",
  "Anthem Blue Cross (SYNTHETIC BENCH)",
  "CareFirst BlueCross BlueShield (SYNTHETIC BENCH)",
  "Highmark Inc. (SYNTHETIC BENCH)",
  "Blue Cross and Blue Shield of Texas (SYNTHETIC BENCH)",
  "Regional Health Plan (SYNTHETIC BENCH)",
];
const TAXONOMIES = [
  "208VP0014X",
  "207L00000X",
  "208100000X",
  "207X00000X",
  "207N00000X",
  "207Q00000X",
  "261QA1903X",
];
const STATES = ["VA", "NC", "TN", "AL", "MD", "PA", "TX", "CA", "NY", "FL"];

/** Sizes of the generated store. */
export interface BenchmarkStoreOptions {
  rates: number;
  seed: number;
  /** Distinct billing codes the rates spread over (default 200: 0.5 % of rates, 50,000 of 10 million, per code). */
  codes?: number;
  /** Provider groups per file (default 20,000). */
  groupsPerFile?: number;
}

/** What was generated. */
export interface BenchmarkStoreSummary {
  rates: number;
  files: number;
  providerGroupRows: number;
  providers: number;
  codes: string[];
}

/** The code list: the 17 demo codes, then made-up 5-digit identifiers (labelled by the SYNTHETIC files). */
function benchmarkCodes(count: number): string[] {
  const codes = Object.keys(DEMO_CODES);
  for (let n = 20000; codes.length < count; n += 37) codes.push(String(n));
  return codes.slice(0, count).sort();
}

/** Generates the store; rows per file are equal, codes in sorted order within the whole table. */
export async function generateBenchmarkStore(
  store: Store,
  options: BenchmarkStoreOptions,
): Promise<BenchmarkStoreSummary> {
  const random = new SeededRandom(options.seed);
  const codes = benchmarkCodes(options.codes ?? 200);
  const groupsPerFile = options.groupsPerFile ?? 20_000;
  const npiPool = 150_000;
  return store.withConnection(async (connection) => {
    const fileIds: number[] = [];
    for (const [index, entity] of PAYERS.entries()) {
      fileIds.push(
        await insertFixtureSourceFile(connection, {
          location: `bench/SYNTHETIC-${index + 1}.json.gz`,
          sha256: `${String(index + 1).padStart(2, "0")}${"0".repeat(62)}`,
          reportingEntityName: entity,
          lastUpdatedOn: `2025-0${1 + (index % 9)}-01`,
          synthetic: true,
        }),
      );
    }
    const groups: ProviderGroupRow[] = [];
    for (const fileId of fileIds) {
      for (let g = 0; g < groupsPerFile; g++) {
        const size = random.int(1, 4);
        const tin = String(100_000_000 + random.int(0, 40_000));
        for (let k = 0; k < size; k++) {
          groups.push({
            fileId,
            groupKey: g,
            providerGroupId: String(g),
            npi: 1_000_000_000 + random.int(0, npiPool - 1),
            tinType: "ein",
            tinValue: tin,
          });
        }
      }
    }
    await appendProviderGroups(connection, groups);
    const providers: ProviderRow[] = Array.from({ length: npiPool }, (_, i) => {
      const taxonomy = TAXONOMIES[i % TAXONOMIES.length] ?? "208VP0014X";
      return {
        npi: 1_000_000_000 + i,
        entityType: taxonomy.startsWith("261Q") ? 2 : 1,
        name: `SYNTHETIC PROVIDER ${i}`,
        primaryTaxonomy: taxonomy,
        taxonomies: [taxonomy],
        state: STATES[i % STATES.length] ?? "VA",
        zip5: "00000",
        synthetic: true,
      };
    });
    await appendProviders(connection, providers);
    const rates = await appendBenchmarkRates(
      connection,
      { ...options, codes, fileIds, groupsPerFile },
      random,
    );
    return {
      rates,
      files: fileIds.length,
      providerGroupRows: groups.length,
      providers: providers.length,
      codes,
    };
  });
}

const NEGOTIATED_TYPES = [
  "negotiated",
  "derived",
  "fee schedule",
  "percentage",
  "per diem",
] as const;

/**
 * Appends the rates as scalars only (type, POS pattern and modifier flag as small integers) into
 * a staging table, then expands them into `rates` with one INSERT … SELECT. Appending VARCHAR[]
 * values row by row allocates native list objects the JS garbage collector cannot see; at 10
 * million rows that grew the process past 8 GB, while scalars keep it flat.
 */
async function appendBenchmarkRates(
  connection: DuckDBConnection,
  plan: { rates: number; codes: string[]; fileIds: number[]; groupsPerFile: number },
  random: SeededRandom,
): Promise<number> {
  await connection.run(`CREATE OR REPLACE TEMP TABLE bench_rates_staging (
    file_id INTEGER, item_index INTEGER, rate_index INTEGER, billing_code VARCHAR, group_key INTEGER,
    type_index TINYINT, rate DOUBLE, institutional BOOLEAN, pos_pattern TINYINT, bilateral BOOLEAN)`);
  const appender = await connection.createAppender("bench_rates_staging");
  const perCode = Math.ceil(plan.rates / plan.codes.length);
  let written = 0;
  try {
    for (const [codeIndex, code] of plan.codes.entries()) {
      const medicare = DEMO_CODES[code]?.nonFacility ?? 50 + (codeIndex % 40) * 10;
      for (let i = 0; i < perCode && written < plan.rates; i++, written++) {
        const fileIndex = i % plan.fileIds.length;
        const r = random.next();
        appender.appendInteger(plan.fileIds[fileIndex] ?? 1);
        appender.appendInteger(codeIndex);
        appender.appendInteger(i);
        appender.appendVarchar(code);
        appender.appendInteger(random.int(0, plan.groupsPerFile - 1));
        appender.appendTinyInt(r < 0.01 ? 3 : r < 0.012 ? 4 : r < 0.1 ? 2 : r < 0.15 ? 1 : 0);
        appender.appendDouble(
          Math.round(random.logNormal(medicare * (1.1 + 0.2 * fileIndex), 0.25) * 100) / 100,
        );
        appender.appendBoolean(r > 0.97);
        appender.appendTinyInt(r > 0.97 ? 0 : r > 0.6 ? 2 : 1);
        appender.appendBoolean(r > 0.95 && r <= 0.97);
        appender.endRow();
        if (written % 200_000 === 0) appender.flushSync();
      }
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE bench_wide_rates AS SELECT file_id, item_index, rate_index, 0 AS price_index, 'CPT' AS billing_code_type,
       '2025' AS billing_code_type_version, billing_code, 'ffs' AS negotiation_arrangement, group_key, CAST(group_key AS VARCHAR) AS provider_group_id,
       ($1::VARCHAR[])[type_index + 1] AS negotiated_type,
       CASE type_index WHEN 3 THEN 'percent' WHEN 4 THEN 'per_diem' ELSE 'dollars' END AS rate_unit,
       rate AS negotiated_rate, CASE WHEN institutional THEN 'institutional' ELSE 'professional' END AS billing_class, NULL::VARCHAR AS setting,
       CASE pos_pattern WHEN 1 THEN ['11'] WHEN 2 THEN ['22', '24'] END AS service_codes,
       CASE WHEN bilateral THEN ['50'] END AS billing_code_modifiers, '9999-12-31' AS expiration_date, NULL::VARCHAR AS additional_information
     FROM bench_rates_staging`,
    [listValue([...NEGOTIATED_TYPES])],
  );
  await connection.run("DROP TABLE bench_rates_staging");
  await insertWideRates(connection, "bench_wide_rates");
  await connection.run("DROP TABLE bench_wide_rates");
  return written;
}
