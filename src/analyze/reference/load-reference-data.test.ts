import { describe, expect, it } from "vitest";
import { Store } from "../../store/store.js";
import { loadBundledReferenceData, loadReferenceData } from "./load-reference-data.js";

describe("loadBundledReferenceData", () => {
  it("parses every bundled table once per process", async () => {
    const first = await loadBundledReferenceData();
    expect(await loadBundledReferenceData()).toBe(first);
    expect([...first.feeSchedules.keys()].sort()).toEqual([2025, 2026]);
    expect(first.feeSchedules.get(2025)).toMatchObject({ conversionFactor: 32.3465 });
    expect(first.feeSchedules.get(2025)!.rows.size).toBe(19_090);
    expect(first.feeSchedules.get(2025)!.gpcis).toHaveLength(109);
    expect(first.feeSchedules.get(2026)).toMatchObject({
      conversionFactor: 33.4009,
      qpConversionFactor: 33.5675,
      gpcis: null,
      gpciSource: null,
    });
    expect(first.ncci.mue.get("64490")).toMatchObject({ maxUnits: 1, mai: 2 });
    expect(first.ncci.mue.get("64634")).toMatchObject({ maxUnits: 4, mai: 3 });
    expect([...first.ncci.addOnPrimaries.get("64494")!].sort()).toEqual(["64490", "64493"]);
    expect([...first.ncci.addOnPrimaries.get("64492")!].sort()).toEqual(["64490", "64491"]);
    expect(first.ncci.ptp.get("64461|64490")?.modifierIndicator).toBe("0");
    expect(first.ncci.ptp.get("64490|77003")?.modifierIndicator).toBe("1");
    // Deleted edits are not active: 64462 → 62320 was deleted 2017-03-31.
    expect(first.ncci.ptp.has("64462|62320")).toBe(false);
    expect(first.icd10Titles.get("M47.812")).toBe(
      "Spondylosis without myelopathy or radiculopathy, cervical region",
    );
    expect(first.icd10Headers?.has("M47.81")).toBe(true);
    expect(first.icd10Headers?.has("M47.812")).toBe(false);
    expect(first.taxonomies.get("208VP0014X")?.specialization).toBe("Interventional Pain Medicine");
    expect(first.placesOfService.get("11")).toEqual({ name: "Office", facility: false });
    expect(first.placesOfService.get("24")?.facility).toBe(true);
    expect(first.localitiesByState.get("NY")).toContain("13202-01");
  });
});

describe("loadReferenceData", () => {
  it("falls back to the bundled tables when the store has no imports", async () => {
    const store = await Store.memory();
    try {
      const ref = await loadReferenceData(store);
      expect(ref.feeSchedules.get(2025)!.rows.get("64490")?.workRvu).toBe(1.82);
    } finally {
      store.close();
    }
  });
});
