import { stat } from "node:fs/promises";
import { formatLocation, InputError } from "../../errors.js";
import type { ByteCount } from "../../sources/reference/read-text-lines.js";
import type { HptFinding } from "../../sources/hpt/hpt-finding.js";
import type { HptVersion } from "../../sources/hpt/hpt-record.js";
import { scanHospitalFile } from "../../normalize/hpt/validate-hospital-file.js";
import { fileSha256 } from "../../sources/reference/file-sha256.js";
import { ensureHospitalSchema } from "../../store/hospital-tables.js";
import { HospitalLoader } from "../../store/hospital-loader.js";
import type { Store } from "../../store/store.js";
import { silentReporter, type ProgressReporter } from "../progress-reporter.js";

export interface HospitalIngestOptions {
  /** EIN when the file name does not follow CMS's `<EIN>_<name>_standardcharges` convention. */
  ein?: string;
  /** Generated data: labelled synthetic wherever it is shown. */
  synthetic?: boolean;
  /** Apply this template version's rules instead of the file's own. */
  rules?: HptVersion;
  /** Findings stored per file (default 1,000; the counts are complete). */
  maxStoredFindings?: number;
  /** Where the bytes came from when `input` is a local copy (a URL, `-`, `archive.zip#entry`). */
  location?: string;
  /** SHA-256 of the bytes as stored, when `input` is a decompressed copy (a zip entry). */
  sha256?: string;
  /** Progress: uncompressed and stored bytes read, items, charge rows (like the TiC ingest). */
  reporter?: ProgressReporter;
}

/** Progress is reported every this many records (a record is ~100-2,000 bytes). */
const PROGRESS_EVERY = 2048;

/** An `InputError` about the local copy, said of the location the user gave. */
function renamed(error: unknown, path: string, location: string): unknown {
  if (!(error instanceof InputError) || error.file !== path || path === location) return error;
  const prefix = `${path}${formatLocation(error.location)}: `;
  const problem = error.message.startsWith(prefix)
    ? error.message.slice(prefix.length)
    : error.message;
  return new InputError(location, error.location, problem, { cause: error.cause });
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
  const location = options.location ?? input;
  try {
    return await ingestLocal(store, input, location, options);
  } catch (error) {
    throw renamed(error, input, location);
  }
}

async function ingestLocal(
  store: Store,
  input: string,
  location: string,
  options: HospitalIngestOptions,
): Promise<HospitalIngestResult> {
  const sha256 = options.sha256 ?? (await fileSha256(input));
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
      location,
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
  const display = (options.reporter ?? silentReporter).start({
    label: location,
    totalBytes: sizeBytes,
    itemsLabel: "items",
    rowsLabel: "charge rows",
  });
  const count: ByteCount = { bytes: 0, rawBytes: 0 };
  let records = 0;
  const progress = () => ({
    bytes: count.bytes,
    ...(count.rawBytes === count.bytes ? {} : { rawBytes: count.rawBytes }),
    items: records,
    rows: loader.rowCount,
  });
  let loader!: HospitalLoader;
  const result = await store
    .transaction(async (connection) => {
      loader = new HospitalLoader(connection);
      let started = false;
      try {
        const scan = await scanHospitalFile(input, {
          ...(options.ein === undefined ? {} : { ein: options.ein }),
          ...(options.rules === undefined ? {} : { rules: options.rules }),
          count,
          onRecord: async (record, valid) => {
            if (!started) throw new Error("record before header");
            if (valid) await loader.append(record);
            if (++records % PROGRESS_EVERY === 0) display.update(progress());
          },
          onHeader: async (scanSoFar) => {
            started = true;
            await loader.start({
              location,
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
          location,
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
    })
    .catch((error: unknown) => {
      display.abort();
      throw error;
    });
  display.finish(progress(), `${result.errors} errors, ${result.warnings} warnings`);
  return result;
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
