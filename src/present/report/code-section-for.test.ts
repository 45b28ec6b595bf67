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
    expect(section.overview.indicators.find((indicator) => indicator.label === "Medicare 2025 national")?.value).toMatch(/^\$94\.78 non-facility, \$57\.58 facility/);
    const diagnosis = section.specifications.diagnoses.find((row) => row.code === ref.icd10Titles.keys().next().value) ?? section.specifications.diagnoses[0]!;
    expect(diagnosis.title.length).toBeGreaterThan(0);
    expect(section.specifications.taxonomies.some((row) => row.code === "208VP0014X")).toBe(true);
  });

  it("says bundled imaging is not leave to unbundle with 59/XS (77003 on 64491)", async () => {
    const ref = await loadBundledReferenceData();
    const line = codeSectionFor(ref, "64491")!.overview.bundled.find((row) => row.startsWith("77003"))!;
    expect(line).toMatch(/never to bill what 64491 already includes/);
    expect(line).not.toMatch(/allowed with an NCCI-associated modifier/);
  });

  it("returns null for a code no reference knows", async () => {
    const ref = await loadBundledReferenceData();
    expect(codeSectionFor(ref, "0000Z")).toBeNull();
  });
});
