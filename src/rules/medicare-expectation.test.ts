import { beforeAll, describe, expect, it } from "vitest";
import { loadBundledReferenceData } from "../analyze/reference/load-reference-data.js";
import type { ReferenceData } from "../analyze/reference/reference-types.js";
import { claim, line } from "../testing/rule-test-kit.js";
import { checkAndPrice } from "./check-and-price.js";
import { medicareExpectation } from "./medicare-expectation.js";

let ref: ReferenceData;
beforeAll(async () => {
  ref = await loadBundledReferenceData();
});

describe("medicareExpectation: the web and API form of the amount ratelens check prints", () => {
  it("names the year, setting and locality, and numbers lines as the claim does", () => {
    const report = checkAndPrice(
      ref,
      claim({ diagnoses: ["M47.812"], lines: [line("64490-50"), line("64491-50")] }),
      { locality: "01182-18" },
    );
    const expected = medicareExpectation(ref, report);
    expect(expected).toMatchObject({
      status: "priced",
      year: 2025,
      setting: "nonfacility",
      locality: "01182-18",
      basis: expect.stringMatching(
        /^Medicare PFS 2025, non-facility, locality 01182-18 \(LOS ANGELES/,
      ) as unknown,
      total: 474.12,
      contractorPriced: false,
    });
    expect(expected.status === "priced" && expected.lines.map((l) => l.line)).toEqual([1, 2]);
  });

  it("marks a contractor-priced line (status C) as null, not $0.00, and says the total omits it", () => {
    const expected = medicareExpectation(
      ref,
      checkAndPrice(ref, claim({ diagnoses: ["M47.812"], lines: [line("64999")] })),
    );
    expect(expected).toMatchObject({ status: "priced", contractorPriced: true });
    expect(expected.status === "priced" && expected.lines[0]!.allowed).toBeNull();
  });

  it("says why there is no amount: institutional claim, every line denied", () => {
    expect(
      medicareExpectation(
        ref,
        checkAndPrice(ref, claim({ kind: "institutional", lines: [line("64493")] })),
      ),
    ).toEqual({
      status: "not-priced",
      reason: "institutional claims are paid under OPPS, not the physician fee schedule",
    });
    // 64494 without its primary 64493 is an NCCI add-on error: the only line is left out.
    const denied = medicareExpectation(
      ref,
      checkAndPrice(ref, claim({ diagnoses: ["M47.816"], lines: [line("64494")] })),
    );
    expect(denied).toEqual({
      status: "not-priced",
      reason: expect.stringMatching(
        /^no line could be priced: line 1 \(64494\) left out: expected to be denied/,
      ) as unknown,
    });
  });
});
