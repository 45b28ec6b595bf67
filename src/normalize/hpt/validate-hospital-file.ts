import { InputError } from "../../errors.js";
import type { HptFinding } from "../../sources/hpt/hpt-finding.js";
import type { HptHeader, HptLayout, HptRecord, HptVersion } from "../../sources/hpt/hpt-record.js";
import { columnKey } from "../../sources/hpt/csv-columns.js";
import {
  detectHospitalFile,
  einFromFileName,
  readFirstBytes,
  type HospitalFileKind,
} from "../../sources/hpt/detect-hospital-file.js";
import type { HptEvent } from "../../sources/hpt/hpt-event.js";
import {
  declaredVersion,
  rulesVersion,
  type VersionMarkers,
} from "../../sources/hpt/hpt-version.js";
import { readHptCsv } from "../../sources/hpt/read-hpt-csv.js";
import type { ByteCount } from "../../sources/reference/read-text-lines.js";
import { readHptJson } from "../../sources/hpt/read-hpt-json.js";
import { readHptLegacy } from "../../sources/hpt/read-hpt-legacy.js";
import { columnFindings, headerFindings } from "./hpt-header-rules.js";
import { recordFindings } from "./hpt-record-rules.js";

/** What a pass over a hospital file found. */
export interface HospitalFileScan {
  file: string;
  kind: HospitalFileKind;
  layout: HptLayout;
  header: HptHeader;
  /** The version the file declares, when it is one we know. */
  declaredVersion: HptVersion | null;
  /** The version whose rules were applied (null for the pre-template layout). */
  rulesVersion: HptVersion | null;
  records: number;
  /** Records without an error finding (the ones a load keeps). */
  validRecords: number;
  /** Findings, the first `maxFindings` of them (counts below are complete). */
  findings: HptFinding[];
  errorCount: number;
  warningCount: number;
}

export interface ScanOptions {
  /** Called for each record with whether it passed (no error finding). Awaited: back-pressure. */
  onRecord?: (record: HptRecord, valid: boolean) => void | Promise<void>;
  /** Called once the header is read and its version resolved, before the first record. */
  onHeader?: (scan: HospitalFileScan) => void | Promise<void>;
  /** EIN to record when the file name does not carry one. */
  ein?: string;
  /** Findings kept in memory (default 10,000); the counts go on. */
  maxFindings?: number;
  /**
   * Apply this version's rules instead of the file's own (as CMS's validator is told which version
   * to check against; its current fixtures are checked with the v2.2 rules, the v2 version in force).
   */
  rules?: HptVersion;
  /** Filled with the bytes read as the file is read (for progress). */
  count?: ByteCount;
}

const V3_MARKERS = [
  "location_name",
  "type_2_npi",
  "attester_name",
  "median_amount",
  "10th_percentile",
  "90th_percentile",
  "count",
  "attestation",
];
const V22_MARKERS = [
  "drug_unit_of_measurement",
  "drug_type_of_measurement",
  "estimated_amount",
  "modifier_information",
  "modifiers",
];

function markersFrom(labels: readonly string[], columns: readonly string[]): VersionMarkers {
  const keys = [...labels, ...columns].map((label) => columnKey(label).split("|")[0] ?? "");
  const statement = labels.some(
    (l) => /^to the best of its knowledge/i.test(l.trim()) && /attests/i.test(l),
  );
  return {
    v3: statement || keys.some((k) => V3_MARKERS.includes(k)),
    v22: keys.some((k) => V22_MARKERS.includes(k)),
  };
}

/**
 * Reads a hospital price-transparency file once, applying CMS's rules for its version, and hands
 * each record to `onRecord`. A file that cannot be read at all (not a hospital file, invalid JSON,
 * no header lines) is an `InputError`; everything else is findings.
 */
