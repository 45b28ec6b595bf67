import { describe, expect, it } from "vitest";
import { ncciPtp } from "./ncci-ptp.js";
import { claim, line, runRule } from "../testing/rule-test-kit.js";

describe("ncciPtp", () => {
  it("flags a modifier-indicator-1 pair without a modifier, and an indicator-0 pair", () => {
    expect(runRule(ncciPtp, claim({ lines: [line("64633"), line("64490")] }))).toMatchObject([
      { severity: "error", path: "lines[1].modifiers" },
    ]);
    expect(runRule(ncciPtp, claim({ lines: [line("64490"), line("01991")] }))).toMatchObject([
      { severity: "error", path: "lines[1].code" },
    ]);
  });
  it("notes a distinct-service modifier instead of erroring", () => {
    expect(runRule(ncciPtp, claim({ lines: [line("64490"), line("99213-25")] }))).toMatchObject([
      { severity: "info" },
    ]);
    expect(runRule(ncciPtp, claim({ lines: [line("64633"), line("64490-XS")] }))).toMatchObject([
      { severity: "info" },
    ]);
  });
  it("accepts codes without an edit, and leaves imaging and paravertebral pairs to their own rules", () => {
    expect(runRule(ncciPtp, claim({ lines: [line("64490"), line("64493")] }))).toEqual([]);
    expect(runRule(ncciPtp, claim({ lines: [line("64490"), line("77003")] }))).toEqual([]);
    expect(runRule(ncciPtp, claim({ lines: [line("64461"), line("64490")] }))).toEqual([]);
  });
});
