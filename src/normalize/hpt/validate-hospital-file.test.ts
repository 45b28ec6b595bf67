import { join } from "node:path";
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { HptVersion } from "../../sources/hpt/hpt-record.js";
import { validateHospitalFile } from "./validate-hospital-file.js";

const FIXTURES = join(import.meta.dirname, "../../sources/hpt/fixtures");

/**
 * Every CMS fixture and example with what it must give: `null` = loads clean (no error finding),
 * otherwise the rule its name announces (and, where the name says which, the column it names).
 * The validator-2.6.0 top-level fixtures are CMS's current v2 fixtures, which its test suite checks
 * against the v2.2 rules (the v2 version in force); v3 files are always checked as v3.
 */
const CASES: Record<string, { expect: string | null; column?: string; rules?: HptVersion }> = {
  "examples/v2.0-tall.csv": { expect: null },
  "examples/v2.0-wide.csv": { expect: null },
  "examples/v2.0.json": { expect: null },
  "examples/v2.2-tall.csv": { expect: null },
  "examples/v2.2-wide.csv": { expect: null },
  "examples/v2.2.json": { expect: null },
  "examples/v3.0-tall.csv": { expect: null },
  "examples/v3.0-wide.csv": { expect: null },
  "examples/v3.0.json": { expect: null },
  "validator-2.6.0/false-confirmation.json": { expect: "false-attestation", rules: "2.2.0" },
  "validator-2.6.0/sample-bad-header.csv": { expect: "invalid-date", rules: "2.2.0" },
  "validator-2.6.0/sample-bad-item-header.csv": {
    expect: "column-missing",
    column: "description",
    rules: "2.2.0",
  },
  "validator-2.6.0/sample-blank-header.csv": { expect: "header-blank", rules: "2.2.0" },
  "validator-2.6.0/sample-empty.json": {
    expect: "required-value",
    column: "$.hospital_name",
    rules: "2.2.0",
  },
  "validator-2.6.0/sample-invalid.json": { expect: "invalid-json", rules: "2.2.0" },
  "validator-2.6.0/sample-lots-of-alerts.json": { expect: "nine-nines", rules: "2.2.0" },
  "validator-2.6.0/sample-lots-of-errors.csv": { expect: "invalid-number", rules: "2.2.0" },
  "validator-2.6.0/sample-missing-estimate.json": {
    expect: "estimated-amount-required",
    rules: "2.2.0",
  },
  "validator-2.6.0/sample-ndc-no-drug-info.json": {
    expect: "drug-information-required",
    rules: "2.2.0",
  },
  "validator-2.6.0/sample-nine-nines.json": { expect: "nine-nines", rules: "2.2.0" },
  "validator-2.6.0/sample-no-charges.json": { expect: "item-requires-charge", rules: "2.2.0" },
  "validator-2.6.0/sample-no-data.csv": { expect: "min-rows", rules: "2.2.0" },
  "validator-2.6.0/sample-no-min-max.json": { expect: "dollar-needs-min-max", rules: "2.2.0" },
  "validator-2.6.0/sample-no-payer-charges.json": { expect: "no-payer-charges", rules: "2.2.0" },
  "validator-2.6.0/sample-other-no-notes.json": {
    expect: "other-methodology-notes",
    rules: "2.2.0",
  },
  "validator-2.6.0/sample-tall-mixed-line-endings.csv": { expect: null, rules: "2.2.0" },
  "validator-2.6.0/sample-tall-small-rows.csv": { expect: null, rules: "2.2.0" },
  "validator-2.6.0/sample-tall-valid.csv": { expect: null, rules: "2.2.0" },
  "validator-2.6.0/sample-valid-bom.json": { expect: null, rules: "2.2.0" },
  "validator-2.6.0/sample-valid-drug-info.json": { expect: null, rules: "2.2.0" },
  "validator-2.6.0/sample-valid-modifier.json": { expect: null, rules: "2.2.0" },
  "validator-2.6.0/sample-valid.json": { expect: null, rules: "2.2.0" },
  "validator-2.6.0/sample-wide-blank-headers.csv": { expect: "header-blank", rules: "2.2.0" },
  "validator-2.6.0/sample-wide-valid.csv": { expect: null, rules: "2.2.0" },
  "validator-2.6.0/sample-wrong-drug-info.json": {
    expect: "invalid-type",
    column: "drug_information.unit",
    rules: "2.2.0",
  },
  "validator-2.6.0/sample-wrong-modifier.json": {
    expect: "invalid-type",
    column: "$.modifier_information[0].code",
    rules: "2.2.0",
  },
  "validator-2.6.0/unexpected-version.json": { expect: "invalid-version", rules: "2.2.0" },
  "validator-2.6.0-v3/alerts-with-errors.json": { expect: "invalid-type", column: "count" },
  "validator-2.6.0-v3/allowed-amounts-nine-9s.json": { expect: "nine-nines" },
  "validator-2.6.0-v3/estimated-amount.json": {
    expect: "retired-element",
    column: "estimated_amount",
  },
  "validator-2.6.0-v3/false-confirmation.json": { expect: "false-attestation" },
  "validator-2.6.0-v3/sample-empty-address.json": {
    expect: "empty-value",
    column: "$.hospital_address[1]",
  },
  "validator-2.6.0-v3/sample-empty-algorithm.json": {
    expect: "empty-value",
    column: "standard_charge_algorithm",
  },
  "validator-2.6.0-v3/sample-empty-generic-notes.json": {
    expect: "empty-value",
    column: "additional_generic_notes",
  },
  "validator-2.6.0-v3/sample-empty-location.json": {
    expect: "empty-value",
    column: "$.location_name[0]",
  },
  "validator-2.6.0-v3/sample-empty-payer-notes.json": {
    expect: "empty-value",
    column: "additional_payer_notes",
  },
  "validator-2.6.0-v3/sample-missing-10th.json": {
    expect: "allowed-amount-required",
    column: "10th_percentile",
  },
  "validator-2.6.0-v3/sample-missing-90th.json": {
    expect: "allowed-amount-required",
    column: "90th_percentile",
  },
  "validator-2.6.0-v3/sample-missing-count-of-allowed-amounts.json": {
    expect: "allowed-amount-required",
    column: "count",
  },
  "validator-2.6.0-v3/sample-missing-median.json": {
    expect: "allowed-amount-required",
    column: "median_amount",
  },
  "validator-2.6.0-v3/sample-modifier-invalid-setting.json": {
    expect: "allowed-values",
    column: "$.modifier_information[0].setting",
  },
  "validator-2.6.0-v3/sample-payer-no-charge.json": { expect: "payer-requires-charge" },
  "validator-2.6.0-v3/sample-valid-allowed-amount-zero.json": { expect: null },
  "validator-2.6.0-v3/sample-valid-drug-info.json": { expect: null },
  "validator-2.6.0-v3/sample-valid.json": { expect: null },
  "validator-2.6.0-v3/unexpected-version.json": { expect: "version-mismatch" },
  "validator-1.11.1-v2/error.csv": { expect: "column-missing", column: "drug_unit_of_measurement" },
  "validator-1.11.1-v2/sample-2025-properties.json": {
    expect: "invalid-type",
    column: "estimated_amount",
  },
  "validator-1.11.1-v2/sample-conditional-error-minimum.json": { expect: "dollar-needs-min-max" },
  "validator-1.11.1-v2/sample-conditional-error-standardcharge.json": {
    expect: "item-requires-charge",
  },
  "validator-1.11.1-v2/sample-conditional-error-wrong-code-information.json": {
    expect: "code-pair-missing",
  },
  "validator-1.11.1-v2/sample-conditional-errors.json": { expect: "other-methodology-notes" },
  "validator-1.11.1-v2/sample-conditional-valid-minimum.json": { expect: null },
  "validator-1.11.1-v2/sample-empty.json": { expect: "required-value" },
  "validator-1.11.1-v2/sample-errors.json": {
    expect: "invalid-type",
    column: "standard_charge_dollar",
  },
  "validator-1.11.1-v2/sample-invalid.json": { expect: "invalid-json" },
  "validator-1.11.1-v2/sample-nine-nines.json": { expect: "nine-nines" },
  "validator-1.11.1-v2/sample-tall-mixed-line-endings.csv": { expect: null },
  "validator-1.11.1-v2/sample-tall-valid-quoted.csv": { expect: null },
  "validator-1.11.1-v2/sample-tall-valid.csv": { expect: null },
  "validator-1.11.1-v2/sample-valid-bom.json": { expect: null },
  "validator-1.11.1-v2/sample-valid.json": { expect: null },
  "validator-1.11.1-v2/sample-wide-error-bad-enum.csv": {
    expect: "allowed-values",
    column: "code | 1 | type",
  },
  "validator-1.11.1-v2/sample-wide-error-header-standardcharge.csv": {
    expect: "column-missing",
    column: "negotiated_dollar",
  },
  "validator-1.11.1-v2/sample-wide-error-header.csv": {
    expect: "header-column-missing",
    column: "hospital_location",
  },
  "validator-1.11.1-v2/sample-wide-error-missing-value.csv": {
    expect: "required-value",
    column: "code | 1",
  },
  "validator-1.11.1-v2/sample-wide-header-empty.csv": {
    expect: "required-value",
    column: "hospital_name",
  },
  "validator-1.11.1-v2/sample-wide-missing-new-columns.csv": {
    expect: "column-missing",
    column: "drug_type_of_measurement",
  },
  "validator-1.11.1-v2/sample-wide-valid.csv": { expect: null },
};

