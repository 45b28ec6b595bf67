import { describe, expect, it } from "vitest";
import { syntheticClaims } from "./synthetic-claims.js";

describe("syntheticClaims(count, seed)", () => {
  it("is deterministic per seed and labelled synthetic", () => {
    const a = syntheticClaims(200, 1);
    expect(syntheticClaims(200, 1)).toEqual(a);
    expect(syntheticClaims(200, 2)).not.toEqual(a);
    expect(a.every((c) => c.id.startsWith("SYNTH-") && c.lines.length > 0)).toBe(true);
  });
});
