import type { DuckDBConnection } from "@duckdb/node-api";
import { mapPayer, payerMatches } from "../../normalize/payers/map-payer.js";
import { ensureHospitalSchema } from "../../store/hospital-tables.js";
import type { Store } from "../../store/store.js";
import type {
  CrosscheckOptions,
  CrosscheckResult,
  CrosscheckRow,
  CrosscheckStatus,
  CrosscheckUnit,
  HospitalSide,
  PayerSide,
} from "./crosscheck-types.js";

interface HospitalFile {
  fileId: number;
  name: string | null;
  ein: string | null;
  npis: string[];
}

interface HospitalCharge extends HospitalSide {
  fileId: number;
  payer: string;
  code: string;
  setting: string | null;
  unit: CrosscheckUnit;
}

interface PayerRate extends PayerSide {
  fileId: number;
  payer: string;
  code: string;
  unit: CrosscheckUnit;
  hospitalFileId: number;
}

/** CPT and HCPCS are the code systems both kinds of file share (TiC writes no revenue codes or DRGs for these). */
const SHARED_CODE_TYPES = ["CPT", "HCPCS"];

/**
 * Compares each hospital's own payer-specific negotiated charges with the payer's TiC rates for the
 * same payer × hospital × code × setting. The hospital is matched in the payer's file by its EIN
 * (= the TIN of a provider group) or a type-2 NPI of the hospital file; only institutional TiC rates
 * are compared (a hospital's charges are facility charges). Settings match when equal, or when one
 * side says "both" or the payer's file gives none (TiC 1.x). Units never mix: dollars with dollars
 * (per-diem methodology with TiC per-diem rates), percentages with percentages.
 *
 * Per (payer, hospital, code, setting, unit): "agree" when the closest pair of values is within the
 * tolerance, "differ" otherwise (both sets of values and their sources are kept), "payer-missing"
 * when the payer's files have no rate for it, "hospital-missing" when the hospital file has none.
 * Payers named by the hospital with no TiC file loaded are listed apart, not reported as missing.
 */
export async function crosscheck(
  store: Store,
  options: CrosscheckOptions = {},
): Promise<CrosscheckResult> {
  const tolerance = options.tolerance ?? 0.01;
  return store.withConnection(async (connection) => {
    await ensureHospitalSchema(connection);
    const hospitals = (await readHospitalFiles(connection)).filter((h) =>
      hospitalMatches(h, options.hospital),
    );
    const codes =
      options.codes === undefined || options.codes.length === 0 ? null : new Set(options.codes);
    const wantedPayer = (payer: string): boolean =>
      options.payer === undefined || payerMatches(mapPayer(payer), options.payer);
    const charges = (await readHospitalCharges(connection, hospitals)).filter(
      (c) => (codes === null || codes.has(c.code)) && wantedPayer(c.payer),
    );
    const ticPayers = await readTicPayers(connection);
    const rates = (await readPayerRates(connection, hospitals, ticPayers)).filter(
      (r) => (codes === null || codes.has(r.code)) && wantedPayer(r.payer),
    );
    const payersWithTic = new Set(ticPayers.values());
    const rows: CrosscheckRow[] = [];
    const byHospital = new Map(hospitals.map((h) => [h.fileId, h]));
    const keyOf = (fileId: number, payer: string, code: string, unit: string): string =>
      `${fileId}\u0000${payer}\u0000${code}\u0000${unit}`;
    const groups = new Map<string, { charges: HospitalCharge[]; rates: PayerRate[] }>();
    for (const c of charges) {
      if (!payersWithTic.has(c.payer)) continue;
      const key = keyOf(c.fileId, c.payer, c.code, c.unit);
      const group = groups.get(key) ?? { charges: [], rates: [] };
      group.charges.push(c);
      groups.set(key, group);
    }
    for (const r of rates) {
      const key = keyOf(r.hospitalFileId, r.payer, r.code, r.unit);
      const group = groups.get(key) ?? { charges: [], rates: [] };
      group.rates.push(r);
      groups.set(key, group);
    }
    for (const group of groups.values()) {
      const sample = group.charges[0] ?? group.rates[0]!;
      const hospitalFileId = "hospitalFileId" in sample ? sample.hospitalFileId : sample.fileId;
      const hospital = byHospital.get(hospitalFileId)!;
      const base = { payer: sample.payer, hospital, code: sample.code, unit: sample.unit };
      const settings = [...new Set(group.charges.map((c) => c.setting ?? "unspecified"))].sort();
      const used = new Set<PayerRate>();
      for (const setting of settings) {
        const mine = group.charges.filter((c) => (c.setting ?? "unspecified") === setting);
        const theirs = group.rates.filter((r) => settingsCompatible(setting, r.setting));
        theirs.forEach((r) => used.add(r));
        rows.push(compare({ ...base, setting }, mine, theirs, tolerance));
      }
      const unmatched = group.rates.filter((r) => !used.has(r));
      const bySetting = new Map<string, PayerRate[]>();
      for (const r of unmatched) {
        bySetting.set(r.setting ?? "unspecified", [
          ...(bySetting.get(r.setting ?? "unspecified") ?? []),
          r,
        ]);
      }
      for (const [setting, theirs] of bySetting) {
        rows.push(compare({ ...base, setting }, [], theirs, tolerance));
      }
    }
    rows.sort(
      (a, b) =>
        a.payer.localeCompare(b.payer) ||
        a.hospital.fileId - b.hospital.fileId ||
        a.code.localeCompare(b.code) ||
        a.setting.localeCompare(b.setting) ||
        a.unit.localeCompare(b.unit),
    );
    const summary: Record<CrosscheckStatus, number> = {
      agree: 0,
      differ: 0,
      "payer-missing": 0,
      "hospital-missing": 0,
    };
    for (const row of rows) summary[row.status]++;
    const payersWithoutTicFile = [
      ...new Set(charges.map((c) => c.payer).filter((p) => !payersWithTic.has(p))),
    ].sort();
    const synthetic = rows.some(
      (r) => r.hospitalValues.some((v) => v.synthetic) || r.payerValues.some((v) => v.synthetic),
    );
    return { tolerance, rows, summary, payersWithoutTicFile, synthetic };
  });
}

