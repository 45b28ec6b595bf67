import { describe, expect, it } from "vitest";
import { codeProcedure } from "./code-procedure.js";
import type { ProcedureFacts } from "../../sources/claims/procedure-facts.js";

const lines = (
  facts: ProcedureFacts,
  payer = "medicare",
  format?: "modifier-50" | "rt-lt",
): string[] =>
  codeProcedure(facts, format ? { payer, bilateralFormat: format } : { payer }).lines.map(
    (l) => `${[l.code, ...l.modifiers].join("-")}${l.units > 1 ? ` x${l.units}` : ""}`,
  );

describe("codeProcedure(facts, options)", () => {
  it("codes one level C4-C5 right as 64490-RT", () => {
    expect(lines({ levels: [{ level: "C4-C5", side: "right" }] })).toEqual(["64490-RT"]);
  });
  it("codes two left lumbar levels as 64493-LT, 64494-LT", () => {
    expect(
      lines({
        levels: [
          { level: "L4-L5", side: "left" },
          { level: "L5-S1", side: "left" },
        ],
      }),
    ).toEqual(["64493-LT", "64494-LT"]);
  });
  it("codes two bilateral levels as 64490-50, 64491-50 for Medicare and as RT/LT lines for an RT/LT payer", () => {
    const facts: ProcedureFacts = {
      levels: [
        { level: "C4-C5", side: "bilateral" },
        { level: "C5-C6", side: "bilateral" },
      ],
    };
    expect(lines(facts, "medicare", "modifier-50")).toEqual(["64490-50", "64491-50"]);
    expect(lines(facts, "bcbsnd", "rt-lt")).toEqual([
      "64490-RT",
      "64490-LT",
      "64491-RT",
      "64491-LT",
    ]);
  });
  it("codes three bilateral levels as 64490-50, 64491-50, 64492-50 with the Medicare warning", () => {
    const coded = codeProcedure(
      {
        levels: ["C4-C5", "C5-C6", "C6-C7"].map((level) => ({ level, side: "bilateral" as const })),
      },
      { payer: "medicare", bilateralFormat: "modifier-50" },
    );
    expect(coded.lines.map((l) => [l.code, ...l.modifiers].join("-"))).toEqual([
      "64490-50",
      "64491-50",
      "64492-50",
    ]);
    expect(coded.warnings.join(" ")).toMatch(/at most two facet levels per region/);
    expect(
      codeProcedure(
        {
          levels: ["C4-C5", "C5-C6", "C6-C7"].map((level) => ({
            level,
            side: "bilateral" as const,
          })),
        },
        { payer: "aetna" },
      ).warnings,
    ).toEqual([]);
  });
  it("bills 64495 once for the third and fourth lumbar levels", () => {
    expect(
      lines({
        levels: ["L2-L3", "L3-L4", "L4-L5", "L5-S1"].map((level) => ({
          level,
          side: "left" as const,
        })),
      }),
    ).toEqual(["64493-LT", "64494-LT", "64495-LT"]);
  });
  it("merges left and right at one level into one bilateral level", () => {
    const coded = codeProcedure(
      {
        levels: [
          { level: "L4-L5", side: "left" },
          { level: "L4-L5", side: "right" },
        ],
      },
      { payer: "medicare" },
    );
    expect(coded.lines.map((l) => [l.code, ...l.modifiers].join("-"))).toEqual(["64493-50"]);
    expect(coded.reasoning.join(" ")).toMatch(/one bilateral level/);
  });
  it("codes T12-L1 + L1-L2 as 64490 + 64494, and separate regions with their own primaries", () => {
    expect(
      lines({
        levels: [
          { level: "T12-L1", side: "right" },
          { level: "L1-L2", side: "right" },
        ],
      }),
    ).toEqual(["64490-RT", "64494-RT"]);
    expect(
      lines({
        levels: [
          { level: "C5-C6", side: "left" },
          { level: "L4-L5", side: "left" },
        ],
      }),
    ).toEqual(["64490-LT", "64493-LT"]);
  });
  it("keeps each level's side: bilateral C4-C5 and left C5-C6", () => {
    expect(
      lines({
        levels: [
          { level: "C4-C5", side: "bilateral" },
          { level: "C5-C6", side: "left" },
        ],
      }),
    ).toEqual(["64490-50", "64491-LT"]);
  });
  it("adds KX on Medicare diagnostic blocks only", () => {
    expect(
      lines({ purpose: "diagnostic", levels: [{ level: "L4-L5", side: "bilateral" }] }),
    ).toEqual(["64493-50-KX"]);
    expect(
      lines({ purpose: "diagnostic", levels: [{ level: "L4-L5", side: "bilateral" }] }, "aetna"),
    ).toEqual(["64493-50"]);
  });
  it("codes RF ablation per joint with add-on units", () => {
    expect(
      lines({
        procedure: "radiofrequency-ablation",
        levels: ["L3-L4", "L4-L5", "L5-S1"].map((level) => ({ level, side: "bilateral" as const })),
      }),
    ).toEqual(["64635-50", "64636-50 x2"]);
  });
  it("codes transforaminal epidurals per level and paravertebral blocks per site", () => {
    expect(
      lines({
        procedure: "transforaminal-epidural",
        levels: [
          { level: "L4-L5", side: "left" },
          { level: "L5-S1", side: "left" },
        ],
      }),
    ).toEqual(["64483-LT", "64484-LT"]);
    expect(
      lines({
        procedure: "paravertebral-block",
        injectionSites: 3,
        levels: [{ level: "T4-T5", side: "right" }],
      }),
    ).toEqual(["64461-RT", "64462-RT"]);
    expect(
      lines({
        procedure: "paravertebral-block",
        continuousInfusion: true,
        levels: [{ level: "T5-T6", side: "left" }],
      }),
    ).toEqual(["64463-LT"]);
  });
  it("uses the Category III codes for ultrasound guidance, with a warning", () => {
    const coded = codeProcedure(
      { guidance: "ultrasound", levels: [{ level: "L4-L5", side: "right" }] },
      { payer: "medicare" },
    );
    expect(coded.lines.map((l) => l.code)).toEqual(["0216T"]);
    expect(coded.warnings[0]).toMatch(/0213T/);
  });
  it("refuses to code without levels", () => {
    expect(() => codeProcedure({ procedure: "facet-injection" }, { payer: "medicare" })).toThrow(
      /which levels/,
    );
  });
});
