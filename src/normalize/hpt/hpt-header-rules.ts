/**
 * File-level rules of CMS's hospital price-transparency validator (CMSgov/hpt-validator:
 * HeaderColumnMissingError, RequiredValueError, InvalidDateError, InvalidStateCodeError,
 * InvalidVersionError, ColumnMissingError; FalseStatementAlert, VersionMismatchAlert), applied per
 * template version to the header of any layout.
 */
import type { HptHeader, HptLayout, HptVersion } from "../../sources/hpt/hpt-record.js";
import {
  columnKey,
  requiredDataColumns,
  requiredHeaderLabels,
  requiredWidePayerFields,
  wideLabel,
  widePayerColumn,
} from "../../sources/hpt/csv-columns.js";
import { finding, type HptFinding } from "../../sources/hpt/hpt-finding.js";
import { isValidDate, STATE_CODES } from "./hpt-values.js";

const STATEMENT = /^to the best of its knowledge and belief/i;

/** Header labels (CSV line 1) present for each required one. */
function headerLabelPresent(labels: readonly string[], required: string): boolean {
  const keys = labels.map(columnKey);
  if (required === "license_number|[state]") {
    return keys.some((k) => k.startsWith("license_number|"));
  }
  if (required === "attestation" || required === "affirmation") {
    return labels.some((l) => STATEMENT.test(l.trim()));
  }
  return keys.includes(required);
}

/** Header rules for every layout but the pre-template one. */
export function headerFindings(
  header: HptHeader,
  layout: HptLayout,
  version: HptVersion,
  declared: HptVersion | null,
  mismatch: boolean,
): HptFinding[] {
  const out: HptFinding[] = [];
  const csv = layout === "csv-tall" || layout === "csv-wide";
  const row = csv ? 2 : null;
  const where = (csvLabel: string, jsonKey: string): string => (csv ? csvLabel : `$.${jsonKey}`);
  if (csv) {
    for (const label of requiredHeaderLabels(version)) {
      if (!headerLabelPresent(header.labels, label)) {
        out.push(
          finding(
            "header-column-missing",
            "error",
            1,
            label,
            `header column "${label}" is missing`,
          ),
        );
      }
    }
  }
  const v3 = version === "3.0.0";
  const required: [unknown, string, string][] = [
    [header.hospitalName, "hospital_name", "hospital_name"],
    [header.lastUpdatedOn, "last_updated_on", "last_updated_on"],
    [header.version, "version", "version"],
    [
      header.locations.length > 0 ? true : null,
      v3 ? "location_name" : "hospital_location",
      v3 ? "location_name" : "hospital_location",
    ],
    [header.addresses.length > 0 ? true : null, "hospital_address", "hospital_address"],
  ];
  if (v3) {
    required.push(
      [header.type2Npis.length > 0 ? true : null, "type_2_npi", "type_2_npi"],
      [header.attesterName, "attester_name", "attestation.attester_name"],
    );
  }
  if (!csv) {
    required.push([header.licenseState, "license_number|[state]", "license_information.state"]);
  }
  for (const [value, label, key] of required) {
    if (value === null) {
      out.push(
        finding(
          "required-value",
          "error",
          row,
          where(label, key),
          `"${label}" is required and has no value`,
        ),
      );
    }
  }
  if (header.lastUpdatedOn !== null && !isValidDate(header.lastUpdatedOn)) {
    out.push(
      finding(
        "invalid-date",
        "error",
        row,
        where("last_updated_on", "last_updated_on"),
        `"last_updated_on" is "${header.lastUpdatedOn}": expected YYYY-MM-DD or MM/DD/YYYY`,
      ),
    );
  }
  if (header.licenseState !== null && !STATE_CODES.has(header.licenseState.toUpperCase())) {
    out.push(
      finding(
        "invalid-state-code",
        "error",
        csv ? 1 : null,
        where(`license_number|${header.licenseState}`, "license_information.state"),
        `"${header.licenseState}" is not a US state or territory code`,
      ),
    );
  }
  if (header.version !== null && declared === null) {
    out.push(
      finding(
        "invalid-version",
        "error",
        row,
        where("version", "version"),
        `version "${header.version}" is not one of 2.0.0, 2.1.0, 2.2.0, 3.0.0`,
      ),
    );
  }
  if (mismatch) {
    out.push(
      finding(
        "version-mismatch",
        "warning",
        row,
        where("version", "version"),
        `the file declares version ${header.version ?? "?"} but its content follows ${version}; checked as ${version}`,
      ),
    );
  }
  if (header.attestationConfirmed === false) {
    out.push(
      finding(
        "false-attestation",
        "warning",
        row,
        where(
          v3 ? "attestation" : "affirmation",
          v3 ? "attestation.confirm_attestation" : "affirmation.confirm_affirmation",
        ),
        "the hospital does not confirm the attestation statement",
      ),
    );
  } else if (header.attestationConfirmed === null) {
    out.push(
      finding(
        "required-value",
        "error",
        row,
        where(v3 ? "attestation" : "affirmation", v3 ? "attestation" : "affirmation"),
        "the attestation (affirmation) statement and its confirmation are required",
      ),
    );
  }
  return out;
}

/** Column rules (CSV line 3): every required column, and every payer-plan's required fields (wide). */
export function columnFindings(
  columns: readonly string[],
  layout: HptLayout,
  version: HptVersion,
  line = 3,
): HptFinding[] {
  if (layout !== "csv-tall" && layout !== "csv-wide") return [];
  const out: HptFinding[] = [];
  const keys = new Set(columns.map(columnKey));
  for (const required of requiredDataColumns(version, layout === "csv-tall")) {
    if (!keys.has(required)) {
      out.push(
        finding("column-missing", "error", line, required, `column "${required}" is missing`),
      );
    }
  }
  if (layout === "csv-wide") {
    const payerPlans = new Set(
      columns.map(widePayerColumn).flatMap((c) => (c === null ? [] : [`${c.payer} | ${c.plan}`])),
    );
    for (const payerPlan of payerPlans) {
      for (const field of requiredWidePayerFields(version)) {
        const label = wideLabel(field, payerPlan);
        if (!keys.has(columnKey(label))) {
          out.push(finding("column-missing", "error", line, label, `column "${label}" is missing`));
        }
      }
    }
  }
  columns.forEach((column, i) => {
    if (column.trim() === "" && columns.slice(i + 1).some((c) => c.trim() !== "")) {
      out.push(
        finding(
          "header-blank",
          "error",
          line,
          `column ${i + 1}`,
          `column ${i + 1} has a blank header`,
        ),
      );
    }
  });
  return out;
}
