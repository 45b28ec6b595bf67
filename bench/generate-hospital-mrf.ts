/**
 * Writes a big SYNTHETIC hospital price-transparency file (CMS v3.0, tall CSV or JSON) for the
 * hospital ingest benchmark, streamed to disk (never held in memory). Seeded: the same arguments
 * give the same bytes. Returns the counts the ingest must reproduce.
 */
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { SeededRandom } from "../src/sources/synthetic/seeded-random.js";

export interface HospitalMrfMeta {
  records: number;
  rows: number;
  bytes: number;
}

const PAYERS = Array.from(
  { length: 12 },
  (_, i) => [`SYNTHETIC Payer ${i + 1}`, i % 2 === 0 ? "PPO" : "HMO"] as const,
);

export async function generateHospitalMrf(
  path: string,
  options: { format: "csv" | "json"; targetBytes: number; seed?: number },
): Promise<HospitalMrfMeta> {
  const random = new SeededRandom(options.seed ?? 1);
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (text: string): Promise<void> => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, "drain");
  };
  const meta: HospitalMrfMeta = { records: 0, rows: 0, bytes: 0 };
  // The CSV attestation column is recognised by CMS's opening words.
  const attestation =
    "To the best of its knowledge and belief, this hospital attests (SYNTHETIC benchmark file, not a real attestation).";
  if (options.format === "csv") {
    await write(
      `hospital_name,last_updated_on,version,location_name,hospital_address,license_number|VA,type_2_npi,"${attestation}",attester_name\n`,
    );
    await write(
      `SYNTHETIC Bench Hospital,2025-07-01,3.0.0,SYNTHETIC Bench Hospital,"1 Synthetic Way, Demo City, VA 00000",123,1234567893,TRUE,SYNTHETIC\n`,
    );
    await write(
      "description,code|1,code|1|type,code|2,code|2|type,modifiers,setting,drug_unit_of_measurement,drug_type_of_measurement,standard_charge|gross,standard_charge|discounted_cash,payer_name,plan_name,standard_charge|negotiated_dollar,standard_charge|negotiated_percentage,standard_charge|negotiated_algorithm,median_amount,10th_percentile,90th_percentile,count,standard_charge|min,standard_charge|max,standard_charge|methodology,additional_generic_notes\n",
    );
  } else {
    await write(
      `{"hospital_name":"SYNTHETIC Bench Hospital","last_updated_on":"2025-07-01","version":"3.0.0","location_name":["SYNTHETIC Bench Hospital"],"hospital_address":["1 Synthetic Way, Demo City, VA 00000"],"license_information":{"state":"VA","license_number":"123"},"type_2_npi":["1234567893"],"attestation":{"attestation":"${attestation}","confirm_attestation":true,"attester_name":"SYNTHETIC"},"standard_charge_information":[`,
    );
  }
  let code = 10_000;
  let chunk = "";
  while (bytes + chunk.length < options.targetBytes) {
    code++;
    const gross = Math.round(random.logNormal(2000, 0.6) * 100) / 100;
    const payers = PAYERS.map(
      ([payer, plan]) =>
        [payer, plan, Math.round(gross * (0.3 + random.next() * 0.4) * 100) / 100] as const,
    );
    const min = Math.min(...payers.map((p) => p[2]));
    const max = Math.max(...payers.map((p) => p[2]));
    // A tall CSV writes one record per payer row; JSON one record per standard_charges entry.
    meta.records += options.format === "csv" ? payers.length : 1;
    meta.rows += payers.length;
    if (options.format === "csv") {
      for (const [payer, plan, value] of payers) {
        chunk += `SYNTHETIC service ${code},${code},CPT,0${code % 1000},RC,,outpatient,,,${gross},${Math.round(gross * 0.8)},${payer},${plan},${value},,,,,,,${min},${max},fee schedule,\n`;
      }
    } else {
      const info = payers
        .map(
          ([payer, plan, value]) =>
            `{"payer_name":"${payer}","plan_name":"${plan}","methodology":"fee schedule","standard_charge_dollar":${value}}`,
        )
        .join(",");
      chunk += `${meta.rows > payers.length ? "," : ""}{"description":"SYNTHETIC service ${code}","code_information":[{"code":"${code}","type":"CPT"}],"standard_charges":[{"setting":"outpatient","gross_charge":${gross},"discounted_cash":${Math.round(gross * 0.8)},"minimum":${min},"maximum":${max},"payers_information":[${info}]}]}`;
    }
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = "";
    }
  }
  await write(chunk);
  if (options.format === "json") await write("]}\n");
  out.end();
  await once(out, "finish");
  meta.bytes = bytes;
  return meta;
}
