import { describe, expect, it } from "vitest";
import { NormalizeError } from "./normalize-error.js";
import { readProviderGroups } from "./provider-groups.js";

function failure(value: unknown): { path: string; problem: string } {
  try {
    readProviderGroups(value, "$.provider_references[3].provider_groups");
  } catch (error) {
    if (error instanceof NormalizeError) return { path: error.jsonPath, problem: error.problem };
    throw error;
  }
  throw new Error("no error");
}

describe("readProviderGroups", () => {
  it("reads NPIs (numbers, digit strings, a lone value) and normalises TINs", () => {
    expect(
      readProviderGroups(
        [
          { npi: [1234567893, " 1245319599 "], tin: { type: "EIN ", value: "01-2345678" } },
          { npi: 0, tin: { type: "ein", value: "2345678" } },
          { NPI: [1093817465], tin: { type: "npi", value: " 1093817465 " } },
          { npi: [], tin: { type: "ein", value: 123456789 } },
          { npi: [1518924366] },
        ],
        "$.x",
      ),
    ).toEqual([
      { npis: [1234567893, 1245319599], tinType: "ein", tinValue: "012345678" },
      { npis: [0], tinType: "ein", tinValue: "002345678" },
      { npis: [1093817465], tinType: "npi", tinValue: "1093817465" },
      { npis: [], tinType: "ein", tinValue: "123456789" },
      { npis: [1518924366], tinType: undefined, tinValue: undefined },
    ]);
  });

  it("names the provider, the NPI or the TIN field that is wrong", () => {
    const base = "$.provider_references[3].provider_groups";
    expect(failure([{ npi: [1] }, "x"])).toEqual({
      path: `${base}[1]`,
      problem: 'expected an object, found the string "x"',
    });
    expect(failure([{ npi: [1] }, { npi: [1, 2, "12a"] }])).toMatchObject({
      path: `${base}[1].npi[2]`,
    });
    expect(failure([{ npi: -5 }])).toMatchObject({ path: `${base}[0].npi[0]` });
    expect(failure([{ npi: [1], tin: "123456789" }])).toMatchObject({ path: `${base}[0].tin` });
    expect(failure([{ npi: [1], tin: { type: "ein", value: [1] } }])).toMatchObject({
      path: `${base}[0].tin.value`,
    });
    expect(failure({ npi: [1] })).toMatchObject({ path: base });
  });
});
