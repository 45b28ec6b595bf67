import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InputError } from "../../errors.js";
import { Store } from "../../store/store.js";
import { countCsv, countJson, countLegacy } from "./independent-count.js";
import { ingestHospitalFile } from "./ingest-hospital-file.js";

const FIXTURES = join(import.meta.dirname, "../../sources/hpt/fixtures");
const STONY_BROOK = join(
  FIXTURES,
  "real/113243405_StonyBrookUniversityHospital_standardcharges.csv.gz",
);

const VALID = [
  "examples/v2.0-tall.csv",
  "examples/v2.0-wide.csv",
  "examples/v2.0.json",
  "examples/v2.2-tall.csv",
  "examples/v2.2-wide.csv",
  "examples/v2.2.json",
  "examples/v3.0-tall.csv",
  "examples/v3.0-wide.csv",
  "examples/v3.0.json",
  "validator-2.6.0/sample-tall-valid.csv",
  "validator-2.6.0/sample-wide-valid.csv",
  "validator-2.6.0/sample-valid.json",
  "validator-2.6.0/sample-valid-bom.json",
  "validator-2.6.0/sample-valid-modifier.json",
  "validator-2.6.0/sample-valid-drug-info.json",
  "validator-2.6.0/sample-tall-mixed-line-endings.csv",
  "validator-2.6.0-v3/sample-valid.json",
  "validator-2.6.0-v3/sample-valid-drug-info.json",
  "validator-2.6.0-v3/sample-valid-allowed-amount-zero.json",
  "validator-1.11.1-v2/sample-tall-valid-quoted.csv",
];

let store: Store;
beforeEach(async () => {
  store = await Store.memory();
});
afterEach(() => {
  store.close();
});

async function one(
  sql: string,
  params: (string | number)[] = [],
): Promise<Record<string, unknown>> {
  return store.withConnection(
    async (c) => (await c.runAndReadAll(sql, params)).getRowObjectsJson()[0] ?? {},
  );
}

