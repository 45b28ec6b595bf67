import type { DuckDBAppender, DuckDBConnection } from "@duckdb/node-api";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HptFinding } from "../sources/hpt/hpt-finding.js";
import { parseAmount, type HptHeader, type HptRecord } from "../sources/hpt/hpt-record.js";
import { mapPayer, type PayerIdentity } from "../normalize/payers/map-payer.js";
import { CsvBytes, csvList, csvText } from "../normalize/tic/csv-fields.js";
import { sqlString } from "./sql-string.js";

/** The staged CSV's columns (in `hospital_charges` order; lists as JSON text), as DuckDB reads them. */
const STAGE_COLUMNS: Readonly<Record<string, string>> = {
  record_index: "INTEGER",
  payer_index: "INTEGER",
  row_number: "INTEGER",
  json_path: "VARCHAR",
  description: "VARCHAR",
  code_types: "VARCHAR",
  codes: "VARCHAR",
  modifiers: "VARCHAR",
  setting: "VARCHAR",
  billing_class: "VARCHAR",
  drug_unit: "DOUBLE",
  drug_type: "VARCHAR",
  gross_charge: "DOUBLE",
  discounted_cash: "DOUBLE",
  minimum: "DOUBLE",
  maximum: "DOUBLE",
  generic_notes: "VARCHAR",
  payer_name: "VARCHAR",
  plan_name: "VARCHAR",
  payer: "VARCHAR",
  payer_family: "VARCHAR",
  negotiated_dollar: "DOUBLE",
  negotiated_percentage: "DOUBLE",
  negotiated_algorithm: "VARCHAR",
  methodology: "VARCHAR",
  estimated_amount: "DOUBLE",
  median_amount: "DOUBLE",
  p10_amount: "DOUBLE",
  p90_amount: "DOUBLE",
  allowed_count: "VARCHAR",
  payer_notes: "VARCHAR",
};
const LISTS = new Set(["code_types", "codes", "modifiers"]);

/** Staged bytes per load: DuckDB's CSV reader takes them on its own threads while the next fill. */
const FLUSH_BYTES = 16 << 20;

/** The `hospital_files` row a load starts with; counts are filled in by `finish`. */
export interface HospitalFileRow {
  location: string;
  sha256: string;
  sizeBytes: number;
  layout: string;
  rulesVersion: string | null;
  header: HptHeader;
  synthetic: boolean;
}

const text = (value: string | null | undefined): string => csvText(value ?? undefined);
const int = (value: number | null): string => (value === null ? "" : String(value));
const amount = (value: string | null | undefined): string => {
  const parsed = parseAmount(value ?? null);
  return parsed === null ? "" : String(parsed);
};

/**
 * Loads one hospital file's charges inside the caller's transaction: `start`, `append` per record,
 * `finish`; on failure the caller rolls back (and calls `abort`) and nothing of the file remains.
 * Rows are written as CSV into a private temporary folder, ~16 MB at a time, and loaded with
 * DuckDB's CSV reader (`INSERT … SELECT`, lists decoded by `from_json`): the row appender with
 * string and list values cost ~35 µs per row (measured with `node --cpu-prof`: value wrapping,
 * list types built per value, flushes), most of a load; CSV staging costs a few.
 */
export class HospitalLoader {
  private fileId = 0;
  private records = 0;
  private rows = 0;
  private directory: string | null = null;
  private staged = new CsvBytes(FLUSH_BYTES + (1 << 20));
  private serial = 0;
  /** The load in flight: the next batch is filled meanwhile, and waits for it before its own. */
  private inflight: Promise<void> = Promise.resolve();

  /** Payer names repeat on every row: map each once (its two CSV fields, ready to write). */
  private readonly payers = new Map<string, string>();

  constructor(private readonly connection: DuckDBConnection) {}

  /** Charge rows appended so far. */
  get rowCount(): number {
    return this.rows;
  }

  private payerFields(name: string): string {
    let fields = this.payers.get(name);
    if (fields === undefined) {
      const identity: PayerIdentity = mapPayer(name);
      fields = `${text(identity.payer)},${text(identity.family)}`;
      this.payers.set(name, fields);
    }
    return fields;
  }

  async start(file: HospitalFileRow): Promise<number> {
    const h = file.header;
    const reader = await this.connection.runAndReadAll(
      `INSERT INTO hospital_files (location, sha256, size_bytes, layout, declared_version, rules_version,
         hospital_name, last_updated_on, locations, addresses, license_number, license_state, type_2_npis,
         ein, attestation_confirmed, synthetic)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, from_json($9, '["VARCHAR"]'), from_json($10, '["VARCHAR"]'), $11, $12, from_json($13, '["VARCHAR"]'), $14, $15, $16)
       RETURNING CAST(file_id AS INTEGER) AS file_id`,
      [
        file.location,
        file.sha256,
        file.sizeBytes,
        file.layout,
        h.version,
        file.rulesVersion,
        h.hospitalName,
        h.lastUpdatedOn,
        JSON.stringify(h.locations),
        JSON.stringify(h.addresses),
        h.licenseNumber,
        h.licenseState,
        JSON.stringify(h.type2Npis),
        h.ein,
        h.attestationConfirmed,
        file.synthetic,
      ],
    );
    this.fileId = Number(reader.getRowObjectsJson()[0]?.file_id);
    this.directory = mkdtempSync(join(tmpdir(), "ratelens-hospital-"));
    return this.fileId;
  }

