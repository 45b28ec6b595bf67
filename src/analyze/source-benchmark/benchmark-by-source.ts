import type { DuckDBConnection } from "@duckdb/node-api";
import { mapPayer, payerMatches } from "../../normalize/payers/map-payer.js";
import { ensureHospitalSchema } from "../../store/hospital-tables.js";
import type { Store } from "../../store/store.js";

/** Where a rate comes from: the payer's TiC file, or the hospital's own price-transparency file. */
export type RateSource = "payer-tic" | "hospital-mrf";

/** One distribution, from one source only: never pooled across sources. */
export interface SourceBenchmarkRow {
  source: RateSource;
  payer: string;
  /** The hospital (hospital-mrf rows); null for payer-tic rows, which span every institutional provider. */
  hospital: { fileId: number; name: string | null; ein: string | null } | null;
  code: string;
  /** 'inpatient' | 'outpatient' | 'both' | 'unspecified' (TiC 1.x files give none). */
  setting: string;
  unit: "dollars" | "percent" | "per_diem";
  count: number;
  min: number;
  p25: number;
  median: number;
  p75: number;
  max: number;
  /** The files behind the row (location and SHA-256), for the audit trail. */
  files: { location: string; sha256: string }[];
  synthetic: boolean;
}

export interface SourceBenchmarkOptions {
  codes: readonly string[];
  payer?: string;
  /** Only these sources (default both). */
  sources?: readonly RateSource[];
  /** False: files loaded as synthetic are left out before any figure is computed (default: kept). */
  includeSynthetic?: boolean;
}

/**
 * Institutional negotiated rates per code × payer × setting from the payers' TiC files, beside the
 * hospitals' own payer-specific negotiated charges per code × payer × hospital × setting, each row
 * labelled with its source. The two are kept in separate rows by design: a hospital's file and a
 * payer's file describe the same contracts from two sides, and pooling them would count a contract
 * twice (or hide that the two disagree: see `crosscheck`). Units never mix.
 *
 * This is the additive "source dimension" for the benchmark views: the publication and the explorer
 * can show these rows under the engine's per-payer table, and the API can filter them by `source`.
 */
export async function benchmarkBySource(
  store: Store,
  options: SourceBenchmarkOptions,
): Promise<SourceBenchmarkRow[]> {
  const sources = new Set(options.sources ?? ["payer-tic", "hospital-mrf"]);
  if (options.codes.length === 0) return [];
  return store.withConnection(async (connection) => {
    await ensureHospitalSchema(connection);
    const rows: SourceBenchmarkRow[] = [];
    const real = options.includeSynthetic === false;
    if (sources.has("payer-tic")) rows.push(...(await ticRows(connection, options.codes, real)));
    if (sources.has("hospital-mrf")) {
      rows.push(...(await hospitalRows(connection, options.codes, real)));
    }
    const wanted = options.payer;
    return rows
      .filter((r) => wanted === undefined || payerMatches(mapPayer(r.payer), wanted))
      .sort(
        (a, b) =>
          a.code.localeCompare(b.code) ||
          a.payer.localeCompare(b.payer) ||
          a.source.localeCompare(b.source) ||
          (a.hospital?.fileId ?? 0) - (b.hospital?.fileId ?? 0) ||
          a.setting.localeCompare(b.setting) ||
          a.unit.localeCompare(b.unit),
      );
  });
}

const STATS = `count(*)::INTEGER AS n, min(v) AS min, quantile_cont(v, 0.25) AS p25, median(v) AS median,
  quantile_cont(v, 0.75) AS p75, max(v) AS max, list(DISTINCT struct_pack(location := location, sha256 := sha256)) AS files,
  bool_or(synthetic) AS synthetic`;

