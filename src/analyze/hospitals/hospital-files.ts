/**
 * The loaded hospital price-transparency files as the site and API list them: who, which template
 * version, `last_updated_on` as written, the counts of the load and a findings summary per rule
 * (the counts are complete; at most the first 1,000 findings of a file are stored, see
 * `ingestHospitalFile`). Read straight from `hospital_files` / `hospital_findings`, nothing derived.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { NotFoundError } from "../../errors.js";
import type { HptLayout } from "../../sources/hpt/hpt-record.js";
import { ensureHospitalSchema } from "../../store/hospital-tables.js";
import type { Store } from "../../store/store.js";

/** One loaded hospital file. */
export interface HospitalFileSummary {
  fileId: number;
  hospitalName: string | null;
  location: string;
  sha256: string;
  sizeBytes: number;
  layout: HptLayout;
  /** The file's own version, as written (null when it gives none). */
  declaredVersion: string | null;
  /** The CMS template version whose rules were applied (null for the pre-template layout). */
  rulesVersion: string | null;
  /** As written in the file. */
  lastUpdatedOn: string | null;
  ein: string | null;
  type2Npis: string[];
  licenseNumber: string | null;
  licenseState: string | null;
  locations: string[];
  /** Items × settings read, and how many of them were loaded (those without an error finding). */
  records: number;
  loadedRecords: number;
  /** Rows in `hospital_charges` (one per record × payer-plan). */
  charges: number;
  errors: number;
  warnings: number;
  /** Payers named by the file's charges, as mapped through the TiC alias table. */
  payers: string[];
  synthetic: boolean;
  ingestedAt: string;
}

/** Findings of one rule in one file: the complete count is `errors + warnings` of the file. */
export interface FindingRuleCount {
  rule: string;
  severity: string;
  /** Stored findings of this rule (the first 1,000 of the file are stored). */
  stored: number;
}

export interface HospitalFindingRow {
  rule: string;
  severity: string;
  row: number | null;
  column: string | null;
  message: string;
}

export interface HospitalFindings {
  file: HospitalFileSummary;
  byRule: FindingRuleCount[];
  findings: HospitalFindingRow[];
  /** Findings stored for the file; `file.errors + file.warnings` is the complete count. */
  stored: number;
  /** True when fewer findings are returned than stored (the limit applied). */
  truncated: boolean;
}

const FILE_COLUMNS = `CAST(f.file_id AS INTEGER) AS file_id, f.hospital_name, f.location, f.sha256,
  CAST(f.size_bytes AS DOUBLE) AS size_bytes, f.layout, f.declared_version, f.rules_version,
  f.last_updated_on, f.ein, f.type_2_npis, f.license_number, f.license_state, f.locations,
  CAST(f.record_count AS DOUBLE) AS record_count, CAST(f.loaded_record_count AS DOUBLE) AS loaded,
  CAST(f.charge_count AS DOUBLE) AS charge_count, CAST(f.error_count AS DOUBLE) AS error_count,
  CAST(f.warning_count AS DOUBLE) AS warning_count, f.synthetic,
  strftime(f.ingested_at, '%Y-%m-%dT%H:%M:%SZ') AS ingested_at,
  (SELECT list(DISTINCT c.payer ORDER BY c.payer) FROM hospital_charges c
     WHERE c.file_id = f.file_id AND c.payer IS NOT NULL) AS payers`;

type Row = Record<string, unknown>;

const text = (value: unknown): string | null => (typeof value === "string" ? value : null);
const texts = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
const count = (value: unknown): number => Number(value ?? 0);

const LAYOUTS: readonly HptLayout[] = ["csv-tall", "csv-wide", "json", "legacy-wide"];

function layoutOf(value: unknown): HptLayout {
  const layout = LAYOUTS.find((known) => known === value);
  // Only the loader writes this column, from the same type: anything else is a corrupt store.
  if (layout === undefined) throw new Error(`hospital_files.layout holds an unknown layout`);
  return layout;
}

