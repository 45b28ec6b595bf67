import { beforeAll, describe, expect, it } from "vitest";
import { loadBundledReferenceData } from "../reference/load-reference-data.js";
import type { ReferenceData } from "../reference/reference-types.js";
import { searchCodes } from "./search-codes.js";

let ref: ReferenceData;
beforeAll(async () => {
  ref = await loadBundledReferenceData();
});
const first = (q: string): string | undefined => searchCodes(ref, q)[0]?.code;

describe("searchCodes", () => {
  it("understands coders' words and synonyms", () => {
    expect(first("cervical medial branch block second level")).toBe("64491");
    expect(first("MBB lumbar")).toBe("64493");
    expect(first("lumbar facet second level")).toBe("64494");
    expect(first("RFA cervical")).toBe("64633");
    expect(first("radiofrequency ablation lumbar additional joint")).toBe("64636");
    expect(first("thoracic paravertebral block catheter")).toBe("64463");
    expect(first("TFESI lumbar")).toBe("64483");
    expect(first("CT guidance")).toBe("77012");
    expect(first("ultrasound")).toBe("76942");
    expect(first("third level cervical facet")).toBe("64492");
  });

  it("finds codes by number and by diagnosis code or title word", () => {
    expect(first("64495")).toBe("64495");
    expect(first("99213")).toBe("99213");
    const byDiagnosis = searchCodes(ref, "M47.812").map((h) => h.code);
    expect(byDiagnosis).toEqual(expect.arrayContaining(["64490", "64491", "64633"]));
    expect(byDiagnosis).not.toContain("64493");
    expect(searchCodes(ref, "spondylosis").length).toBeGreaterThan(0);
    expect(first("radiculopathy lumbar")).toMatch(/^6448[34]$/);
  });

  it("returns nothing for nonsense and honours the limit", () => {
    expect(searchCodes(ref, "xyzzy")).toEqual([]);
    expect(searchCodes(ref, "facet", 3)).toHaveLength(3);
  });
});