/**
 * Fixtures of the old validator (v1.11.1) whose expectation that validator's current release no
 * longer shares: v2.2 rules applied by file date to files declaring 2.0.0 ("estimate", "ndc"),
 * and a code type in the wrong case ("mS-DRG"), which CMS now compares case-insensitively.
 */
const SUPERSEDED = new Set([
  "validator-1.11.1-v2/sample-conditional-error-estimate.json",
  "validator-1.11.1-v2/sample-conditional-error-ndc.json",
  "validator-1.11.1-v2/sample-wide-error.csv",
]);

describe("CMS fixtures and examples", () => {
  it("the table covers every fixture file", () => {
    const files = readdirSync(FIXTURES, { withFileTypes: true })
      // real/ and zipped/ hold inputs of the ingest tests, not CMS fixtures.
      .filter((d) => d.isDirectory() && d.name !== "real" && d.name !== "zipped")
      .map((d) => d.name)
      .flatMap((dir) => readdirSync(join(FIXTURES, dir)).map((f) => `${dir}/${f}`));
    expect(files.filter((f) => !(f in CASES) && !SUPERSEDED.has(f))).toEqual([]);
  });

  for (const [name, test] of Object.entries(CASES)) {
    it(`${name}: ${test.expect ?? "loads clean"}`, async () => {
      const { findings } = await validateHospitalFile(
        join(FIXTURES, name),
        test.rules === undefined ? {} : { rules: test.rules },
      );
      const errors = findings.filter((f) => f.severity === "error");
      if (test.expect === null) {
        expect(errors).toEqual([]);
        return;
      }
      const named = findings.filter(
        (f) =>
          f.rule === test.expect &&
          (test.column === undefined || (f.column ?? "").includes(test.column)),
      );
      expect(named.length, JSON.stringify(findings.slice(0, 5))).toBeGreaterThan(0);
    });
  }
});