function compare(
  base: Omit<CrosscheckRow, "status" | "hospitalValues" | "payerValues" | "difference">,
  mine: HospitalCharge[],
  theirs: PayerRate[],
  tolerance: number,
): CrosscheckRow {
  const hospitalValues = mine.map(
    ({ value, plan, payerName, location, sha256, position, synthetic }) => ({
      value,
      plan,
      payerName,
      location,
      sha256,
      position,
      synthetic,
    }),
  );
  const payerValues = theirs.map(
    ({ value, location, sha256, position, reportingEntity, tin, npi, setting, synthetic }) => ({
      value,
      location,
      sha256,
      position,
      reportingEntity,
      tin,
      npi,
      setting,
      synthetic,
    }),
  );
  if (mine.length === 0) {
    return { ...base, status: "hospital-missing", hospitalValues, payerValues, difference: null };
  }
  if (theirs.length === 0) {
    return { ...base, status: "payer-missing", hospitalValues, payerValues, difference: null };
  }
  let best = Number.POSITIVE_INFINITY;
  let difference = 0;
  for (const h of mine) {
    for (const p of theirs) {
      const d = h.value - p.value;
      if (Math.abs(d) < best) {
        best = Math.abs(d);
        difference = Math.round(d * 100) / 100;
      }
    }
  }
  // Half a tenth of a cent of slack: amounts are stored as doubles.
  return {
    ...base,
    status: best <= tolerance + 5e-4 ? "agree" : "differ",
    hospitalValues,
    payerValues,
    difference,
  };
}

function settingsCompatible(hospital: string, payer: string | null): boolean {
  return (
    payer === null ||
    hospital === "unspecified" ||
    hospital === payer ||
    hospital === "both" ||
    payer === "both"
  );
}

function hospitalMatches(h: HospitalFile, query: string | undefined): boolean {
  if (query === undefined) return true;
  const digits = query.replace(/\D/g, "");
  if (digits.length === 9 && h.ein === digits) return true;
  if (digits.length === 10 && h.npis.includes(digits)) return true;
  return (h.name ?? "").toLowerCase().includes(query.toLowerCase());
}

async function readHospitalFiles(connection: DuckDBConnection): Promise<HospitalFile[]> {
  const rows = (
    await connection.runAndReadAll(
      "SELECT CAST(file_id AS INTEGER) AS file_id, hospital_name, ein, type_2_npis FROM hospital_files ORDER BY file_id",
    )
  ).getRowObjectsJson();
  return rows.map((r) => ({
    fileId: Number(r.file_id),
    name: (r.hospital_name as string | null) ?? null,
    ein: (r.ein as string | null) ?? null,
    npis: ((r.type_2_npis as string[] | null) ?? [])
      .map((n) => n.replace(/\D/g, ""))
      .filter((n) => n.length === 10),
  }));
}

