import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildBenchmarkFixture, loadBenchmarkFixture } from "../../testing/benchmark-fixture.js";
import { fixtureReferenceData } from "../../testing/fixture-reference.js";
import { Store } from "../../store/store.js";
import { filterChoices } from "./filter-choices.js";

let store: Store;
beforeEach(async () => {
  store = await Store.memory();
});
afterEach(() => {
  store.close();
});

describe("filterChoices(store, ref): the explorer's pick lists", () => {
  it("lists the loaded payers (real first, synthetic labelled), states, markets and settings", async () => {
    const fixture = buildBenchmarkFixture();
    await loadBenchmarkFixture(store, fixture, { withDirectory: true });
    const choices = await filterChoices(store, fixtureReferenceData());
    // Two UnitedHealthcare files are one payer, as in the benchmark's rows.
    expect(choices.payers).toEqual([
      { value: "CareFirst BCBS", label: "CareFirst BCBS", synthetic: false },
      { value: "UnitedHealthcare", label: "UnitedHealthcare", synthetic: false },
      {
        value: "Acme Regional Health Plan",
        label: "Acme Regional Health Plan (synthetic)",
        synthetic: true,
      },
    ]);
    const states = [...new Set(fixture.providers.map((row) => row.state))].sort();
    expect(choices.states.map((choice) => choice.value)).toEqual(states);
    expect(choices.markets.map((choice) => choice.value)).toContain("state:AL");
    expect(choices.markets.every((choice) => /^(state|locality):/.test(choice.value))).toBe(true);
    expect(choices.settings.map((choice) => choice.value)).toEqual(
      expect.arrayContaining(["nonfacility"]),
    );
  });

  it("offers nothing on an empty store rather than a made-up list", async () => {
    const choices = await filterChoices(store, fixtureReferenceData());
    expect(choices).toEqual({ payers: [], states: [], markets: [], settings: [] });
  });
});
