/**
 * `hospitalRatesForCode`: what the per-code publication shows of the hospitals' own
 * price-transparency files. Per hospital file × payer × setting × billing class × unit, the
 * hospital's payer-specific negotiated charges for the code (dollars, per diem, percentage of
 * billed charges, algorithm: never converted into one another), beside the same payer's
 * institutional TiC rates for the code (from `benchmarkBySource`: one row per payer × setting ×
 * unit, all providers of the payer's files) and the cross-check's verdict for that hospital, each
 * side with its files. The two sources stay in separate fields: nothing here pools them.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { ensureHospitalSchema } from "../../store/hospital-tables.js";
import type { Store } from "../../store/store.js";
import { crosscheck } from "../crosscheck/crosscheck.js";
import type { CrosscheckRow, CrosscheckStatus } from "../crosscheck/crosscheck-types.js";
import { benchmarkBySource, type SourceBenchmarkRow } from "./benchmark-by-source.js";

/** How a hospital writes a negotiated charge; only "dollars" and "per_diem" are amounts of money. */
export type HospitalChargeUnit = "dollars" | "per_diem" | "percent" | "algorithm";

/** One hospital price-transparency file, as its provenance is shown. */
export interface HospitalFileRef {
  fileId: number;
  hospitalName: string | null;
  location: string;
  sha256: string;
  /** As the file writes it. */
  lastUpdatedOn: string | null;
  /** The file's own "version", as written. */
  version: string | null;
  synthetic: boolean;
}

/** The payer's institutional TiC rates for the code in one setting (all providers in its files). */
export interface PayerTicRates {
  setting: string;
  count: number;
  min: number;
  median: number;
  max: number;
  files: { location: string; sha256: string }[];
  synthetic: boolean;
}

/** One hospital × payer × setting × billing class × unit. */
export interface HospitalChargeRow {
  hospital: HospitalFileRef;
  /** The payer as mapped through the TiC alias table. */
  payer: string;
  /** Payer and plan names as the hospital file writes them. */
  payerNames: string[];
  plans: string[];
  /** 'inpatient' | 'outpatient' | 'both' | 'unspecified' (the layout gives none). */
  setting: string;
  /** As written ('facility', 'professional', 'both'), null when not given. */
  billingClass: string | null;
  unit: HospitalChargeUnit;
  /** Charges in the group. */
  count: number;
  /** Null for algorithm rows, which have no number. */
  min: number | null;
  median: number | null;
  max: number | null;
  /** Algorithm rows: the distinct algorithms, as written. */
  algorithms: string[];
  methodologies: string[];
  /** Where each charge is: "line 12" (CSV) or the JSON path. */
  positions: string[];
  /**
   * The same payer's institutional TiC rates for the code, same unit, compatible setting. Empty
   * when the store has none, and always for professional charges and algorithms (not comparable).
   */
  payerTic: PayerTicRates[];
  /** The cross-check's verdict for this payer × hospital × setting × unit; null when it has none. */
  crosscheck: {
    status: CrosscheckStatus;
    difference: number | null;
    payerValues: number[];
  } | null;
  synthetic: boolean;
}

export interface HospitalRatesForCode {
  code: string;
  /** Hospital files in the store (any code), in this data view. */
  hospitalFilesLoaded: number;
  /** Hospital files with a payer-specific negotiated charge for the code, in this data view. */
  files: HospitalFileRef[];
  rows: HospitalChargeRow[];
  /** Synthetic hospital files with charges for the code that this (real-only) view leaves out. */
  syntheticFilesLeftOut: number;
  /** True when any row shown comes from synthetic data. */
  synthetic: boolean;
}

/**
 * The hospitals' negotiated charges for `code` beside the payers' institutional TiC rates. With
 * `includeSynthetic: false`, files loaded as synthetic (hospital or payer) are left out and counted.
 */