async function readHospitalCharges(
  connection: DuckDBConnection,
  hospitals: readonly HospitalFile[],
): Promise<HospitalCharge[]> {
  if (hospitals.length === 0) return [];
  const reader = await connection.runAndReadAll(
    `SELECT CAST(file_id AS INTEGER) AS file_id, payer, payer_name, plan_name, code, setting, negotiated_dollar, negotiated_percentage,
       lower(coalesce(methodology, '')) AS methodology, location, sha256, row_number, json_path, synthetic
     FROM hospital_charge_codes
     WHERE payer IS NOT NULL AND upper(code_type) IN (${SHARED_CODE_TYPES.map((t) => `'${t}'`).join(", ")})
       AND list_contains(CAST($1 AS INTEGER[]), file_id)
       AND (negotiated_dollar IS NOT NULL OR negotiated_percentage IS NOT NULL)`,
    [hospitalsList(hospitals)],
  );
  return reader.getRowObjectsJson().flatMap((r) => {
    const common = {
      fileId: Number(r.file_id),
      payer: r.payer as string,
      payerName: r.payer_name as string,
      plan: (r.plan_name as string | null) ?? null,
      code: r.code as string,
      setting: (r.setting as string | null) ?? null,
      location: r.location as string,
      sha256: r.sha256 as string,
      position: r.row_number === null ? (r.json_path as string) : `line ${Number(r.row_number)}`,
      synthetic: r.synthetic === true,
    };
    const out: HospitalCharge[] = [];
    if (r.negotiated_dollar !== null) {
      out.push({
        ...common,
        value: Number(r.negotiated_dollar),
        unit: r.methodology === "per diem" ? "per_diem" : "dollars",
      });
    }
    if (r.negotiated_percentage !== null) {
      out.push({ ...common, value: Number(r.negotiated_percentage), unit: "percent" });
    }
    return out;
  });
}

function hospitalsList(hospitals: readonly HospitalFile[]): string {
  return `[${hospitals.map((h) => h.fileId).join(",")}]`;
}

/** file_id → mapped payer, for every TiC in-network file. */
async function readTicPayers(connection: DuckDBConnection): Promise<Map<number, string>> {
  const rows = (
    await connection.runAndReadAll(
      "SELECT CAST(file_id AS INTEGER) AS file_id, reporting_entity_name FROM source_files WHERE file_kind = 'in-network-rates'",
    )
  ).getRowObjectsJson();
  return new Map(
    rows.map((r) => [Number(r.file_id), mapPayer(r.reporting_entity_name as string | null).payer]),
  );
}

async function readPayerRates(
  connection: DuckDBConnection,
  hospitals: readonly HospitalFile[],
  payers: Map<number, string>,
): Promise<PayerRate[]> {
  const targets = hospitals.flatMap((h) => [
    ...(h.ein === null ? [] : [{ fileId: h.fileId, tin: h.ein, npi: null as string | null }]),
    ...h.npis.map((npi) => ({ fileId: h.fileId, tin: null as string | null, npi })),
  ]);
  if (targets.length === 0) return [];
  await connection.run(
    "CREATE OR REPLACE TEMP TABLE crosscheck_targets (hospital_file_id INTEGER, tin VARCHAR, npi BIGINT)",
  );
  const appender = await connection.createAppender("crosscheck_targets", "main", "temp");
  try {
    for (const t of targets) {
      appender.appendInteger(t.fileId);
      if (t.tin === null) appender.appendNull();
      else appender.appendVarchar(t.tin);
      if (t.npi === null) appender.appendNull();
      else appender.appendBigInt(BigInt(t.npi));
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  const reader = await connection.runAndReadAll(
    `SELECT DISTINCT t.hospital_file_id, CAST(r.file_id AS INTEGER) AS file_id, r.item_index, r.rate_index, r.price_index, r.billing_code,
       r.rate_unit, r.negotiated_rate, r.setting, g.tin_value, g.npi, s.location, s.sha256, s.reporting_entity_name, s.synthetic
     FROM rates r
     JOIN provider_groups g ON g.file_id = r.file_id AND g.group_key = r.group_key
     JOIN crosscheck_targets t ON (t.tin IS NOT NULL AND g.tin_value = t.tin) OR (t.npi IS NOT NULL AND g.npi = t.npi)
     JOIN source_files s ON s.file_id = r.file_id
     WHERE r.billing_class = 'institutional'`,
  );
  const rows = reader.getRowObjectsJson();
  await connection.run("DROP TABLE crosscheck_targets");
  return rows.map((r) => ({
    hospitalFileId: Number(r.hospital_file_id),
    fileId: Number(r.file_id),
    payer:
      payers.get(Number(r.file_id)) ?? mapPayer(r.reporting_entity_name as string | null).payer,
    code: r.billing_code as string,
    unit: r.rate_unit as CrosscheckUnit,
    value: Number(r.negotiated_rate),
    setting: (r.setting as string | null) ?? null,
    location: r.location as string,
    sha256: r.sha256 as string,
    reportingEntity: (r.reporting_entity_name as string | null) ?? "",
    position: `in_network[${Number(r.item_index)}].negotiated_rates[${Number(r.rate_index)}].negotiated_prices[${Number(r.price_index)}]`,
    tin: (r.tin_value as string | null) ?? null,
    npi: r.npi === null ? null : Number(r.npi),
    synthetic: r.synthetic === true,
  }));
}