  /** Appends a record: one row per payer, or one row without payer. Awaits a load now and then. */
  async append(record: HptRecord): Promise<void> {
    if (this.directory === null) throw new Error("HospitalLoader.append before start");
    const index = this.records++;
    // The record's own fields, written once and repeated on each of its payer rows.
    const common = [
      text(record.description),
      csvList(record.codes.map((c) => c.type)),
      csvList(record.codes.map((c) => c.code)),
      csvList(record.modifiers),
      text(record.setting?.toLowerCase()),
      text(record.billingClass),
      amount(record.drugUnit),
      text(record.drugType),
      amount(record.gross),
      amount(record.discountedCash),
      amount(record.minimum),
      amount(record.maximum),
      text(record.genericNotes),
    ].join(",");
    const row = int(record.position.row);
    const path = record.position.jsonPath;
    let lines = "";
    if (record.payers.length === 0) {
      lines = `${index},,${row},${text(path)},${common},,,,,,,,,,,,,,\n`;
    } else {
      record.payers.forEach((payer, payerIndex) => {
        const identity = payer.payerName === null ? "," : this.payerFields(payer.payerName);
        lines += `${index},${payerIndex},${row},${text(path === null ? null : `${path}.${payer.label}`)},${common},${text(payer.payerName)},${text(payer.planName)},${identity},${amount(payer.dollar)},${amount(payer.percentage)},${text(payer.algorithm)},${text(payer.methodology)},${amount(payer.estimatedAmount)},${amount(payer.medianAmount)},${amount(payer.p10)},${amount(payer.p90)},${text(payer.count)},${text(payer.notes)}\n`;
      });
    }
    this.rows += Math.max(1, record.payers.length);
    this.staged.push(lines);
    if (this.staged.length >= FLUSH_BYTES) await this.load(false);
  }

  /**
   * Starts loading the staged rows once the previous load is done (the transaction keeps them until
   * commit); with `wait`, returns when this load is done too.
   */
  private async load(wait: boolean): Promise<void> {
    await this.inflight;
    if (this.directory !== null && this.staged.length > 0) {
      const loading = this.loadStaged();
      // Its failure is thrown by the next `load` or by `finish`; until then it is not "unhandled".
      loading.catch(() => undefined);
      this.inflight = loading;
    }
    if (wait) await this.inflight;
  }

  private async loadStaged(): Promise<void> {
    if (this.directory === null) return;
    const path = join(this.directory, `charges-${this.serial++}.csv`);
    const fd = openSync(path, "w");
    try {
      writeSync(fd, this.staged.bytes());
    } finally {
      closeSync(fd);
    }
    this.staged = new CsvBytes(FLUSH_BYTES + (1 << 20));
    const spec = Object.entries(STAGE_COLUMNS)
      .map(([name, type]) => `${sqlString(name)}: ${sqlString(type)}`)
      .join(", ");
    const select = Object.keys(STAGE_COLUMNS)
      .map((name) => (LISTS.has(name) ? `from_json(${name}, '["VARCHAR"]')` : name))
      .join(", ");
    try {
      await this.connection.run(
        `INSERT INTO hospital_charges (file_id, ${Object.keys(STAGE_COLUMNS).join(", ")})
         SELECT ${this.fileId}, ${select}
         FROM read_csv(${sqlString(path)}, columns = {${spec}}, header = false, auto_detect = false,
           delim = ',', quote = '"', escape = '"', allow_quoted_nulls = false, parallel = true)`,
      );
    } finally {
      rmSync(path, { force: true });
    }
  }

  /** Flushes the charges, stores the findings and the counts. Returns the rows written. */
  async finish(
    counts: { records: number; loadedRecords: number; errors: number; warnings: number },
    findings: readonly HptFinding[],
    header?: HptHeader,
  ): Promise<number> {
    await this.load(true);
    this.removeDirectory();
    if (findings.length > 0) {
      const appender = await this.connection.createAppender("hospital_findings");
      try {
        for (const f of findings) {
          appender.appendInteger(this.fileId);
          appender.appendVarchar(f.rule);
          appender.appendVarchar(f.severity);
          nullableInt(appender, f.row);
          nullableText(appender, f.column);
          appender.appendVarchar(f.message);
          appender.endRow();
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
    }
    if (header !== undefined) {
      // JSON root values written after the items are only known now.
      await this.connection.run(
        `UPDATE hospital_files SET declared_version = $2, hospital_name = $3, last_updated_on = $4, locations = from_json($5, '["VARCHAR"]'),
           addresses = from_json($6, '["VARCHAR"]'), license_number = $7, license_state = $8, type_2_npis = from_json($9, '["VARCHAR"]'), ein = $10,
           attestation_confirmed = $11 WHERE file_id = $1`,
        [
          this.fileId,
          header.version,
          header.hospitalName,
          header.lastUpdatedOn,
          JSON.stringify(header.locations),
          JSON.stringify(header.addresses),
          header.licenseNumber,
          header.licenseState,
          JSON.stringify(header.type2Npis),
          header.ein,
          header.attestationConfirmed,
        ],
      );
    }
    await this.connection.run(
      `UPDATE hospital_files SET record_count = $2, loaded_record_count = $3, charge_count = $4, error_count = $5, warning_count = $6 WHERE file_id = $1`,
      [
        this.fileId,
        counts.records,
        counts.loadedRecords,
        this.rows,
        counts.errors,
        counts.warnings,
      ],
    );
    return this.rows;
  }

  /** Removes the staged files after a failure, once no load reads them (the caller rolls back). */
  async abort(): Promise<void> {
    await this.inflight.catch(() => undefined);
    this.removeDirectory();
  }

  private removeDirectory(): void {
    if (this.directory !== null) rmSync(this.directory, { recursive: true, force: true });
    this.directory = null;
  }
}

function nullableText(appender: DuckDBAppender, value: string | null): void {
  if (value === null) appender.appendNull();
  else appender.appendVarchar(value);
}

function nullableInt(appender: DuckDBAppender, value: number | null): void {
  if (value === null) appender.appendNull();
  else appender.appendInteger(value);
}
