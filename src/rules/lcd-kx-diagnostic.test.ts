import { describe, expect, it } from "vitest";
import { lcdKxDiagnostic } from "./lcd-kx-diagnostic.js";
import { claim, line, runRule } from "../testing/rule-test-kit.js";

describe("lcdKxDiagnostic", () => {
  it("warns on a diagnostic block without KX and a therapeutic block with KX", () => {
    expect(
      runRule(
        lcdKxDiagnostic,
        claim({ lines: [line("64490-50"), line("64491-50-KX")], facts: { purpose: "diagnostic" } }),
      ),
    ).toMatchObject([{ path: "lines[0].modifiers" }]);
    expect(
      runRule(
        lcdKxDiagnostic,
        claim({ lines: [line("64493-KX")], facts: { purpose: "therapeutic" } }),
      ),
    ).toHaveLength(1);
  });
  it("accepts KX on diagnostic blocks, and skips claims without a stated purpose", () => {
    expect(
      runRule(
        lcdKxDiagnostic,
        claim({ lines: [line("64490-50-KX")], facts: { purpose: "diagnostic" } }),
      ),
    ).toEqual([]);
    expect(runRule(lcdKxDiagnostic, claim({ lines: [line("64490-50")] }))).toEqual([]);
  });
});