function summaryOf(row: Row): HospitalFileSummary {
  return {
    fileId: count(row.file_id),
    hospitalName: text(row.hospital_name),
    location: String(row.location),
    sha256: String(row.sha256),
    sizeBytes: count(row.size_bytes),
    layout: layoutOf(row.layout),
    declaredVersion: text(row.declared_version),
    rulesVersion: text(row.rules_version),
    lastUpdatedOn: text(row.last_updated_on),
    ein: text(row.ein),
    type2Npis: texts(row.type_2_npis),
    licenseNumber: text(row.license_number),
    licenseState: text(row.license_state),
    locations: texts(row.locations),
    records: count(row.record_count),
    loadedRecords: count(row.loaded),
    charges: count(row.charge_count),
    errors: count(row.error_count),
    warnings: count(row.warning_count),
    payers: texts(row.payers),
    synthetic: row.synthetic === true,
    ingestedAt: String(row.ingested_at),
  };
}

async function readFiles(
  connection: DuckDBConnection,
  fileId?: number,
): Promise<HospitalFileSummary[]> {
  await ensureHospitalSchema(connection);
  const reader = await connection.runAndReadAll(
    `SELECT ${FILE_COLUMNS} FROM hospital_files f
     ${fileId === undefined ? "" : "WHERE f.file_id = $1"}
     ORDER BY lower(coalesce(f.hospital_name, f.location)), f.file_id`,
    fileId === undefined ? [] : [fileId],
  );
  return reader.getRowObjectsJS().map((row) => summaryOf(row as Row));
}

/** Every loaded hospital file, by hospital name. */
export async function listHospitalFiles(store: Store): Promise<HospitalFileSummary[]> {
  return store.withConnection((connection) => readFiles(connection));
}

/**
 * One file's stored findings (errors first, then by row), at most `limit` of them, with the count
 * per rule. `NotFoundError` when no hospital file has that id.
 */
export async function hospitalFindings(
  store: Store,
  fileId: number,
  options: { limit?: number; severity?: "error" | "warning" } = {},
): Promise<HospitalFindings> {
  const limit = options.limit ?? 500;
  return store.withConnection(async (connection) => {
    const [file] = await readFiles(connection, fileId);
    if (file === undefined) throw new NotFoundError(`no hospital file with id ${fileId}`);
    const rules = await connection.runAndReadAll(
      `SELECT rule, severity, CAST(count(*) AS INTEGER) AS n FROM hospital_findings
       WHERE file_id = $1 GROUP BY rule, severity ORDER BY severity, n DESC, rule`,
      [fileId],
    );
    const byRule = rules.getRowObjectsJS().map((row) => ({
      rule: text(row.rule) ?? "",
      severity: text(row.severity) ?? "",
      stored: count(row.n),
    }));
    const severity = options.severity;
    const found = await connection.runAndReadAll(
      `SELECT rule, severity, row_number, column_name, message FROM hospital_findings
       WHERE file_id = $1 ${severity === undefined ? "" : "AND severity = $3"}
       ORDER BY severity, row_number NULLS FIRST, rule LIMIT $2`,
      severity === undefined ? [fileId, limit + 1] : [fileId, limit + 1, severity],
    );
    const rows = found.getRowObjectsJS();
    const stored = byRule
      .filter((r) => severity === undefined || r.severity === severity)
      .reduce((sum, r) => sum + r.stored, 0);
    return {
      file,
      byRule,
      findings: rows.slice(0, limit).map((row) => ({
        rule: text(row.rule) ?? "",
        severity: text(row.severity) ?? "",
        row: row.row_number === null ? null : count(row.row_number),
        column: text(row.column_name),
        message: text(row.message) ?? "",
      })),
      stored,
      truncated: rows.length > limit,
    };
  });
}