export async function hospitalRatesForCode(
  store: Store,
  code: string,
  options: { includeSynthetic?: boolean } = {},
): Promise<HospitalRatesForCode> {
  const realOnly = options.includeSynthetic === false;
  const { loaded, charges, files } = await store.withConnection(async (connection) => {
    await ensureHospitalSchema(connection);
    return {
      loaded: await countFiles(connection, realOnly),
      charges: await readCharges(connection, code),
      files: await readFiles(connection),
    };
  });
  const left = (c: Charge): boolean => realOnly && files.get(c.fileId)!.synthetic;
  const shown = charges.filter((c) => !left(c));
  const syntheticFilesLeftOut = new Set(charges.filter(left).map((c) => c.fileId)).size;
  if (shown.length === 0) {
    return {
      code,
      hospitalFilesLoaded: loaded,
      files: [],
      rows: [],
      syntheticFilesLeftOut,
      synthetic: false,
    };
  }
  const tic = await benchmarkBySource(store, {
    codes: [code],
    sources: ["payer-tic"],
    includeSynthetic: !realOnly,
  });
  const verdicts = (await crosscheck(store, { codes: [code] })).rows.filter(
    (row) =>
      !realOnly ||
      (row.hospitalValues.every((v) => !v.synthetic) && row.payerValues.every((v) => !v.synthetic)),
  );
  const groups = new Map<string, Charge[]>();
  for (const charge of shown) {
    const key = [
      charge.fileId,
      charge.payer,
      charge.setting,
      charge.billingClass ?? "",
      charge.unit,
    ].join("\u0000");
    groups.set(key, [...(groups.get(key) ?? []), charge]);
  }
  const rows = [...groups.values()].map((group) =>
    toRow(group, files.get(group[0]!.fileId)!, tic, verdicts),
  );
  rows.sort(
    (a, b) =>
      (a.hospital.hospitalName ?? "").localeCompare(b.hospital.hospitalName ?? "") ||
      a.hospital.fileId - b.hospital.fileId ||
      a.payer.localeCompare(b.payer) ||
      a.setting.localeCompare(b.setting) ||
      (a.billingClass ?? "").localeCompare(b.billingClass ?? "") ||
      UNITS.indexOf(a.unit) - UNITS.indexOf(b.unit),
  );
  const shownFiles = [...new Set(rows.map((row) => row.hospital.fileId))].map((id) =>
    files.get(id)!,
  );
  return {
    code,
    hospitalFilesLoaded: loaded,
    files: shownFiles,
    rows,
    syntheticFilesLeftOut,
    synthetic: rows.some((row) => row.synthetic),
  };
}

const UNITS: readonly HospitalChargeUnit[] = ["dollars", "per_diem", "percent", "algorithm"];

interface Charge {
  fileId: number;
  payer: string;
  payerName: string | null;
  plan: string | null;
  setting: string;
  billingClass: string | null;
  unit: HospitalChargeUnit;
  value: number | null;
  algorithm: string | null;
  methodology: string | null;
  position: string;
}

function toRow(
  group: readonly Charge[],
  hospital: HospitalFileRef,
  tic: readonly SourceBenchmarkRow[],
  verdicts: readonly CrosscheckRow[],
): HospitalChargeRow {
  const first = group[0]!;
  const values = group.flatMap((c) => (c.value === null ? [] : [c.value])).sort((a, b) => a - b);
  const distinct = (list: (string | null)[]): string[] =>
    [...new Set(list.filter((x): x is string => x !== null && x !== ""))].sort();
  // Facility charges only: a professional charge is not a facility rate.
  const comparable =
    first.unit !== "algorithm" && first.billingClass?.toLowerCase() !== "professional";
  const payerTic = comparable
    ? tic
        .filter(
          (row) =>
            row.payer === first.payer &&
            row.unit === first.unit &&
            settingsCompatible(first.setting, row.setting),
        )
        .map((row) => ({
          setting: row.setting,
          count: row.count,
          min: row.min,
          median: row.median,
          max: row.max,
          files: row.files,
          synthetic: row.synthetic,
        }))
    : [];
  const verdict = comparable
    ? verdicts.find(
        (row) =>
          row.hospital.fileId === first.fileId &&
          row.payer === first.payer &&
          row.setting === first.setting &&
          row.unit === first.unit,
      )
    : undefined;
  return {
    hospital,
    payer: first.payer,
    payerNames: distinct(group.map((c) => c.payerName)),
    plans: distinct(group.map((c) => c.plan)),
    setting: first.setting,
    billingClass: first.billingClass,
    unit: first.unit,
    count: group.length,
    min: values.length === 0 ? null : values[0]!,
    median: values.length === 0 ? null : median(values),
    max: values.length === 0 ? null : values[values.length - 1]!,
    algorithms: distinct(group.map((c) => c.algorithm)),
    methodologies: distinct(group.map((c) => c.methodology)),
    positions: group.map((c) => c.position),
    payerTic,
    crosscheck:
      verdict === undefined
        ? null
        : {
            status: verdict.status,
            difference: verdict.difference,
            payerValues: [...new Set(verdict.payerValues.map((v) => v.value))].sort(
              (a, b) => a - b,
            ),
          },
    synthetic: hospital.synthetic || payerTic.some((row) => row.synthetic),
  };
}

