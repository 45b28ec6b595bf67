import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { NotFoundError, UsageError } from "../errors.js";
import { silentReporter, type ProgressReporter } from "./progress-reporter.js";
import type { Store } from "../store/store.js";
import { fileSha256 } from "../sources/reference/file-sha256.js";
import { parseGpciFile } from "../sources/reference/parse-gpci.js";
import { parseIcd10File } from "../sources/reference/parse-icd10.js";
import { parseLocalityCountyFile } from "../sources/reference/parse-locality-county.js";
import { parseMedicaidFile } from "../sources/reference/parse-medicaid.js";
import { parseAocFile, parseMueFile, readPtpEdits } from "../sources/reference/parse-ncci.js";
import { parsePfsRvuFile } from "../sources/reference/parse-pfs-rvu.js";
import { parsePosFile } from "../sources/reference/parse-pos.js";
import { parseTaxonomyFile } from "../sources/reference/parse-taxonomy.js";
import { parseZipLocalityFile } from "../sources/reference/parse-zip-locality.js";
import {
  replaceReferenceRows,
  type Cell,
  type ImportRecord,
  type ReplaceScope,
} from "../store/replace-reference-rows.js";
import { stateCode } from "../sources/reference/us-states.js";

/** The reference file kinds `ratelens import` accepts (besides `nppes`, imported elsewhere). */
export const REFERENCE_KINDS = [
  "pfs",
  "gpci",
  "locality",
  "zip",
  "ncci-ptp",
  "ncci-mue",
  "ncci-aoc",
  "icd10",
  "taxonomy",
  "pos",
  "medicaid",
] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

/** Options of one import. */
export interface ImportReferenceOptions {
  /** Fee-schedule year (pfs, gpci, locality); read from the file when it says. */
  year?: number;
  /** Edition label (NCCI effective date YYYY-MM-DD, ICD-10-CM "FY2026", NUCC "25.1"…); read from the file name when it says. */
  edition?: string;
  /** Medicaid: the state (USPS code). */
  state?: string;
  /** Medicaid: effective date when the file has no such column. */
  effective?: string;
  /** Where progress goes (default: nowhere). */
  reporter?: ProgressReporter;
}

/** What an import did. */
export interface ImportSummary {
  kind: ReferenceKind;
  edition: string;
  year: number | null;
  rows: number;
  files: string[];
  label: string;
  sha256: string;
}

const MONTHS = [
  "JANUARY",
  "FEBRUARY",
  "MARCH",
  "APRIL",
  "MAY",
  "JUNE",
  "JULY",
  "AUGUST",
  "SEPTEMBER",
  "OCTOBER",
  "NOVEMBER",
  "DECEMBER",
];

/** An edition date in a file name: 2024-07-01, 07-01-2024, 20240701 → "2024-07-01". */
export function dateInName(name: string): string | null {
  const iso = /(20\d\d)[-_](\d\d)[-_](\d\d)/.exec(name);
  if (iso !== null) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const us = /(\d\d)[-_](\d\d)[-_](20\d\d)/.exec(name);
  if (us !== null) return `${us[3]}-${us[1]}-${us[2]}`;
  const compact = /(20\d\d)(\d\d)(\d\d)/.exec(name);
  return compact === null ? null : `${compact[1]}-${compact[2]}-${compact[3]}`;
}

/**
 * Imports one kind of reference file into the store, replacing the rows of the same year (pfs,
 * gpci, locality), edition (NCCI, ICD-10-CM, taxonomy, POS, ZIP) or state (medicaid) in one
 * transaction; re-running the same import gives the same store. Malformed files fail with an
 * `InputError` naming file, line and column before anything is written.
 */
