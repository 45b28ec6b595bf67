import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ingestHospitalFile } from "../../ingest/hospital/ingest-hospital-file.js";
import {
  appendProviderGroups,
  appendRates,
  insertFixtureSourceFile,
  type RateRow,
} from "../../testing/tic-row-writer.js";
import { Store } from "../../store/store.js";
import { benchmarkBySource } from "./benchmark-by-source.js";

const V3_JSON = join(import.meta.dirname, "../../sources/hpt/fixtures/examples/v3.0.json");

let store: Store;
beforeEach(async () => {
  store = await Store.memory();
  // CMS's v3.0 example hospital: Platform Health Insurance PPO pays $400 for 70551 (MRI brain, outpatient).
  await ingestHospitalFile(store, V3_JSON);
  await store.withConnection(async (c) => {
    const fileId = await insertFixtureSourceFile(c, {
      location: "platform-in-network.json",
      sha256: "f".repeat(64),
      reportingEntityName: "Platform Health Insurance",
      synthetic: true,
    });
    await appendProviderGroups(
      c,
      [1, 2, 3].map((k) => ({
        fileId,
        groupKey: k,
        providerGroupId: String(k),
        npi: 1_000_000_000 + k,
        tinType: "ein" as const,
        tinValue: `12345678${k}`,
      })),
    );
    const rate = (
      itemIndex: number,
      rateIndex: number,
      value: number,
      billingClass: RateRow["billingClass"],
      groupKey: number,
    ): RateRow => ({
      fileId,
      itemIndex,
      rateIndex,
      priceIndex: 0,
      billingCode: "70551",
      groupKey,
      providerGroupId: String(groupKey),
      negotiatedType: "negotiated",
      rate: value,
      billingClass,
      serviceCodes: null,
      modifiers: null,
    });
    await appendRates(c, [
      rate(0, 0, 380, "institutional", 1),
      rate(0, 1, 420, "institutional", 2),
      rate(0, 2, 510, "institutional", 3),
      rate(0, 3, 95, "professional", 1),
    ]);
  });
});
afterEach(() => {
  store.close();
});

describe("benchmarkBySource", () => {
  it("puts the hospital's charges beside the payer's institutional rates, labelled, never pooled", async () => {
    const rows = await benchmarkBySource(store, {
      codes: ["70551"],
      payer: "Platform Health Insurance",
    });
    expect(rows.map((r) => [r.source, r.setting, r.count, r.min, r.median, r.max])).toEqual([
      ["hospital-mrf", "outpatient", 1, 400, 400, 400],
      ["payer-tic", "unspecified", 3, 380, 420, 510],
    ]);
    expect(rows[0]!.hospital).toMatchObject({ name: "West Mercy Hospital" });
    expect(rows[1]!.hospital).toBeNull();
    expect(rows[1]!.synthetic).toBe(true);
    expect(rows[0]!.files[0]!.location).toBe(V3_JSON);
  });

  it("filters by source", async () => {
    const hospitalOnly = await benchmarkBySource(store, {
      codes: ["70551"],
      sources: ["hospital-mrf"],
    });
    expect(new Set(hospitalOnly.map((r) => r.source))).toEqual(new Set(["hospital-mrf"]));
    expect(hospitalOnly.map((r) => r.payer).sort()).toEqual([
      "Platform Health Insurance",
      "Region Health Insurance",
    ]);
    const ticOnly = await benchmarkBySource(store, { codes: ["70551"], sources: ["payer-tic"] });
    expect(ticOnly).toHaveLength(1);
  });
});
