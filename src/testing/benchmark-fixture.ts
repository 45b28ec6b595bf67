/**
 * A fixed fixture for the benchmark tests and the command's golden file: four payers' rates for
 * 64491 (and a few 64490), written straight into the tables. Every cleaning rule has rows it must
 * remove and rows it must keep; the comments name them. Amounts are made up (labelled fixture),
 * NPIs are fake (they fail no check here because none is applied).
 */
import type { Store } from "../store/store.js";
import {
  appendProviderGroups,
  appendProviders,
  appendRates,
  insertFixtureSourceFile,
  type ProviderGroupRow,
  type ProviderRow,
  type RateRow,
  type SourceFileInput,
} from "./tic-row-writer.js";

/** The fixture as plain arrays (the tests' second computation reads these, not the store). */
export interface BenchmarkFixture {
  files: (SourceFileInput & { fileId: number })[];
  groups: ProviderGroupRow[];
  rates: RateRow[];
  providers: ProviderRow[];
}

const PAIN = "208VP0014X";
const DERM = "207N00000X";

/** Builds the fixture (file ids 1..4 as assigned by a fresh store's sequence). */
export function buildBenchmarkFixture(): BenchmarkFixture {
  const files = [
    {
      fileId: 1,
      location: "fixture/uhc-tx-2025-01.json.gz",
      sha256: "a".repeat(64),
      reportingEntityName: "UnitedHealthcare of Texas, Inc.",
      lastUpdatedOn: "2025-01-01",
    },
    {
      fileId: 2,
      location: "fixture/uhc-2025-06.json.gz",
      sha256: "b".repeat(64),
      reportingEntityName: "United HealthCare Services, Inc.",
      lastUpdatedOn: "2025-06-01",
    },
    {
      fileId: 3,
      location: "fixture/carefirst.json.gz",
      sha256: "c".repeat(64),
      reportingEntityName: "CareFirst BlueCross BlueShield",
      lastUpdatedOn: "2020-08-27",
    },
    {
      fileId: 4,
      location: "fixture/acme.json.gz",
      sha256: "d".repeat(64),
      reportingEntityName: "Acme Regional Health Plan",
      lastUpdatedOn: "2025-03-01",
      synthetic: true,
    },
  ];
  const providers: ProviderRow[] = [];
  const groups: ProviderGroupRow[] = [];
  // 24 pain physicians in Alabama (single Medicare locality), NPIs 1000000001.., one group each,
  // the same groups in files 1, 2 and 4 (group_key = index, per file).
  for (let i = 0; i < 24; i++) {
    const npi = 1_000_000_001 + i;
    providers.push({
      npi,
      entityType: 1,
      name: `Fixture Pain ${i}`,
      primaryTaxonomy: PAIN,
      taxonomies: [PAIN],
      state: i < 20 ? "AL" : "CA",
      zip5: i < 20 ? "35203" : "90012",
      synthetic: false,
    });
    for (const fileId of [1, 2, 4]) {
      groups.push({
        fileId,
        groupKey: i,
        providerGroupId: `${i}`,
        npi,
        tinType: "ein",
        tinValue: `63000${String(i).padStart(4, "0")}`,
      });
    }
  }
  // A dermatologist (ghost) and an NPI missing from the directory, in file 2.
  providers.push({
    npi: 1_999_999_991,
    entityType: 1,
    name: "Fixture Dermatology",
    primaryTaxonomy: DERM,
    taxonomies: [DERM],
    state: "AL",
    zip5: "35203",
    synthetic: false,
  });
  groups.push({
    fileId: 2,
    groupKey: 100,
    providerGroupId: "100",
    npi: 1_999_999_991,
    tinType: "ein",
    tinValue: "631111111",
  });
  groups.push({
    fileId: 2,
    groupKey: 101,
    providerGroupId: "101",
    npi: 1_888_888_881,
    tinType: "ein",
    tinValue: "632222222",
  });
  // A TIN-level group (no NPI) in file 2; a two-NPI group in file 2.
  groups.push({
    fileId: 2,
    groupKey: 102,
    providerGroupId: "102",
    npi: null,
    tinType: "ein",
    tinValue: "633333333",
  });
  groups.push({
    fileId: 2,
    groupKey: 103,
    providerGroupId: "103",
    npi: 1_000_000_001,
    tinType: "ein",
    tinValue: "634444444",
  });
  groups.push({
    fileId: 2,
    groupKey: 103,
    providerGroupId: "103",
    npi: 1_000_000_002,
    tinType: "ein",
    tinValue: "634444444",
  });

  const rates: RateRow[] = [];
  let item = 0;
  const rate = (
    fileId: number,
    groupKey: number | null,
    value: number,
    extra: Partial<RateRow> = {},
  ): void => {
    rates.push({
      fileId,
      itemIndex: item,
      rateIndex: rates.length,
      priceIndex: 0,
      billingCode: "64491",
      groupKey,
      providerGroupId: groupKey === null ? "690.64491" : `${groupKey}`,
      negotiatedType: "negotiated",
      rate: value,
      billingClass: "professional",
      serviceCodes: ["11"],
      modifiers: null,
      ...extra,
    });
  };
  // File 1 (older UHC): every provider at an older rate → the representative rule must prefer file 2.
  // Providers 5–17 carry the planted rows below and appear in file 2 only.
  const spread = [0, 1, 2, 3, 4, 18, 19, 20, 21, 22, 23];
  for (const i of spread) rate(1, i, 150 + i);
  item++;
  // File 2 (newer UHC): spread of rates; provider 0 also has a fee-schedule rate (negotiated wins)
  // and a second negotiated rate (ties → median).
  for (const i of spread) rate(2, i, 160 + 5 * i);
  rate(2, 0, 400, { negotiatedType: "fee schedule" });
  rate(2, 0, 170);
  rate(2, 100, 90); // ghost: dermatologist
  rate(2, 101, 175); // not in the directory: kept
  rate(2, 102, 182); // TIN-level group
  rate(2, 103, 188); // two NPIs (one already seen under another TIN)
  rate(2, 5, 3000); // above 30 × Medicare (86.04 × 30 = 2581)
  rate(2, 6, 40); // below 0.5 × Medicare (43.02)
  rate(2, 7, 900); // within Medicare bounds but outside the log-IQR fences
  rate(2, 8, 65, { negotiatedType: "percentage" }); // non-dollar
  rate(2, 9, 2500, { negotiatedType: "per diem" }); // non-dollar
  rate(2, 10, 210, { arrangement: "bundle", itemIndex: 98 }); // non-ffs (the arrangement is the item's: an item of its own)
  rate(2, 11, 320, { modifiers: ["50"] }); // modifier scope (kept only with --modifier 50)
  rate(2, 12, 120, { serviceCodes: ["22"] }); // facility
  rate(2, 13, 130, { serviceCodes: ["11", "22"] }); // both settings
  rate(2, 14, 140, { serviceCodes: ["CSTM-ALL"] }); // both settings
  rate(2, 15, 600, { billingClass: "institutional", serviceCodes: null }); // facility, no Medicare
  rate(2, 16, 155, { serviceCodes: null }); // professional without POS: unknown setting
  rate(2, 17, 0.0, {}); // placeholder zero
  rate(2, 1, 230, { billingCode: "64490", itemIndex: 99 }); // a second item: one item holds one code
  item++;
  // File 3 (CareFirst): unresolved remote references only (group_key NULL).
  for (let i = 0; i < 12; i++) {
    rate(3, null, 180 + 3 * i, { providerGroupId: `690.${64400 + i}`, serviceCodes: ["24"] });
  }
  item++;
  // File 4 (synthetic, unknown payer): a small cell below the IQR minimum (no fences).
  for (let i = 0; i < 6; i++) rate(4, i, 200 + 40 * i);
  rate(4, 7, 5000); // above Medicare bounds even in a small cell
  return { files, groups, rates, providers };
}

/** Writes the fixture into a fresh store (ids must come out 1..4). */
export async function loadBenchmarkFixture(
  store: Store,
  fixture: BenchmarkFixture,
  options: { withDirectory: boolean },
): Promise<void> {
  await store.withConnection(async (connection) => {
    for (const file of fixture.files) {
      const id = await insertFixtureSourceFile(connection, file);
      if (id !== file.fileId) {
        throw new Error(`fixture expects a fresh store (got file_id ${id} for ${file.location})`);
      }
    }
    await appendProviderGroups(connection, fixture.groups);
    await appendRates(connection, fixture.rates);
    if (options.withDirectory) await appendProviders(connection, fixture.providers);
  });
}
