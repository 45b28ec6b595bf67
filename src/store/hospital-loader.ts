import {
  LIST,
  VARCHAR,
  listValue,
  type DuckDBAppender,
  type DuckDBConnection,
} from "@duckdb/node-api";
import type { HptFinding } from "../sources/hpt/hpt-finding.js";
import { parseAmount, type HptHeader, type HptRecord } from "../sources/hpt/hpt-record.js";
import { mapPayer, type PayerIdentity } from "../normalize/payers/map-payer.js";

const VARCHAR_LIST = LIST(VARCHAR);

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

/**
 * Appends one hospital file's charges through the DuckDB appender (flushed every 100k rows so memory
 * stays flat). Use inside a transaction: `start`, `append` per record, `finish`; on failure the
 * caller rolls back and nothing of the file remains.
 */
export class HospitalLoader {
  private appender: DuckDBAppender | null = null;
  private fileId = 0;
  private records = 0;
  private rows = 0;

  /** Payer names repeat on every row: map each once. */
  private readonly payers = new Map<string, PayerIdentity>();

  constructor(private readonly connection: DuckDBConnection) {}

  private payerOf(name: string): PayerIdentity {
    let identity = this.payers.get(name);
    if (identity === undefined) {
      identity = mapPayer(name);
      this.payers.set(name, identity);
    }
    return identity;
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
    this.appender = await this.connection.createAppender("hospital_charges");
    return this.fileId;
  }

  /** Appends a record: one row per payer, or one row without payer. */
  append(record: HptRecord): void {
    const appender = this.appender;
    if (appender === null) throw new Error("HospitalLoader.append before start");
    const index = this.records++;
    const payers = record.payers.length === 0 ? [null] : record.payers;
    payers.forEach((payer, payerIndex) => {
      appender.appendInteger(this.fileId);
      appender.appendInteger(index);
      if (payer === null) appender.appendNull();
      else appender.appendInteger(payerIndex);
      nullableInt(appender, record.position.row);
      const path = record.position.jsonPath;
      nullableText(
        appender,
        path === null ? null : payer === null ? path : `${path}.${payer.label}`,
      );
      nullableText(appender, record.description);
      appender.appendList(listValue(record.codes.map((c) => c.type)), VARCHAR_LIST);
      appender.appendList(listValue(record.codes.map((c) => c.code)), VARCHAR_LIST);
      appender.appendList(listValue(record.modifiers), VARCHAR_LIST);
      nullableText(appender, record.setting?.toLowerCase() ?? null);
      nullableText(appender, record.billingClass);
      nullableNumber(appender, parseAmount(record.drugUnit));
      nullableText(appender, record.drugType);
      nullableNumber(appender, parseAmount(record.gross));
      nullableNumber(appender, parseAmount(record.discountedCash));
      nullableNumber(appender, parseAmount(record.minimum));
      nullableNumber(appender, parseAmount(record.maximum));
      nullableText(appender, record.genericNotes);
      nullableText(appender, payer?.payerName ?? null);
      nullableText(appender, payer?.planName ?? null);
      const identity =
        payer === null || payer.payerName === null ? null : this.payerOf(payer.payerName);
      nullableText(appender, identity?.payer ?? null);
      nullableText(appender, identity?.family ?? null);
      nullableNumber(appender, parseAmount(payer?.dollar ?? null));
      nullableNumber(appender, parseAmount(payer?.percentage ?? null));
      nullableText(appender, payer?.algorithm ?? null);
      nullableText(appender, payer?.methodology ?? null);
      nullableNumber(appender, parseAmount(payer?.estimatedAmount ?? null));
      nullableNumber(appender, parseAmount(payer?.medianAmount ?? null));
      nullableNumber(appender, parseAmount(payer?.p10 ?? null));
      nullableNumber(appender, parseAmount(payer?.p90 ?? null));
      nullableText(appender, payer?.count ?? null);
      nullableText(appender, payer?.notes ?? null);
      appender.endRow();
      if (++this.rows % 100_000 === 0) appender.flushSync();
    });
  }

  /** Flushes the charges, stores the findings and the counts. Returns the rows written. */
  async finish(
    counts: { records: number; loadedRecords: number; errors: number; warnings: number },
    findings: readonly HptFinding[],
    header?: HptHeader,
  ): Promise<number> {
    if (this.appender !== null) {
      try {
        this.appender.flushSync();
      } finally {
        this.appender.closeSync();
        this.appender = null;
      }
    }
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

  /** Releases the appender after a failure (the caller rolls back). */
  abort(): void {
    if (this.appender !== null) {
      try {
        this.appender.closeSync();
      } catch {
        // The transaction is being rolled back; a failed close changes nothing.
      }
      this.appender = null;
    }
  }
}

function nullableText(appender: DuckDBAppender, value: string | null): void {
  if (value === null) appender.appendNull();
  else appender.appendVarchar(value);
}

function nullableNumber(appender: DuckDBAppender, value: number | null): void {
  if (value === null) appender.appendNull();
  else appender.appendDouble(value);
}

function nullableInt(appender: DuckDBAppender, value: number | null): void {
  if (value === null) appender.appendNull();
  else appender.appendInteger(value);
}
