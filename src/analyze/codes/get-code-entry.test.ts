import { beforeAll, describe, expect, it } from "vitest";
import { loadBundledReferenceData } from "../reference/load-reference-data.js";
import type { ReferenceData } from "../reference/reference-types.js";
import { CATALOGUE } from "./code-catalogue.js";
import { getCodeEntry } from "./get-code-entry.js";

let ref: ReferenceData;
beforeAll(async () => {
  ref = await loadBundledReferenceData();
});

describe("getCodeEntry", () => {
  it("covers every supported code with data from the loaded files", () => {
    expect(CATALOGUE.map((c) => c.code)).toEqual([
      "64461",
      "64462",
      "64463",
      "64479",
      "64480",
      "64483",
      "64484",
      "64490",
      "64491",
      "64492",
      "64493",
      "64494",
      "64495",
      "64633",
      "64634",
      "64635",
      "64636",
      "76942",
      "77002",
      "77003",
      "77012",
    ]);
    for (const c of CATALOGUE) {
      const e = getCodeEntry(ref, c.code);
      expect(e.curated).toBe(true);
      expect(e.payment.filter((p) => p.modifier === "").map((p) => p.year)).toEqual([2025, 2026]);
      expect(e.mue, c.code).not.toBeNull();
      expect(
        e.diagnoses.every((d) => d.title !== null),
        `${c.code} diagnosis titles`,
      ).toBe(true);
      expect(
        e.specialties.every((s) => s.title !== null),
        `${c.code} taxonomy titles`,
      ).toBe(true);
      expect(e.placesOfService.every((p) => p.name !== null)).toBe(true);
      if (c.family !== "imaging-guidance") {
        expect(e.kind === "add-on", `${c.code} add-on iff it has NCCI primaries`).toBe(
          e.allowedPrimaries.length > 0,
        );
      }
      expect(JSON.parse(JSON.stringify(e))).toEqual(e);
    }
  });

  it("takes add-on primaries from the NCCI table", () => {
    expect(getCodeEntry(ref, "64494").allowedPrimaries.map((p) => p.code)).toEqual([
      "64490",
      "64493",
    ]);
    expect(getCodeEntry(ref, "64462").allowedPrimaries.map((p) => p.code)).toEqual(["64461"]);
    expect(getCodeEntry(ref, "64490").allowedPrimaries).toEqual([]);
  });

  it("reports imaging PC/TC rows and the bundling of imaging into facet codes", () => {
    const e = getCodeEntry(ref, "77003");
    expect(e.payment.map((p) => `${p.year}${p.modifier}`)).toEqual([
      "2025",
      "202526",
      "2025TC",
      "2026",
      "202626",
      "2026TC",
    ]);
    expect(e.payment[0]!.nationalFacility).toBeNull();
    expect(e.payment[1]!.nationalFacility).toBe(27.17);
    expect(e.bundlingEdits.find((b) => b.code === "64490")).toMatchObject({
      role: "this-bundled-into",
      modifierIndicator: "1",
    });
  });

  it("never ships AMA descriptors: descriptions are ours", () => {
    for (const c of CATALOGUE) {
      expect(c.description).not.toMatch(
        /List separately in addition to code for primary procedure/i,
      );
    }
  });
});
