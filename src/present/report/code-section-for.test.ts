import { describe, expect, it } from "vitest";
import { loadBundledReferenceData } from "../../analyze/reference/load-reference-data.js";
import { codeSectionFor } from "./code-section-for.js";

describe("codeSectionFor(ref, code)", () => {
  it("maps the curated 64491 entry: add-on of 64490, bundled imaging, titles from the code sets", async () => {
    const ref = await loadBundledReferenceData();
    const section = codeSectionFor(ref, "64491")!;
    expect(section.overview.kind).toBe("add-on");
    expect(section.overview.primaries.map((primary) => primary.code)).toEqual(["64490"]);
    expect(section.title).not.toMatch(/\)$/);
    expect(section.overview.bundled.some((line) => line.includes("77003"))).toBe(true);
    // Medicare national amounts from PPRRVU2025_Oct: $94.78 non-facility, $57.58 facility.
    expect(
      section.overview.indicators.find((indicator) => indicator.label === "Medicare 2025 national")
        ?.value,
    ).toMatch(/^\$94\.78 non-facility, \$57\.58 facility/);
    const diagnosis =
      section.specifications.diagnoses.find(
        (row) => row.code === ref.icd10Titles.keys().next().value,
      ) ?? section.specifications.diagnoses[0]!;
    expect(diagnosis.title.length).toBeGreaterThan(0);
    expect(section.specifications.taxonomies.some((row) => row.code === "208VP0014X")).toBe(true);
  });

  it("says bundled imaging is not leave to unbundle with 59/XS (77003 on 64491)", async () => {
    const ref = await loadBundledReferenceData();
    const line = codeSectionFor(ref, "64491")!.overview.bundled.find((row) =>
      row.startsWith("77003"),
    )!;
    expect(line).toMatch(/never to bill what 64491 already includes/);
    expect(line).not.toMatch(/allowed with an NCCI-associated modifier/);
  });

  it("has the code's NCCI PTP edits (both columns, indicator, dates) and its RVU breakdown", async () => {
    const ref = await loadBundledReferenceData();
    const overview = codeSectionFor(ref, "64491")!.overview;
    const imaging = overview.ptpEdits!.find((edit) => edit.column2 === "77003")!;
    expect(imaging).toMatchObject({ column1: "64491", modifierIndicator: "1" });
    // The bundled PTP subset has no effective-date column (shown as "not stated"); 9999-12-31 = in force.
    expect(imaging).toMatchObject({ effective: null, deleted: null });
    const global2025 = overview.rvus!.find((row) => row.year === 2025 && row.modifier === "")!;
    // Total RVUs × CF gives the national amount the page states elsewhere ($94.78 non-facility).
    const total = global2025.work + global2025.nonFacilityPe! + global2025.mp;
    expect(Math.round(total * global2025.conversionFactor * 100) / 100).toBeCloseTo(
      global2025.nationalNonFacility!,
      2,
    );
    expect(global2025.nationalNonFacility).toBe(94.78);
  });

  it("returns null for a code no reference knows", async () => {
    const ref = await loadBundledReferenceData();
    expect(codeSectionFor(ref, "0000Z")).toBeNull();
  });
});
