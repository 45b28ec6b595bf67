import { describe, expect, it } from "vitest";
import { fixtureReferenceData } from "../../testing/fixture-reference.js";
import { createMedicareLookup } from "./medicare-lookup.js";

// The engine prices only `localityStates` plus one national row per (code, setting, modifiers)
// and joins every provider to one of them; these pin the rule that makes that equal to calling
// `amount` with each provider's own state.
describe("createMedicareLookup localityStates", () => {
  const ref = fixtureReferenceData();
  const medicare = createMedicareLookup(ref, 2025);

  it("lists the states with exactly one locality, and only those", () => {
    expect(medicare?.localityStates).toEqual(["AL"]); // CA has two localities in the fixture
  });

  it("prices every other state (several localities, unknown, lower-case) at the national amount", () => {
    const national = medicare?.amount("64491", "nonfacility", null, []);
    expect(national?.basis).toBe("national");
    for (const state of ["CA", "ZZ"]) {
      expect(medicare?.amount("64491", "nonfacility", state, [])).toEqual(national);
    }
    const al = medicare?.amount("64491", "nonfacility", "AL", []);
    expect(al?.basis).toBe("locality");
    expect(al?.amount).not.toBe(national?.amount);
    // The engine joins on upper(trim(state)): the lookup normalises the same way.
    expect(medicare?.amount("64491", "nonfacility", " al ", [])).toEqual(al);
  });

  it("has no locality states without GPCIs", () => {
    const schedule = ref.feeSchedules.get(2025);
    if (schedule === undefined) throw new Error("fixture has no 2025 schedule");
    const noGpcis = { ...ref, feeSchedules: new Map([[2025, { ...schedule, gpcis: [] }]]) };
    expect(createMedicareLookup(noGpcis, 2025)?.localityStates).toEqual([]);
  });
});