export async function scanHospitalFile(
  file: string,
  options: ScanOptions = {},
): Promise<HospitalFileScan> {
  let first: Buffer;
  try {
    first = await readFirstBytes(file);
  } catch (error) {
    throw new InputError(
      file,
      {},
      `cannot open: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const kind = detectHospitalFile(first);
  if (kind === null) {
    throw new InputError(
      file,
      { byteOffset: 0 },
      "not a hospital price-transparency file (CMS template CSV or JSON, or the pre-template standard-charges CSV)",
    );
  }
  const ein = einFromFileName(file) ?? options.ein ?? null;
  const events: AsyncGenerator<HptEvent> =
    kind === "json"
      ? readHptJson(file, options.count)
      : kind === "csv"
        ? readHptCsv(file, options.count)
        : readHptLegacy(file, ein, options.count);
  const max = options.maxFindings ?? 10_000;
  const scan: HospitalFileScan = {
    file,
    kind,
    layout: kind === "json" ? "json" : "legacy-wide",
    header: { ...emptyHeaderLike() },
    declaredVersion: null,
    rulesVersion: null,
    records: 0,
    validRecords: 0,
    findings: [],
    errorCount: 0,
    warningCount: 0,
  };
  const note = (found: readonly HptFinding[]): void => {
    for (const f of found) {
      if (f.severity === "error") scan.errorCount++;
      else scan.warningCount++;
      if (scan.findings.length < max) scan.findings.push(f);
    }
  };
  let version: HptVersion | null = null;
  let headerSeen = false;
  let readerErrors = 0;
  let resolved: ReturnType<typeof rulesVersion> | undefined;
  let payerCharges = 0;
  for await (const event of events) {
    if (event.kind === "finding") {
      note([event.finding]);
      // A JSON item's own type errors (sent just before its records) make those records invalid too.
      if (
        scan.layout === "json" &&
        headerSeen &&
        event.finding.severity === "error" &&
        event.finding.column?.startsWith("$.standard_charge_information") === true
      ) {
        readerErrors++;
      }
    } else if (event.kind === "header") {
      const first = !headerSeen;
      headerSeen = true;
      scan.header = event.header;
      scan.header.ein ??= ein;
      scan.layout = event.layout;
      if (event.layout === "legacy-wide") {
        await options.onHeader?.(scan);
        continue;
      }
      if (first) {
        scan.declaredVersion = declaredVersion(event.header.version);
        resolved = rulesVersion(
          scan.declaredVersion,
          markersFrom(event.header.labels, event.columns),
        );
        // An override applies within its family only: v2 rules are not forced onto a v3 file or back.
        const forced =
          options.rules !== undefined &&
          (options.rules === "3.0.0") === (resolved.version === "3.0.0")
            ? options.rules
            : undefined;
        version = forced ?? resolved.version;
        scan.rulesVersion = version;
      }
      if (event.final && version !== null) {
        // A JSON file's version may only be known at the end: re-resolve for the header rules.
        const declared = declaredVersion(event.header.version);
        const late = !first && declared !== scan.declaredVersion;
        scan.declaredVersion = declared;
        if (late) {
          resolved = rulesVersion(declared, markersFrom(event.header.labels, event.columns));
        }
        note(
          headerFindings(
            event.header,
            event.layout,
            version,
            declared,
            resolved?.mismatch ?? false,
          ),
        );
        if (
          event.header.labels.some(
            (l, i, all) => l.trim() === "" && all.slice(i + 1).some((n) => n.trim() !== ""),
          )
        ) {
          note([
            {
              rule: "header-blank",
              severity: "error",
              row: 1,
              column: null,
              message: "a header label is blank",
            },
          ]);
        }
        if (event.columns.some((c) => c.trim() !== "")) {
          note(columnFindings(event.columns, event.layout, version));
        }
      }
      if (first) await options.onHeader?.(scan);
    } else {
      scan.records++;
      payerCharges += event.record.payers.filter(
        (p) => p.dollar !== null || p.percentage !== null || p.algorithm !== null,
      ).length;
      const found = version === null ? [] : recordFindings(event.record, scan.layout, version);
      note(found);
      const valid = readerErrors === 0 && !found.some((f) => f.severity === "error");
      readerErrors = 0;
      if (valid) scan.validRecords++;
      await options.onRecord?.(event.record, valid);
    }
  }
  if (scan.records === 0 && scan.layout !== "json") {
    note([
      {
        rule: "min-rows",
        severity: "error",
        row: 4,
        column: null,
        message: "the file has no data rows",
      },
    ]);
  }
  if (scan.records === 0 && scan.layout === "json") {
    note([
      {
        rule: "required-value",
        severity: "error",
        row: null,
        column: "$.standard_charge_information",
        message: '"standard_charge_information" is required and must list at least one item',
      },
    ]);
  }
  if (
    scan.records > 0 &&
    payerCharges === 0 &&
    version !== null &&
    version !== "2.0.0" &&
    version !== "2.1.0"
  ) {
    note([
      {
        rule: "no-payer-charges",
        severity: "warning",
        row: null,
        column: null,
        message: "the file has no payer-specific negotiated charge at all",
      },
    ]);
  }
  return scan;
}

/**
 * `scanHospitalFile` for the `validate` command: a file that cannot be read (invalid JSON, missing
 * header lines) becomes one `unusable-file` finding instead of an exception.
 */
export async function validateHospitalFile(
  file: string,
  options: ScanOptions = {},
): Promise<{ scan: HospitalFileScan | null; findings: HptFinding[] }> {
  try {
    const scan = await scanHospitalFile(file, options);
    return { scan, findings: scan.findings };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const rule = /invalid JSON/.test(error.message) ? "invalid-json" : "unusable-file";
    const where =
      error.location.jsonPath ??
      (error.location.byteOffset !== undefined ? `byte ${error.location.byteOffset}` : null);
    return {
      scan: null,
      findings: [
        {
          rule,
          severity: "error",
          row: error.location.line ?? null,
          column: where,
          message: error.message,
        },
      ],
    };
  }
}

function emptyHeaderLike(): HptHeader {
  return {
    hospitalName: null,
    lastUpdatedOn: null,
    version: null,
    locations: [],
    addresses: [],
    licenseNumber: null,
    licenseState: null,
    type2Npis: [],
    ein: null,
    attestationConfirmed: null,
    attesterName: null,
    labels: [],
  };
}
