import { describe, expect, it } from "vitest";
import { facetWithParavertebralBlock } from "./facet-with-paravertebral-block.js";
import { claim, line, runRule } from "../testing/rule-test-kit.js";

describe("facetWithParavertebralBlock", () => {
  it("errors on 64461 with 64490 (NCCI indicator 0) and warns on 64461 with 64493 (no edit, LCD)", () => {
    expect(
      runRule(facetWithParavertebralBlock, claim({ lines: [line("64461"), line("64490")] })),
    ).toMatchObject([{ severity: "error", path: "lines[1].code" }]);
    expect(
      runRule(facetWithParavertebralBlock, claim({ lines: [line("64461"), line("64493")] })),
    ).toMatchObject([{ severity: "warning" }]);
  });
  it("accepts a paravertebral block alone and a facet block alone", () => {
    expect(
      runRule(facetWithParavertebralBlock, claim({ lines: [line("64461"), line("64462")] })),
    ).toEqual([]);
    expect(runRule(facetWithParavertebralBlock, claim({ lines: [line("64490")] }))).toEqual([]);
  });
});
