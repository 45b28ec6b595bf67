import type { DuckDBConnection } from "@duckdb/node-api";
import type { Store } from "../../store/store.js";
import { mapPayer, payerMatches, type PayerIdentity } from "../../normalize/payers/map-payer.js";
import { planFromName, releaseMonth, type MonthSource } from "./release-month.js";

/** One loaded in-network file, placed in its payer's releases. */
export interface ReleaseFile {
  readonly fileId: number;
  readonly location: string;
  readonly sha256: string;
  readonly reportingEntityName: string | null;
  readonly payer: PayerIdentity;
  /** The plan or network the file belongs to: its plan fields, else its name without dates. */
  readonly plan: string;
  readonly planSource: "plan fields" | "file name";
  /** YYYY-MM, or null when neither the file, its index nor its name dates it. */
  readonly month: string | null;
  readonly monthSource: MonthSource;
  readonly rates: number;
  readonly synthetic: boolean;
  /** `last_updated_on` as the file writes it. */
  readonly lastUpdatedOn: string | null;
  readonly ingestedAt: string;
}

/** One payer's files of one month. */
export interface Release {
  readonly payer: string;
  readonly month: string;
  readonly files: readonly ReleaseFile[];
  readonly plans: readonly string[];
  readonly rates: number;
  readonly synthetic: boolean;
}

interface SourceRow {
  file_id: number;
  location: string;
  sha256: string;
  reporting_entity_name: string | null;
  plan_name: string | null;
  plan_id: string | null;
  last_updated_on: string | null;
  index_last_updated_on: string | null;
  rate_count: string | number;
  synthetic: boolean;
  ingested_at: string | null;
}

/** Every loaded in-network rate file with its payer, plan or network and release month. */
export async function listReleaseFiles(store: Store): Promise<ReleaseFile[]> {
  return store.withConnection(readReleaseFiles);
}

/** `listReleaseFiles` on an open connection (the benchmark engine's file selection). */
export async function readReleaseFiles(connection: DuckDBConnection): Promise<ReleaseFile[]> {
  const rows = (
    await connection.runAndReadAll(
      `SELECT CAST(f.file_id AS INTEGER) AS file_id, f.location, f.sha256, f.reporting_entity_name, f.plan_name, f.plan_id,
         f.last_updated_on, p.last_updated_on AS index_last_updated_on, f.rate_count, f.synthetic,
         CAST(f.ingested_at AS VARCHAR) AS ingested_at
       FROM source_files f LEFT JOIN source_files p ON p.file_id = f.parent_file_id
       WHERE f.file_kind = 'in-network-rates' ORDER BY f.file_id`,
    )
  ).getRowObjectsJson() as unknown as SourceRow[];
  return rows.map((row) => {
    const named = [row.plan_name, row.plan_id].filter(
      (part): part is string => part !== null && part.trim() !== "",
    );
    const { month, source } = releaseMonth(
      row.last_updated_on,
      row.index_last_updated_on,
      row.location,
    );
    return {
      fileId: row.file_id,
      location: row.location,
      sha256: row.sha256,
      reportingEntityName: row.reporting_entity_name,
      payer: mapPayer(row.reporting_entity_name),
      plan: named.length > 0 ? named.join(" · ") : planFromName(row.location),
      planSource: named.length > 0 ? "plan fields" : "file name",
      month,
      monthSource: source,
      rates: Number(row.rate_count),
      synthetic: row.synthetic,
      lastUpdatedOn: row.last_updated_on,
      ingestedAt: row.ingested_at ?? "",
    };
  });
}

/** The files of the payer `query` names (`payerMatches`: payer, family or alias). */
export function payerFiles(files: readonly ReleaseFile[], query: string): ReleaseFile[] {
  return files.filter((file) => payerMatches(file.payer, query));
}

/** A payer's releases, oldest first; files without a month are left out (see `undatedFiles`). */
export function releasesOf(files: readonly ReleaseFile[], query: string): Release[] {
  const byMonth = new Map<string, ReleaseFile[]>();
  for (const file of payerFiles(files, query)) {
    if (file.month === null) continue;
    byMonth.set(file.month, [...(byMonth.get(file.month) ?? []), file]);
  }
  return [...byMonth.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, monthFiles]) => ({
      payer: monthFiles[0]?.payer.payer ?? query,
      month,
      files: monthFiles,
      plans: [...new Set(monthFiles.map((file) => file.plan))].sort(),
      rates: monthFiles.reduce((sum, file) => sum + file.rates, 0),
      synthetic: monthFiles.some((file) => file.synthetic),
    }));
}

/** The payer's files that no field or name dates: never compared, always listed. */
export function undatedFiles(files: readonly ReleaseFile[], query: string): ReleaseFile[] {
  return payerFiles(files, query).filter((file) => file.month === null);
}

/**
 * The files in force for a payer as of a month: for each plan or network, its latest file dated
 * on or before `month` (every file of that month when a plan is split over several). A plan not
 * republished carries forward, so a file republished byte for byte (the store keeps it once, under
 * its first month) or left out of one month's index does not read as every rate dropped.
 */
export function filesAsOf(
  files: readonly ReleaseFile[],
  query: string,
  month: string,
): ReleaseFile[] {
  return inForce(payerFiles(files, query), month);
}

/** What `inForce` needs of a file: its payer, plan or network, release month and synthetic flag. */
export interface PlacedFile {
  readonly payer: PayerIdentity;
  readonly plan: string;
  readonly month: string | null;
  readonly synthetic: boolean;
}

/**
 * The files in force, every payer at once: per payer × plan or network (synthetic files apart),
 * the latest dated file on or before `month`, or the latest release of all when `month` is null.
 * Undated files are never "on or before" a month, so an as-of leaves them out; without one they
 * are kept (nothing says a newer release replaces them).
 */
export function inForce<F extends PlacedFile>(files: readonly F[], month: string | null): F[] {
  const key = (file: F): string =>
    `${file.payer.payer}|${file.synthetic ? "synthetic" : "real"}|${file.plan}`;
  const latest = new Map<string, string>();
  for (const file of files) {
    if (file.month === null || (month !== null && file.month > month)) continue;
    const seen = latest.get(key(file));
    if (seen === undefined || file.month > seen) latest.set(key(file), file.month);
  }
  return files.filter((file) =>
    file.month === null ? month === null : latest.get(key(file)) === file.month,
  );
}
