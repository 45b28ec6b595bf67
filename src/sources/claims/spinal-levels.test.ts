import { describe, expect, it } from "vitest";
import {
  areContiguous,
  codingRegionOf,
  parseSpinalLevel,
  spinalRegionOf,
  type SpinalLevel,
} from "./spinal-levels.js";

const level = (text: string): SpinalLevel => parseSpinalLevel(text) as SpinalLevel;

describe("parseSpinalLevel(text)", () => {
  it("accepts the usual spellings and canonicalises them", () => {
    expect(["C4-C5", "c4-5", "C4/C5", "C4 – C5"].map((t) => level(t).name)).toEqual([
      "C4-C5",
      "C4-C5",
      "C4-C5",
      "C4-C5",
    ]);
    expect(level("C7-T1").name).toBe("C7-T1");
    expect(level("T12-L1").name).toBe("T12-L1");
    expect(level("L5-S1").name).toBe("L5-S1");
  });
  it("rejects non-adjacent vertebrae, C1-C2 and made-up vertebrae", () => {
    expect(parseSpinalLevel("C4-C6")).toMatch(/not two adjacent/);
    expect(parseSpinalLevel("C1-C2")).toMatch(/above C2-C3/);
    expect(parseSpinalLevel("L6-S1")).toMatch(/does not exist/);
    expect(parseSpinalLevel("knee")).toMatch(/not a spinal level/);
  });
});

describe("codingRegionOf / spinalRegionOf", () => {
  it("codes T12-L1 with the cervical/thoracic family and L1-L2 with the lumbar one", () => {
    expect(codingRegionOf(level("T12-L1"))).toBe("cervical-thoracic");
    expect(codingRegionOf(level("L1-L2"))).toBe("lumbar-sacral");
    expect([
      spinalRegionOf(level("C7-T1")),
      spinalRegionOf(level("T12-L1")),
      spinalRegionOf(level("L5-S1")),
    ]).toEqual(["cervical", "thoracic", "lumbar"]);
  });
  it("tells contiguous runs from gaps", () => {
    expect(areContiguous([level("C5-C6"), level("C4-C5")])).toBe(true);
    expect(areContiguous([level("C3-C4"), level("C5-C6")])).toBe(false);
  });
});
