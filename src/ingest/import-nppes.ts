/**
 * `ratelens import nppes FILE`: streams the NPPES NPI registry CSV (gigabytes, ~9 million rows,
 * 330 columns) into the `providers` table: NPI → entity type, name, primary taxonomy, practice
 * state and 5-digit ZIP. Rows go through the DuckDB appender into `providers_staging`, which is
 * swapped in inside one transaction at the end, so a failed import leaves the old directory in
 * place and a repeated import replaces it (idempotent).
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { InputError, UsageError } from "../errors.js";
import { HashTap } from "../sources/hash-tap.js";
import { silentReporter, type ProgressReporter } from "./progress-reporter.js";
import type { Store } from "../store/store.js";
import { appendProviderRow, type ProviderRow } from "../store/provider-rows.js";
import { csvRecordBatches, isDefect } from "../sources/nppes/csv-records.js";
import { NPPES_REQUIRED, NPPES_TAXONOMY_SLOTS } from "../sources/nppes/nppes-layout.js";

/** Options: where bad rows are told, progress, and whether the file is the synthetic sample (default: name contains "synthetic"). */
export interface ImportNppesOptions {
  /** Where progress and samples of bad rows go (default: nowhere). */
  reporter?: ProgressReporter;
  synthetic?: boolean;
  /** How many bad rows to print (all are counted). Default 20. */
  maxBadRowsShown?: number;
}

/** What an import did. */
export interface ImportNppesResult {
  rows: number;
  badRows: number;
  /** The first bad rows, with their physical line numbers. */
  badRowSamples: { line: number; problem: string }[];
  deactivated: number;
  file: string;
  sha256: string;
  bytes: number;
  seconds: number;
  synthetic: boolean;
}

type ColumnIndex = Record<keyof typeof NPPES_REQUIRED, number>;

/** Finds the required columns by name; an `InputError` names the first missing one. */
function indexHeader(
  file: string,
  header: readonly string[],
): {
  columns: ColumnIndex;
  taxonomySlots: { code: number; primarySwitch: number }[];
  width: number;
} {
  const position = new Map(header.map((name, i) => [name.replace(/^\uFEFF/, "").trim(), i]));
  const find = (name: string): number => {
    const index = position.get(name);
    if (index === undefined) {
      throw new InputError(
        file,
        { line: 1, column: name },
        `NPPES header has no column "${name}" (is this the npidata_pfile CSV?)`,
      );
    }
    return index;
  };
  const columns = Object.fromEntries(
    Object.entries(NPPES_REQUIRED).map(([key, name]) => [key, find(name)]),
  ) as ColumnIndex;
  const taxonomySlots = NPPES_TAXONOMY_SLOTS.map((slot) => ({
    code: find(slot.code),
    primarySwitch: find(slot.primarySwitch),
  }));
  return { columns, taxonomySlots, width: header.length };
}

/** One data record → a provider row, or the reason it is bad. */
function toProvider(
  fields: readonly string[],
  layout: ReturnType<typeof indexHeader>,
  synthetic: boolean,
): ProviderRow | string {
  if (fields.length !== layout.width) {
    return `expected ${layout.width} fields, found ${fields.length}`;
  }
  const at = (index: number): string => (fields[index] ?? "").trim();
  const npiText = at(layout.columns.npi);
  if (!/^[12]\d{9}$/.test(npiText)) return `NPI "${npiText}" is not 10 digits starting with 1 or 2`;
  const entity = at(layout.columns.entityType);
  const deactivated =
    at(layout.columns.deactivationDate) !== "" && at(layout.columns.reactivationDate) === "";
  // Deactivated NPIs are published with every other field blank, entity type included.
  if (entity !== "1" && entity !== "2" && !(entity === "" && deactivated)) {
    return `Entity Type Code "${entity}" is not 1 or 2`;
  }
  const taxonomies: string[] = [];
  let primary: string | null = null;
  for (const slot of layout.taxonomySlots) {
    const code = at(slot.code).toUpperCase();
    if (code === "") continue;
    if (primary === null && at(slot.primarySwitch).toUpperCase() === "Y") primary = code;
    if (!taxonomies.includes(code)) taxonomies.push(code);
  }
  primary ??= taxonomies[0] ?? null;
  const ordered =
    primary === null ? taxonomies : [primary, ...taxonomies.filter((t) => t !== primary)];
  const state = at(layout.columns.state).toUpperCase();
  const zip = at(layout.columns.postalCode).replace(/\D/g, "");
  const name =
    entity === "2"
      ? at(layout.columns.organizationName)
      : [at(layout.columns.lastName), at(layout.columns.firstName)]
          .filter((part) => part !== "")
          .join(", ");
  return {
    npi: Number(npiText),
    entityType: entity === "2" ? 2 : 1,
    name,
    primaryTaxonomy: primary,
    taxonomies: ordered,
    state: /^[A-Z]{2}$/.test(state) ? state : null,
    zip5: zip.length >= 5 ? zip.slice(0, 5) : null,
    deactivated,
    synthetic,
  };
}

/**
 * Imports the NPPES CSV at `file` (plain or .gz) into `providers`, replacing the previous
 * directory. Bad rows are counted and the first few printed with their line numbers; a wrong
 * header is an `InputError` naming the missing column, and nothing is replaced.
 */