function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** As the cross-check matches them: equal, or one side "both", or the payer's file gives none. */
function settingsCompatible(hospital: string, payer: string): boolean {
  return (
    payer === "unspecified" ||
    hospital === "unspecified" ||
    hospital === payer ||
    hospital === "both" ||
    payer === "both"
  );
}

async function countFiles(connection: DuckDBConnection, realOnly: boolean): Promise<number> {
  const reader = await connection.runAndReadAll(
    `SELECT count(*)::INTEGER AS n FROM hospital_files${realOnly ? " WHERE NOT synthetic" : ""}`,
  );
  return Number(reader.getRowObjectsJson()[0]?.n ?? 0);
}

async function readFiles(connection: DuckDBConnection): Promise<Map<number, HospitalFileRef>> {
  const reader = await connection.runAndReadAll(
    `SELECT CAST(file_id AS INTEGER) AS file_id, hospital_name, location, sha256, last_updated_on, declared_version, synthetic
     FROM hospital_files`,
  );
  return new Map(
    reader.getRowObjectsJson().map((r) => [
      Number(r.file_id),
      {
        fileId: Number(r.file_id),
        hospitalName: (r.hospital_name as string | null) ?? null,
        location: r.location as string,
        sha256: r.sha256 as string,
        lastUpdatedOn: (r.last_updated_on as string | null) ?? null,
        version: (r.declared_version as string | null) ?? null,
        synthetic: r.synthetic === true,
      },
    ]),
  );
}

/** One entry per charge value: a row with both dollars and a percentage gives two, kept apart. */
async function readCharges(connection: DuckDBConnection, code: string): Promise<Charge[]> {
  const reader = await connection.runAndReadAll(
    `SELECT CAST(file_id AS INTEGER) AS file_id, payer, payer_name, plan_name, coalesce(setting, 'unspecified') AS setting,
       billing_class, negotiated_dollar, negotiated_percentage, negotiated_algorithm, methodology, row_number, json_path
     FROM hospital_charge_codes
     WHERE payer IS NOT NULL AND upper(code_type) IN ('CPT', 'HCPCS') AND code = $1
       AND (negotiated_dollar IS NOT NULL OR negotiated_percentage IS NOT NULL
         OR coalesce(negotiated_algorithm, '') <> '')
     ORDER BY file_id, record_index, payer_index`,
    [code],
  );
  return reader.getRowObjectsJson().flatMap((r) => {
    const methodology = (r.methodology as string | null) ?? null;
    const common = {
      fileId: Number(r.file_id),
      payer: r.payer as string,
      payerName: (r.payer_name as string | null) ?? null,
      plan: (r.plan_name as string | null) ?? null,
      setting: r.setting as string,
      billingClass: (r.billing_class as string | null) ?? null,
      methodology,
      position:
        r.row_number === null
          ? ((r.json_path as string | null) ?? "position not recorded")
          : `line ${Number(r.row_number)}`,
    };
    const out: Charge[] = [];
    if (r.negotiated_dollar !== null) {
      out.push({
        ...common,
        unit: methodology?.toLowerCase() === "per diem" ? "per_diem" : "dollars",
        value: Number(r.negotiated_dollar),
        algorithm: null,
      });
    }
    if (r.negotiated_percentage !== null) {
      out.push({
        ...common,
        unit: "percent",
        value: Number(r.negotiated_percentage),
        algorithm: null,
      });
    }
    const algorithm = (r.negotiated_algorithm as string | null) ?? "";
    if (out.length === 0 && algorithm !== "") {
      out.push({ ...common, unit: "algorithm", value: null, algorithm });
    }
    return out;
  });
}
