import { describe, expect, it } from "vitest";
import { NormalizeError } from "./normalize-error.js";
import { RateTerms, type TermFields } from "./rate-terms.js";

const base: TermFields = {
  negotiatedType: "negotiated",
  billingClass: "professional",
  setting: undefined,
  serviceCodes: ["11"],
  modifiers: undefined,
  expiration: "9999-12-31",
  info: undefined,
};

describe("RateTerms", () => {
  it("gives equal terms one id, and tells absent, empty and one-empty-value lists apart", () => {
    const terms = new RateTerms(1, 2); // second of two workers: ids 1, 3, 5 …
    const ids = [
      terms.idOf(base),
      terms.idOf({ ...base }),
      terms.idOf({ ...base, serviceCodes: undefined }),
      terms.idOf({ ...base, serviceCodes: [] }),
      terms.idOf({ ...base, serviceCodes: [""] }),
      terms.idOf({ ...base, serviceCodes: ["11", "22"] }),
      terms.idOf({ ...base, serviceCodes: ["11"], modifiers: ["22"] }),
      terms.idOf({ ...base, billingClass: undefined, setting: "professional" }),
    ];
    expect(ids).toEqual([1, 1, 3, 5, 7, 9, 11, 13]);
  });

  it("writes each new term once as a CSV line, lower-casing type, class and setting and typing the unit", () => {
    const terms = new RateTerms();
    terms.idOf({ ...base, negotiatedType: "Per Diem", billingClass: "Institutional" });
    terms.idOf({ ...base, negotiatedType: "Per Diem", billingClass: "Institutional" });
    terms.idOf({ ...base, negotiatedType: "percentage", info: 'a, "quoted" note' });
    const lines = Buffer.from(terms.drainCsv()).toString().trim().split("\n");
    expect(lines).toEqual([
      '0,per diem,per_diem,institutional,,"[""11""]",,9999-12-31,',
      '1,percentage,percent,professional,,"[""11""]",,9999-12-31,"a, ""quoted"" note"',
    ]);
    expect(terms.drainCsv()).toHaveLength(0);
  });

  it("refuses an unknown negotiated_type", () => {
    expect(() => new RateTerms().idOf({ ...base, negotiatedType: "capitated-ish" })).toThrow(
      NormalizeError,
    );
  });
});