async function ticRows(
  connection: DuckDBConnection,
  codes: readonly string[],
  realOnly: boolean,
): Promise<SourceBenchmarkRow[]> {
  // The alias table lives in JS: each file's payer is worked out here and joined in as a small list.
  const files = (
    await connection.runAndReadAll(
      "SELECT CAST(file_id AS INTEGER) AS file_id, reporting_entity_name FROM source_files WHERE file_kind = 'in-network-rates'",
    )
  ).getRowObjectsJson();
  if (files.length === 0) return [];
  const payerOf = files.map((f) => ({
    file_id: Number(f.file_id),
    payer: mapPayer(f.reporting_entity_name as string | null).payer,
  }));
  // One value per price (not per provider group it applies to): the distribution of negotiated prices.
  const reader = await connection.runAndReadAll(
    `WITH fp AS (SELECT unnest(from_json($2, '[{"file_id":"INTEGER","payer":"VARCHAR"}]'), recursive := true)),
     p AS (
       SELECT DISTINCT r.file_id, r.item_index, r.rate_index, r.price_index, fp.payer, r.billing_code AS code,
         coalesce(r.setting, 'unspecified') AS setting, r.rate_unit AS unit, r.negotiated_rate AS v, s.location, s.sha256, s.synthetic
       FROM rates r JOIN source_files s ON s.file_id = r.file_id JOIN fp ON fp.file_id = r.file_id
       WHERE r.billing_class = 'institutional' AND list_contains(CAST($1 AS VARCHAR[]), r.billing_code)${realOnly ? " AND NOT s.synthetic" : ""})
     SELECT payer, code, setting, unit, ${STATS} FROM p GROUP BY payer, code, setting, unit`,
    [JSON.stringify(codes), JSON.stringify(payerOf)],
  );
  return reader.getRowObjectsJson().map((r) => toRow("payer-tic", r.payer as string, null, r));
}

async function hospitalRows(
  connection: DuckDBConnection,
  codes: readonly string[],
  realOnly: boolean,
): Promise<SourceBenchmarkRow[]> {
  const reader = await connection.runAndReadAll(
    `WITH p AS (
       SELECT file_id, hospital_name, ein, payer, code, coalesce(setting, 'unspecified') AS setting, location, sha256, synthetic,
         CASE WHEN negotiated_dollar IS NOT NULL THEN (CASE WHEN lower(coalesce(methodology, '')) = 'per diem' THEN 'per_diem' ELSE 'dollars' END)
              ELSE 'percent' END AS unit,
         coalesce(negotiated_dollar, negotiated_percentage) AS v
       FROM hospital_charge_codes
       WHERE payer IS NOT NULL AND upper(code_type) IN ('CPT', 'HCPCS') AND list_contains(CAST($1 AS VARCHAR[]), code)
         AND (negotiated_dollar IS NOT NULL OR negotiated_percentage IS NOT NULL)${realOnly ? " AND NOT synthetic" : ""})
     SELECT CAST(file_id AS INTEGER) AS file_id, any_value(hospital_name) AS hospital_name, any_value(ein) AS ein, payer, code, setting, unit, ${STATS}
     FROM p GROUP BY file_id, payer, code, setting, unit`,
    [JSON.stringify(codes)],
  );
  return reader.getRowObjectsJson().map((r) =>
    toRow(
      "hospital-mrf",
      r.payer as string,
      {
        fileId: Number(r.file_id),
        name: (r.hospital_name as string | null) ?? null,
        ein: (r.ein as string | null) ?? null,
      },
      r,
    ),
  );
}

function toRow(
  source: RateSource,
  payer: string,
  hospital: SourceBenchmarkRow["hospital"],
  r: Record<string, unknown>,
): SourceBenchmarkRow {
  return {
    source,
    payer,
    hospital,
    code: r.code as string,
    setting: r.setting as string,
    unit: r.unit as SourceBenchmarkRow["unit"],
    count: Number(r.n),
    min: Number(r.min),
    p25: Number(r.p25),
    median: Number(r.median),
    p75: Number(r.p75),
    max: Number(r.max),
    files: (r.files as { location: string; sha256: string }[]).sort((a, b) =>
      a.location.localeCompare(b.location),
    ),
    synthetic: r.synthetic === true,
  };
}
