import { describe, expect, it } from "vitest";
import { mapPayer, normalizeEntityName, payerMatches } from "./map-payer.js";

describe("mapPayer", () => {
  it.each([
    ["CareFirst BlueCross BlueShield", "CareFirst BCBS", "Blue Cross Blue Shield", true],
    ["HealthSCOPE Benefits, Inc.", "HealthSCOPE Benefits (TPA)", "HealthSCOPE Benefits", false],
    ["UnitedHealthcare of Texas, Inc.", "UnitedHealthcare", "UnitedHealthcare", true],
    ["United HealthCare Services, Inc.", "UnitedHealthcare", "UnitedHealthcare", true],
    ["UMR, Inc.", "UnitedHealthcare", "UnitedHealthcare", true],
    ["Aetna Life Insurance Company", "Aetna", "Aetna", true],
    ["CIGNA HEALTH AND LIFE INSURANCE COMPANY", "Cigna", "Cigna", true],
    ["Anthem Blue Cross and Blue Shield", "Anthem (Elevance)", "Elevance Health", true],
    ["Elevance Health, Inc.", "Anthem (Elevance)", "Elevance Health", true],
    ["Empire BlueCross BlueShield", "Empire BCBS (Elevance)", "Elevance Health", true],
    [
      "Blue Cross and Blue Shield of North Carolina",
      "BCBS North Carolina",
      "Blue Cross Blue Shield",
      true,
    ],
    [
      "Blue Cross Blue Shield of Arizona",
      "Blue Cross Blue Shield of Arizona",
      "Blue Cross Blue Shield",
      true,
    ],
    ["Highmark Inc.", "Highmark BCBS", "Blue Cross Blue Shield", true],
  ])("%s → %s (%s)", (name, payer, family, isBuca) => {
    const identity = mapPayer(name);
    expect(identity.payer).toBe(payer);
    expect(identity.family).toBe(family);
    expect(identity.isBuca).toBe(isBuca);
    expect(identity.known).toBe(true);
  });

  it("keeps an unknown entity's own name and leaves it out of BUCA", () => {
    expect(mapPayer("  Acme   Regional Health Plan ")).toEqual({
      payer: "Acme Regional Health Plan",
      family: "Acme Regional Health Plan",
      isBuca: false,
      known: false,
      aliasSource: null,
    });
    expect(mapPayer("Kaiser Foundation Health Plan").isBuca).toBe(false);
    expect(mapPayer(null).payer).toBe("Unknown payer");
  });

  it("does not mistake words that merely contain a payer name", () => {
    expect(mapPayer("Metnaetna Health").known).toBe(false);
    expect(mapPayer("Bluecrest Clinic Plan").known).toBe(false);
  });

  it("matches --payer queries by payer, family, alias and BUCA", () => {
    const carefirst = mapPayer("CareFirst BlueCross BlueShield");
    expect(payerMatches(carefirst, "carefirst bcbs")).toBe(true);
    expect(payerMatches(carefirst, "Blue Cross Blue Shield")).toBe(true);
    expect(payerMatches(carefirst, "BUCA")).toBe(true);
    expect(payerMatches(carefirst, "Aetna")).toBe(false);
    expect(payerMatches(mapPayer("UnitedHealthcare of Texas"), "UHC")).toBe(true);
    expect(normalizeEntityName("Blue Cross & Blue Shield, Inc.")).toBe(
      "BLUE CROSS AND BLUE SHIELD INC",
    );
  });
});