describe("ingestHospitalFile", () => {
  for (const name of VALID) {
    it(`${name}: counts match an independent count`, async () => {
      const file = join(FIXTURES, name);
      const result = await ingestHospitalFile(store, file);
      const expected = name.endsWith(".json") ? countJson(file) : countCsv(file);
      expect(result.errors).toBe(0);
      expect(result.records).toBe(expected.records);
      expect(result.loadedRecords).toBe(expected.records);
      expect(result.charges).toBe(expected.rows);
      const stored = await one(
        `SELECT count(*)::INTEGER AS rows, count(negotiated_dollar)::INTEGER AS dollars, coalesce(sum(negotiated_dollar), 0)::DOUBLE AS dollar_sum,
           count(DISTINCT record_index)::INTEGER AS records FROM hospital_charges WHERE file_id = $1`,
        [result.fileId],
      );
      expect(stored).toMatchObject({
        rows: expected.rows,
        dollars: expected.dollars,
        records: expected.records,
      });
      expect(Number(stored.dollar_sum)).toBeCloseTo(expected.dollarSum, 6);
    });
  }

  it("keeps every charge's provenance: file hash and CSV line or JSON path", async () => {
    const csv = await ingestHospitalFile(store, join(FIXTURES, "examples/v3.0-tall.csv"));
    const json = await ingestHospitalFile(store, join(FIXTURES, "examples/v3.0.json"));
    const row = await one(
      `SELECT min(row_number)::INTEGER AS first, count(*) FILTER (WHERE row_number IS NULL)::INTEGER AS missing FROM hospital_charges WHERE file_id = $1`,
      [csv.fileId],
    );
    expect(row).toEqual({ first: 4, missing: 0 });
    const path = await one(
      `SELECT json_path, negotiated_dollar FROM hospital_charges WHERE file_id = $1 ORDER BY record_index, payer_index LIMIT 1`,
      [json.fileId],
    );
    expect(path).toEqual({
      json_path: "$.standard_charge_information[0].standard_charges[0].payers_information[0]",
      negotiated_dollar: 400,
    });
    const file = await one(
      `SELECT sha256, rules_version, hospital_name, type_2_npis FROM hospital_files WHERE file_id = $1`,
      [json.fileId],
    );
    expect(file).toMatchObject({
      sha256: json.sha256,
      rules_version: "3.0.0",
      hospital_name: "West Mercy Hospital",
      type_2_npis: ["0000000001", "0000000002", "0000000003"],
    });
  });

  it("keeps dollars, percentages and algorithms apart", async () => {
    const result = await ingestHospitalFile(store, join(FIXTURES, "examples/v3.0-tall.csv"));
    const kinds = await one(
      `SELECT count(negotiated_dollar)::INTEGER AS d, count(negotiated_percentage)::INTEGER AS p, count(negotiated_algorithm)::INTEGER AS a,
         count(*) FILTER (WHERE negotiated_dollar IS NOT NULL AND negotiated_percentage IS NOT NULL)::INTEGER AS both
       FROM hospital_charges WHERE file_id = $1`,
      [result.fileId],
    );
    expect(kinds.d).toBeGreaterThan(0);
    expect(kinds.p).toBeGreaterThan(0);
    expect(kinds.a).toBeGreaterThan(0);
  });

  it("re-running the same file changes nothing", async () => {
    const file = join(FIXTURES, "examples/v2.2-wide.csv");
    const first = await ingestHospitalFile(store, file);
    const second = await ingestHospitalFile(store, file);
    expect(second.skipped).toBe(true);
    expect(second.fileId).toBe(first.fileId);
    expect(await one("SELECT count(*)::INTEGER AS n FROM hospital_charges")).toEqual({
      n: first.charges,
    });
  });

  it("loads the valid records of a file with errors and reports the others", async () => {
    const result = await ingestHospitalFile(
      store,
      join(FIXTURES, "validator-2.6.0/sample-lots-of-errors.csv"),
      { rules: "2.2.0" },
    );
    expect(result.records).toBe(13);
    expect(result.loadedRecords).toBe(5);
    expect(result.errors).toBeGreaterThan(0);
    expect(
      await one("SELECT count(DISTINCT record_index)::INTEGER AS n FROM hospital_charges"),
    ).toEqual({ n: 5 });
    expect(
      await one("SELECT count(*)::INTEGER AS n FROM hospital_findings WHERE severity = 'error'"),
    ).toEqual({ n: result.errors });
  });

  it("an unusable file is an InputError naming the place, and leaves nothing behind", async () => {
    const bad = ingestHospitalFile(store, join(FIXTURES, "validator-2.6.0/sample-invalid.json"));
    await expect(bad).rejects.toThrow(InputError);
    await expect(bad).rejects.toThrow(/byte \d+/);
    expect(await one("SELECT count(*)::INTEGER AS n FROM hospital_files")).toEqual({ n: 0 });
  });

  it("loads the real Stony Brook 2022 file (pre-template layout) with its payers mapped", async () => {
    const result = await ingestHospitalFile(store, STONY_BROOK);
    const expected = countLegacy(STONY_BROOK);
    expect(result.layout).toBe("legacy-wide");
    expect(result.records).toBe(5451);
    expect(result.records).toBe(expected.records);
    expect(result.charges).toBe(expected.rows);
    const stored = await one(
      `SELECT count(negotiated_dollar)::INTEGER AS dollars, sum(negotiated_dollar)::DOUBLE AS total FROM hospital_charges`,
    );
    expect(stored.dollars).toBe(expected.dollars);
    expect(stored.dollars).toBe(20927);
    expect(Number(stored.total)).toBeCloseTo(expected.dollarSum, 2);
    expect(await one("SELECT ein FROM hospital_files")).toEqual({ ein: "113243405" });
    const facet = await one(
      `SELECT any_value(gross_charge) AS gross, any_value(minimum) AS min, any_value(maximum) AS max FROM hospital_charge_codes WHERE code = '64493' AND code_type = 'CPT'`,
    );
    expect(facet).toEqual({ gross: 4009.48, min: 1521.92, max: 13395.68 });
    const payers = await store.withConnection(async (c) =>
      (
        await c.runAndReadAll(
          `SELECT DISTINCT payer_name, plan_name, payer FROM hospital_charges WHERE payer IS NOT NULL ORDER BY 1, 2`,
        )
      ).getRowObjectsJson(),
    );
    expect(payers).toHaveLength(28);
    const mapped = Object.fromEntries(
      payers.map((p) => [`${p.payer_name as string}-${p.plan_name as string}`, p.payer]),
    );
    expect(mapped["Aetna-Commercial"]).toBe("Aetna");
    expect(mapped["Cigna-Commercial"]).toBe("Cigna");
    expect(mapped["United Healthcare-Medicare Advantage"]).toBe("UnitedHealthcare");
    expect(mapped["OXFORD HEALTH INSURANCE-Commercial"]).toBe("UnitedHealthcare");
    expect(mapped["EMPIRE HEALTHCHOICE ASSURANCE-PPO"]).toBe("Empire BCBS (Elevance)");
    // Names without an alias keep their own name, never a guess.
    expect(mapped["FIDELIS CARE NEW YORK-Medicaid"]).toBe("FIDELIS CARE NEW YORK");
  });
});