export async function importReferenceFile(
  store: Store,
  kind: ReferenceKind,
  files: readonly string[],
  options: ImportReferenceOptions = {},
): Promise<ImportSummary> {
  if (files.length === 0) throw new UsageError(`ratelens import ${kind} needs a FILE`);
  if (files.length > 1 && kind !== "ncci-ptp") {
    throw new UsageError(
      `ratelens import ${kind} takes one FILE (only ncci-ptp accepts the several parts CMS splits it into)`,
    );
  }
  for (const file of files) {
    try {
      await stat(file);
    } catch (error) {
      throw new NotFoundError(`${file}: no such file`, { cause: error });
    }
  }
  const file = files[0]!;
  const sha256 = (await Promise.all(files.map(fileSha256))).join(",");
  const name = files.map((f) => basename(f)).join(" + ");
  const progress = (options.reporter ?? silentReporter).start({
    label: `import ${kind}`,
    itemsLabel: "rows",
  });
  const run = async (
    table: string,
    scope: ReplaceScope,
    rows: AsyncIterable<Cell[]> | Iterable<Cell[]>,
    record: Omit<ImportRecord, "file" | "sha256">,
  ): Promise<ImportSummary> => {
    const count = await replaceReferenceRows(
      store,
      table,
      scope,
      rows,
      { ...record, file: files.join(","), sha256 },
      (n) => {
        progress.update({ bytes: 0, items: n });
      },
    );
    progress.finish({ bytes: 0, items: count }, `${record.label}: ${count} rows`);
    return {
      kind,
      edition: record.edition,
      year: record.year,
      rows: count,
      files: [...files],
      label: record.label,
      sha256,
    };
  };
  try {
    switch (kind) {
      case "pfs": {
        const parsed = await parsePfsRvuFile(file);
        const year = requireYear(kind, options.year ?? parsed.year, parsed.year, file);
        const month = MONTHS.findIndex((m) => parsed.title.toUpperCase().includes(m));
        const edition = month < 0 ? String(year) : `${year}-${String(month + 1).padStart(2, "0")}`;
        const label = `${name} (${parsed.title || "CMS PFS relative value file"}${parsed.released === null ? "" : `, released ${parsed.released}`})`;
        const rows = parsed.rows.map((r, i): Cell[] => [
          year,
          edition,
          i + 1,
          r.code,
          r.modifier,
          r.status,
          r.workRvu,
          r.nonFacilityPeRvu,
          r.facilityPeRvu,
          r.mpRvu,
          r.nonFacilityTotal,
          r.facilityTotal,
          r.pcTcIndicator,
          r.globalDays,
          r.multipleProcedureIndicator,
          r.bilateralIndicator,
          r.assistantIndicator,
          r.coSurgeonIndicator,
          r.teamIndicator,
          r.conversionFactor,
          r.pricingIndicator ?? null,
        ]);
        return await run("ref_pfs_rvu", { column: "year", value: year }, rows, {
          kind,
          edition,
          year,
          label,
          detail: {
            conversionFactor: parsed.conversionFactor,
            title: parsed.title,
            released: parsed.released,
          },
        });
      }
      case "gpci": {
        const parsed = await parseGpciFile(file);
        const year = requireYear(kind, options.year ?? parsed.year, parsed.year, file);
        const rows = parsed.rows.map((r, i): Cell[] => [
          year,
          String(year),
          i + 1,
          r.macLocality,
          r.mac,
          r.locality,
          r.state,
          r.name,
          r.work,
          r.pe,
          r.mp,
        ]);
        return await run("ref_gpci", { column: "year", value: year }, rows, {
          kind,
          edition: String(year),
          year,
          label: `${name} (${parsed.title || "GPCIs"})`,
          detail: { notes: parsed.notes, localities: parsed.rows.length },
        });
      }
      case "locality": {
        const fromName = /(\d\d)LOCCO/i.exec(basename(file))?.[1];
        const year = requireYear(
          kind,
          options.year ?? (fromName === undefined ? null : 2000 + Number(fromName)),
          null,
          file,
        );
        const parsed = await parseLocalityCountyFile(file);
        const rows = parsed.map((r): Cell[] => [
          year,
          String(year),
          r.line,
          r.macLocality,
          r.mac,
          r.locality,
          r.state,
          r.stateName,
          r.feeScheduleArea,
          r.counties,
        ]);
        return await run("ref_locality_county", { column: "year", value: year }, rows, {
          kind,
          edition: String(year),
          year,
          label: `${name} (CMS counties in ${year} localities)`,
          detail: {},
        });
      }
      case "zip": {
        const parsed = await parseZipLocalityFile(file);
        const edition = options.edition ?? parsed.yearQuarter ?? requireEdition(kind, null);
        const rows = parsed.rows.map((r): Cell[] => [
          edition,
          r.line,
          r.zip,
          r.state,
          r.mac,
          r.locality,
          r.macLocality,
        ]);
        return await run("ref_zip_locality", { column: "edition", value: edition }, rows, {
          kind,
          edition,
          year: null,
          label: `${name} (CMS ZIP code to carrier locality, ${edition})`,
          detail: {},
        });
      }
      case "ncci-ptp": {
        const edition = requireEdition(kind, options.edition ?? dateInName(name), true);
        const rows = async function* (): AsyncGenerator<Cell[]> {
          for (const part of files) {
            for await (const e of readPtpEdits(part)) {
              yield [
                edition,
                e.line,
                e.column1,
                e.column2,
                e.modifierIndicator,
                e.effectiveDate,
                e.deletionDate,
                e.rationale,
              ];
            }
          }
        };
        return await run("ref_ncci_ptp", { column: "edition", value: edition }, rows(), {
          kind,
          edition,
          year: null,
          label: `${name} (NCCI PTP edits, ${edition})`,
          detail: { parts: files.length },
        });
      }
      case "ncci-mue": {
        const edition = requireEdition(kind, options.edition ?? dateInName(name), true);
        const rows = (await parseMueFile(file)).map((e): Cell[] => [
          edition,
          e.code,
          e.maxUnits,
          e.mai,
          e.rationale,
        ]);
        return await run("ref_ncci_mue", { column: "edition", value: edition }, rows, {
          kind,
          edition,
          year: null,
          label: `${name} (NCCI MUE table, ${edition})`,
          detail: {},
        });
      }
      case "ncci-aoc": {
        const edition = requireEdition(kind, options.edition ?? dateInName(name), true);
        const rows = (await parseAocFile(file, { asOf: edition })).map((r): Cell[] => [
          edition,
          r.primaryCode,
          r.addOnCode,
          r.editType,
        ]);
        return await run("ref_ncci_aoc", { column: "edition", value: edition }, rows, {
          kind,
          edition,
          year: null,
          label: `${name} (NCCI add-on code edits, ${edition})`,
          detail: {},
        });
      }
      case "icd10": {
        const fy = /(20\d\d)/.exec(name)?.[1];
        const edition = requireEdition(
          kind,
          options.edition ?? (fy === undefined ? null : `FY${fy}`),
        );
        const rows = (await parseIcd10File(file)).map((r): Cell[] => [
          edition,
          r.code,
          r.title,
          r.billable,
        ]);
        return await run("ref_icd10", { column: "edition", value: edition }, rows, {
          kind,
          edition,
          year: null,
          label: `${name} (ICD-10-CM ${edition})`,
          detail: {},
        });
      }
      case "taxonomy": {
        const v = /taxonomy_(\d\d)(\d)/i.exec(name);
        const edition = requireEdition(
          kind,
          options.edition ?? (v === null ? null : `${v[1]}.${v[2]}`),
        );
        const rows = (await parseTaxonomyFile(file)).map((r): Cell[] => [
          edition,
          r.code,
          r.grouping,
          r.classification,
          r.specialization,
          r.displayName,
        ]);
        return await run("ref_taxonomy", { column: "edition", value: edition }, rows, {
          kind,
          edition,
          year: null,
          label: `${name} (NUCC taxonomy ${edition})`,
          detail: {},
        });
      }
      case "pos": {
        const edition = requireEdition(
          kind,
          options.edition ?? dateInName(name) ?? /(20\d\d)/.exec(name)?.[1] ?? null,
        );
        const rows = (await parsePosFile(file)).map((r): Cell[] => [
          edition,
          r.code,
          r.name,
          r.facility,
        ]);
        return await run("ref_pos", { column: "edition", value: edition }, rows, {
          kind,
          edition,
          year: null,
          label: `${name} (place-of-service codes, ${edition})`,
          detail: {},
        });
      }
      case "medicaid": {
        const state = options.state === undefined ? null : stateCode(options.state);
        if (state === null) {
          throw new UsageError(
            `ratelens import medicaid needs --state XX (a US state code)${options.state === undefined ? "" : `; "${options.state}" is not one`}`,
          );
        }
        if (options.effective !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.effective)) {
          throw new UsageError(`--effective must be YYYY-MM-DD, not "${options.effective}"`);
        }
        const label = `${name} (${state} Medicaid fee schedule)`;
        const fees = await parseMedicaidFile(file, {
          state,
          ...(options.effective === undefined ? {} : { effective: options.effective }),
          source: { file: label, edition: state, sha256 },
        });
        const rows = fees.map((f): Cell[] => [
          state,
          state,
          f.line,
          f.code,
          f.modifier,
          f.facilityAmount,
          f.nonFacilityAmount,
          f.effectiveDate,
        ]);
        return await run("ref_medicaid_fee", { column: "state", value: state }, rows, {
          kind,
          edition: state,
          year: null,
          label,
          detail: { effective: [...new Set(fees.map((f) => f.effectiveDate))] },
        });
      }
    }
  } catch (error) {
    progress.abort();
    throw error;
  }
}

function requireYear(
  kind: string,
  year: number | null,
  fileYear: number | null,
  file: string,
): number {
  if (year === null) {
    throw new UsageError(`the ${kind} file ${file} does not say its year: give --year N`);
  }
  if (!Number.isInteger(year) || year < 1992 || year > 2100) {
    throw new UsageError(`--year must be a calendar year, not ${year}`);
  }
  if (fileYear !== null && fileYear !== year) {
    throw new UsageError(`${file} is the ${fileYear} file but --year ${year} was given`);
  }
  return year;
}

function requireEdition(kind: string, edition: string | null, date = false): string {
  if (edition === null) {
    throw new UsageError(
      `cannot tell the edition of this ${kind} file from its name: give --edition ${date ? "YYYY-MM-DD (its effective date)" : "LABEL"}`,
    );
  }
  if (date && !/^\d{4}-\d{2}-\d{2}$/.test(edition)) {
    throw new UsageError(
      `the ${kind} edition must be its effective date, YYYY-MM-DD, not "${edition}"`,
    );
  }
  return edition;
}