export async function importNppes(
  store: Store,
  file: string,
  options: ImportNppesOptions,
): Promise<ImportNppesResult> {
  if (/\.zip$/i.test(file)) {
    throw new UsageError(
      `${file}: unzip the NPPES download first and import the npidata_pfile_*.csv inside it`,
    );
  }
  const started = performance.now();
  const size = (await stat(file)).size;
  const synthetic = options.synthetic ?? /synthetic/i.test(file);
  const maxShown = options.maxBadRowsShown ?? 20;
  const reporter = options.reporter ?? silentReporter;
  const progress = reporter.start({
    label: `nppes ${file}`,
    totalBytes: size,
    itemsLabel: "rows",
    rowsLabel: "bad rows",
  });
  let rows = 0;
  let badRows = 0;
  let sha256 = "";
  let deactivated = 0;
  const samples: { line: number; problem: string }[] = [];
  const bad = (line: number, problem: string): void => {
    badRows++;
    if (samples.length < maxShown) samples.push({ line, problem });
  };
  const meter = new HashTap({
    onBytes: (bytes) => {
      progress.update({ bytes: 0, rawBytes: bytes, items: rows, rows: badRows });
    },
  });

  try {
    await store.withConnection(async (connection) => {
      await connection.run(
        "CREATE OR REPLACE TABLE providers_staging AS SELECT * FROM providers LIMIT 0",
      );
      try {
        const appender = await connection.createAppender("providers_staging");
        try {
          const consume = async (source: AsyncIterable<Buffer>): Promise<void> => {
            const decoder = new TextDecoder("utf-8");
            const text = async function* (): AsyncGenerator<string> {
              for await (const chunk of source) yield decoder.decode(chunk, { stream: true });
              yield decoder.decode();
            };
            let layout: ReturnType<typeof indexHeader> | null = null;
            for await (const batch of csvRecordBatches(text())) {
              for (const item of batch) {
                if (layout === null) {
                  if (isDefect(item)) {
                    throw new InputError(
                      file,
                      { line: item.line },
                      `unreadable header: ${item.problem}`,
                    );
                  }
                  layout = indexHeader(file, item.fields);
                  continue;
                }
                if (isDefect(item)) {
                  bad(item.line, item.problem);
                  continue;
                }
                const provider = toProvider(item.fields, layout, synthetic);
                if (typeof provider === "string") {
                  bad(item.line, provider);
                  continue;
                }
                appendProviderRow(appender, provider);
                rows++;
                if (provider.deactivated === true) deactivated++;
              }
              if (rows % 200_000 < batch.length) appender.flushSync();
            }
            if (layout === null) {
              throw new InputError(file, { line: 1 }, "empty file: no NPPES header");
            }
          };
          // pipeline() reports a consumer's own error as an AbortError once it tears the
          // streams down, so keep the original to rethrow it.
          let failure: unknown = null;
          const guarded = async (source: AsyncIterable<Buffer>): Promise<void> => {
            try {
              await consume(source);
            } catch (error) {
              failure = error;
              throw error;
            }
          };
          const input = createReadStream(file, { highWaterMark: 1 << 20 });
          try {
            if (/\.gz$/i.test(file)) await pipeline(input, meter, createGunzip(), guarded);
            else await pipeline(input, meter, guarded);
          } catch (error) {
            throw failure ?? error;
          }
          appender.flushSync();
        } finally {
          appender.closeSync();
        }
        sha256 = meter.sha256;
        await connection.run("BEGIN TRANSACTION");
        try {
          await connection.run("DROP TABLE providers");
          await connection.run("ALTER TABLE providers_staging RENAME TO providers");
          await connection.run(
            `INSERT INTO provider_directory_loads (location, sha256, size_bytes, row_count, bad_row_count, synthetic) VALUES ($1, $2, $3, $4, $5, $6)`,
            [file, sha256, size, rows, badRows, synthetic],
          );
          await connection.run("COMMIT");
        } catch (error) {
          await connection.run("ROLLBACK");
          throw error;
        }
      } finally {
        await connection.run("DROP TABLE IF EXISTS providers_staging");
      }
    });
  } catch (error) {
    progress.abort();
    if (error instanceof InputError || error instanceof UsageError) throw error;
    if (
      error instanceof Error &&
      "code" in error &&
      (error.code === "Z_DATA_ERROR" || error.code === "Z_BUF_ERROR")
    ) {
      throw new InputError(
        file,
        { byteOffset: meter.bytes },
        `not valid gzip data: ${error.message}`,
        { cause: error },
      );
    }
    throw error;
  }
  const summaryNote = badRows > 0 ? `(${badRows} bad rows)` : "";
  progress.finish({ bytes: size, items: rows, rows: badRows }, summaryNote);
  for (const sample of samples) reporter.log(`${file} (line ${sample.line}): ${sample.problem}`);
  if (badRows > samples.length) reporter.log(`… and ${badRows - samples.length} more bad rows`);
  return {
    rows,
    badRows,
    badRowSamples: samples,
    deactivated,
    file,
    sha256,
    bytes: size,
    seconds: (performance.now() - started) / 1000,
    synthetic,
  };
}
