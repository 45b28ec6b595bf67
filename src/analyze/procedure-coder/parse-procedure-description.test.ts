import { describe, expect, it } from "vitest";
import { parseProcedureDescription } from "./parse-procedure-description.js";
import { codeProcedure } from "./code-procedure.js";

describe("parseProcedureDescription(text)", () => {
  it("reads the issue's example into two bilateral cervical levels under fluoroscopy", () => {
    const facts = parseProcedureDescription(
      "bilateral C4-C5 and C5-C6 medial branch blocks under fluoroscopy",
    );
    expect(facts).toMatchObject({
      procedure: "facet-injection",
      technique: "medial-branch",
      guidance: "fluoroscopy",
      levels: [
        { level: "C4-C5", side: "bilateral" },
        { level: "C5-C6", side: "bilateral" },
      ],
    });
    expect(
      codeProcedure(facts, { payer: "medicare", bilateralFormat: "modifier-50" }).lines.map((l) =>
        [l.code, ...l.modifiers].join("-"),
      ),
    ).toEqual(["64490-50", "64491-50"]);
  });
  it("turns medial branch nerves into the joints they supply (two nerves per joint)", () => {
    expect(parseProcedureDescription("right L3, L4 and L5 medial branch blocks").levels).toEqual([
      { level: "L4-L5", side: "right" },
      { level: "L5-S1", side: "right" },
    ]);
    expect(parseProcedureDescription("left C4 and C5 medial branch nerves").levels).toEqual([
      { level: "C4-C5", side: "left" },
    ]);
  });
  it("expands a range to its joints and applies trailing side words", () => {
    expect(parseProcedureDescription("C4-C6 facet joint injections, left").levels).toEqual([
      { level: "C4-C5", side: "left" },
      { level: "C5-C6", side: "left" },
    ]);
    expect(
      parseProcedureDescription("left C4-C5 and right C5-C6 intra-articular injections").levels,
    ).toEqual([
      { level: "C4-C5", side: "left" },
      { level: "C5-C6", side: "right" },
    ]);
  });
  it("recognises RF ablation, transforaminal epidurals and paravertebral blocks", () => {
    expect(
      parseProcedureDescription("bilateral L4-L5 L5-S1 cooled radiofrequency ablation"),
    ).toMatchObject({ procedure: "radiofrequency-ablation", ablationTechnique: "cooled" });
    expect(
      parseProcedureDescription("left L5-S1 transforaminal epidural steroid injection").procedure,
    ).toBe("transforaminal-epidural");
    expect(
      parseProcedureDescription("right T4-T5 paravertebral block, two injection sites"),
    ).toMatchObject({ procedure: "paravertebral-block", injectionSites: 2 });
  });
  it("asks for a side or a level when missing", () => {
    expect(() => parseProcedureDescription("C4-C5 medial branch block")).toThrow(/which side/);
    expect(() => parseProcedureDescription("bilateral medial branch block")).toThrow(
      /no spinal level/,
    );
  });
});
