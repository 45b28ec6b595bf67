import { stat } from "node:fs/promises";
import type { HptFinding } from "../../sources/hpt/hpt-finding.js";
import type { HptVersion } from "../../sources/hpt/hpt-record.js";
import { scanHospitalFile } from "../../normalize/hpt/validate-hospital-file.js";
import { fileSha256 } from "../../sources/reference/file-sha256.js";
import { ensureHospitalSchema } from "../../store/hospital-tables.js";
import { HospitalLoader } from "../../store/hospital-loader.js";
import type { Store } from "../../store/store.js";

export interface HospitalIngestOptions {
  /** EIN when the file name does not follow CMS's `<EIN>_<name>_standardcharges` convention. */
  ein?: string;
  /** Generated data: labelled synthetic wherever it is shown. */
  synthetic?: boolean;
  /** Apply this template version's rules instead of the file's own. */
  rules?: HptVersion;
  /** Findings stored per file (default 1,000; the counts are complete). */
  maxStoredFindings?: number;
}

export interface HospitalIngestResult {
  location: string;
  sha256: string;
  /** True when a file with the same SHA-256 was already loaded (nothing was written). */
  skipped: boolean;
  fileId: number;
  layout: string;
  rulesVersion: string | null;
  records: number;
  loadedRecords: number;
  charges: number;
  errors: number;
  warnings: number;
  findings: HptFinding[];
}

/**
 * Loads one hospital price-transparency file (CMS template CSV tall/wide or JSON, v2.0–v3.0, or the
 * pre-template layout) into `hospital_files` / `hospital_charges`, in one transaction: the records
 * with an error finding are left out (and reported), the others loaded; a file that cannot be read
 * at all throws an `InputError` and leaves nothing behind. The same bytes loaded twice are skipped.
 *
 * One file in, one unit of work out: this is the function the per-file ingest unit calls.
 */
export async function ingestHospitalFile(
  store: Store,
  input: string,
  options: HospitalIngestOptions = {},
): Promise<HospitalIngestResult> {
  const sha256 = await fileSha256(input);
  const sizeBytes = (await stat(input)).size;
  await store.withConnection(ensureHospitalSchema);
  const existing = await store.withConnection(async (connection) => {
    const reader = await connection.runAndReadAll(
      "SELECT CAST(file_id AS INTEGER) AS file_id, layout, rules_version FROM hospital_files WHERE sha256 = $1",
      [sha256],
    );
    const row = reader.getRows()[0];
    return row === undefined
      ? undefined
      : {
          fileId: Number(row[0]),
          layout: row[1] as string,
          rulesVersion: row[2] === null ? null : (row[2] as string),
        };
  });
  if (existing !== undefined) {
    return {
      location: input,
      sha256,
      skipped: true,
      fileId: existing.fileId,
      layout: existing.layout,
      rulesVersion: existing.rulesVersion,
      records: 0,
      loadedRecords: 0,
      charges: 0,
      errors: 0,
      warnings: 0,
      findings: [],
    };
  }
  return store.transaction(async (connection) => {
    const loader = new HospitalLoader(connection);
    let started = false;
    try {
      const scan = await scanHospitalFile(input, {
        ...(options.ein === undefined ? {} : { ein: options.ein }),
        ...(options.rules === undefined ? {} : { rules: options.rules }),
        onRecord: async (record, valid) => {
          if (!started) throw new Error("record before header");
          if (valid) await loader.append(record);
        },
        onHeader: async (scanSoFar) => {
          started = true;
          await loader.start({
            location: input,
            sha256,
            sizeBytes,
            layout: scanSoFar.layout,
            rulesVersion: scanSoFar.rulesVersion,
            header: scanSoFar.header,
            synthetic: options.synthetic ?? false,
          });
        },
      });
      const stored = scan.findings.slice(0, options.maxStoredFindings ?? 1000);
      const charges = await loader.finish(
        {
          records: scan.records,
          loadedRecords: scan.validRecords,
          errors: scan.errorCount,
          warnings: scan.warningCount,
        },
        stored,
        scan.header,
      );
      return {
        location: input,
        sha256,
        skipped: false,
        fileId: await currentFileId(connection, sha256),
        layout: scan.layout,
        rulesVersion: scan.rulesVersion,
        records: scan.records,
        loadedRecords: scan.validRecords,
        charges,
        errors: scan.errorCount,
        warnings: scan.warningCount,
        findings: scan.findings,
      };
    } catch (error) {
      await loader.abort();
      throw error;
    }
  });
}

async function currentFileId(
  connection: Parameters<Parameters<Store["withConnection"]>[0]>[0],
  sha256: string,
): Promise<number> {
  const reader = await connection.runAndReadAll(
    "SELECT CAST(file_id AS INTEGER) AS file_id FROM hospital_files WHERE sha256 = $1",
    [sha256],
  );
  return Number(reader.getRowObjectsJson()[0]?.file_id);
}
